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
}
