package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import org.junit.jupiter.api.Test;

/** The simulator through the real pipeline: the same REMBs as the estimator-only receiver would decide. */
class PipelineReceiverTest {
    @Test
    void capacityDropScenarioRunsThroughTheRealPipeline() {
        final PipelineReceiver.Factory factory = PipelineReceiver.factory(BwePipeline::builder);
        final SimulationConfig config = Scenarios.byName("capacity-drop").config().toBuilder()
            .receiver(factory).build();
        final SimulationResult result = Simulation.run(config);
        try (PipelineReceiver receiver = factory.lastCreated()) {
            assertThat(receiver.pipeline().counters().packetsDropped().get()).isZero();
            assertThat(receiver.pipeline().counters().packetsAccepted().get()).isPositive();
            assertThat(receiver.pipeline().counters().rejectedTotal()).isZero();
        }
        final SessionResult session = result.sessions().get(0);
        assertThat(session.rembs()).isNotEmpty();
        assertThat(session.metrics().decreases()).isNotEmpty();
        assertThat(session.metrics().decreases().get(0).reached()).isTrue();
        assertThat(session.metrics().decreases().get(0).responseTimeNs()).isBetween(0L, 5_000_000_000L);
    }

    /** Stages on the simulator's thread (fast) or on their own threads (as in a relay): the same run. */
    @Test
    void stagesOnTheCallerThreadDecideExactlyWhatStageThreadsDecide() {
        final SimulationConfig base = Scenarios.byName("demo").config().toBuilder().durationMs(12_000).build();
        final PipelineReceiver.Factory threaded = PipelineReceiver.factory(BwePipeline::builder);
        final PipelineReceiver.Factory inline = PipelineReceiver.factory(
            () -> BwePipeline.builder().stagesOnCallerThread(true));
        final SimulationResult a = Simulation.run(base.toBuilder().receiver(threaded).build());
        final SimulationResult b = Simulation.run(base.toBuilder().receiver(inline).build());
        threaded.lastCreated().close();
        try (PipelineReceiver receiver = inline.lastCreated()) {
            assertThat(receiver.pipeline().threads()).as("no stage thread").isEmpty();
            assertThat(receiver.pipeline().counters().stageErrors().get()).isZero();
        }
        for (int s = 0; s < a.sessions().size(); s++) {
            final java.util.List<RembRecord> x = a.sessions().get(s).rembs();
            final java.util.List<RembRecord> y = b.sessions().get(s).rembs();
            assertThat(y).hasSameSizeAs(x).isNotEmpty();
            for (int i = 0; i < x.size(); i++) {
                assertThat(y.get(i).timeNs()).isEqualTo(x.get(i).timeNs());
                assertThat(y.get(i).bitrateBps()).isEqualTo(x.get(i).bitrateBps());
            }
            assertThat(b.sessions().get(s).metrics()).isEqualTo(a.sessions().get(s).metrics());
        }
    }
}
