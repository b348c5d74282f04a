package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeterminismTest {
    /** Jitter, random and burst loss and cross traffic: every random draw the simulator has. */
    private static SimulationConfig noisy(final long seed) {
        return SimulationConfig.builder()
            .durationMs(20_000)
            .seed(seed)
            .addSession(SessionConfig.builder(1)
                .link(LinkConfig.builder(CapacitySchedule.parse("2mbps@0s,1mbps@10s")).propagationDelayMs(40)
                    .jitterMaxMs(10).lossProbability(0.01).burstLoss(BurstLoss.gilbert(0.002, 0.3)).build())
                .addStream(StreamConfig.audio(10))
                .addStream(StreamConfig.video(11))
                .crossTraffic(CrossTrafficConfig.tcp().activeBetweenMs(5_000, 15_000))
                .build())
            .addSession(SessionConfig.builder(2)
                .link(LinkConfig.builder(CapacitySchedule.constant(800_000)).propagationDelayMs(20).jitterMaxMs(5)
                    .build())
                .addStream(StreamConfig.video(20))
                .build())
            .build();
    }

    @Test
    void sameSeedSameResultToTheLastPacket() {
        final SimulationResult a = Simulation.run(noisy(7));
        final SimulationResult b = Simulation.run(noisy(7));

        assertThat(a.eventsExecuted()).isEqualTo(b.eventsExecuted());
        for (int i = 0; i < a.sessions().size(); i++) {
            final SessionResult sa = a.sessions().get(i);
            final SessionResult sb = b.sessions().get(i);
            assertThat(sa.packets()).isNotEmpty().isEqualTo(sb.packets());
            assertThat(sa.rembs()).isNotEmpty().isEqualTo(sb.rembs());
            assertThat(sa.samples()).isEqualTo(sb.samples());
            assertThat(sa.metrics()).isEqualTo(sb.metrics());
            assertThat(sa.crossSegmentsSent()).isEqualTo(sb.crossSegmentsSent());
        }
        assertThat(a.session(1).metrics().mediaPacketsLost()).as("the loss models were exercised").isPositive();
    }

    @Test
    void anotherSeedAnotherRun() {
        final SimulationResult a = Simulation.run(noisy(7));
        final SimulationResult b = Simulation.run(noisy(8));

        assertThat(a.session(1).packets()).isNotEqualTo(b.session(1).packets());
        assertThat(a.session(1).rembs()).isNotEqualTo(b.session(1).rembs());
    }

    @Test
    void aScenarioRunTwiceIsTheSame() {
        final SimulationResult a = Scenarios.byName("demo").run();
        final SimulationResult b = Scenarios.byName("demo").run();

        for (int i = 0; i < a.sessions().size(); i++) {
            assertThat(a.sessions().get(i).rembs()).isEqualTo(b.sessions().get(i).rembs());
            assertThat(a.sessions().get(i).samples()).isEqualTo(b.sessions().get(i).samples());
        }
    }
}
