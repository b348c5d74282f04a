package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SharedLinkTest {
    private static final long S = 1_000_000_000L;

    private static SimulationConfig twoSessions(final boolean shared, final long secondJoinsMs) {
        final LinkConfig link = LinkConfig.builder(CapacitySchedule.constant(600_000)).propagationDelayMs(20).build();
        final SenderConfig sender = SenderConfig.builder().startBitrateBps(500_000).build();
        final SessionConfig.Builder one = SessionConfig.builder(1).link(link).sender(sender)
            .addStream(StreamConfig.video(0x1001));
        final SessionConfig.Builder two = SessionConfig.builder(2).link(link).sender(sender)
            .addStream(StreamConfig.video(0x2001).activeBetweenMs(secondJoinsMs, Long.MAX_VALUE));
        if (shared) {
            one.linkId(7);
            two.linkId(7);
        }
        return SimulationConfig.builder().durationMs(8_000).addSession(one.build()).addSession(two.build()).build();
    }

    @Test
    void sessionsOnOneLinkIdShareItsCapacityAndQueue() {
        final SimulationResult separate = Simulation.run(twoSessions(false, 0));
        final SimulationResult shared = Simulation.run(twoSessions(true, 0));
        final double capacityBits = 600_000 * 8.0;
        final double sharedBits = (shared.sessions().get(0).metrics().utilisation()
            + shared.sessions().get(1).metrics().utilisation()) * capacityBits;
        final double separateBits = (separate.sessions().get(0).metrics().utilisation()
            + separate.sessions().get(1).metrics().utilisation()) * capacityBits;
        // Two 500 kbps senders: apart, each link carries its own; together they cannot exceed one link.
        assertThat(sharedBits).isLessThanOrEqualTo(capacityBits * 1.001);
        assertThat(separateBits).isGreaterThan(capacityBits * 1.2);
        assertThat(shared.sessions().get(0).metrics().mediaPacketsLost()
            + shared.sessions().get(1).metrics().mediaPacketsLost()).as("the shared queue overflows").isPositive();

        assertThat(shared.links()).hasSize(1);
        final LinkResult link = shared.links().get(0);
        assertThat(link.linkId()).isEqualTo(7);
        assertThat(link.sessionIds()).containsExactly(1L, 2L);
        assertThat(link.jainFairness()).isBetween(0.5, 1.0);
        assertThat(link.mediaShare()).isEqualTo(1.0);
        assertThat(separate.links()).extracting(LinkResult::linkId).containsExactly(1L, 2L);
        assertThat(separate.links().get(0).jainFairness()).as("one flow: not applicable").isNull();
    }

    @Test
    void aLateJoinerCountsItsFirstEstimateFromItsFirstPacket() {
        final SimulationResult result = Simulation.run(twoSessions(true, 3_000));
        final SessionMetrics late = result.sessions().get(1).metrics();
        final SessionResult second = result.sessions().get(1);
        final long firstPacketNs = second.packets().get(0).sendTimeNs();
        assertThat(firstPacketNs).isGreaterThanOrEqualTo(3 * S);
        assertThat(second.rembs().get(0).timeNs()).isGreaterThan(firstPacketNs);
        assertThat(late.firstEstimateNs()).isEqualTo(second.rembs().get(0).timeNs() - firstPacketNs);
    }

    @Test
    void jainIsOneForEqualSharesAndOneOverNForATakeover() {
        assertThat(LinkResult.jain(new double[] {5, 5, 5})).isEqualTo(1.0);
        assertThat(LinkResult.jain(new double[] {9, 0, 0})).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(LinkResult.jain(new double[] {0, 0})).isNull();
    }
}
