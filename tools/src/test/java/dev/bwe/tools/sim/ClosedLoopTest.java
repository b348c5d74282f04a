package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulator closed around the real estimator ({@link EstimatorReceiver}), on the named scenarios. */
class ClosedLoopTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static LongSummaryStatistics rembsBetween(final SessionResult session, final long fromNs, final long toNs) {
        return session.rembs().stream().filter(r -> r.timeNs() >= fromNs && r.timeNs() < toNs)
            .mapToLong(RembRecord::bitrateBps).summaryStatistics();
    }

    @Test
    void steadyOneMegabitSettlesNearCapacityWithAShortQueue() {
        final SessionResult session = Scenarios.byName("steady-1mbps").run().session(1);
        final SessionMetrics m = session.metrics();

        // Second half: the AIMD sawtooth around capacity (observed 813..1074 kbps, mean 927 kbps).
        final LongSummaryStatistics late = rembsBetween(session, 30 * S, 60 * S);
        assertThat(late.getCount()).isGreaterThan(100);
        assertThat(late.getMin()).isGreaterThanOrEqualTo(700_000);
        assertThat(late.getMax()).isLessThanOrEqualTo(1_100_000);
        assertThat(late.getAverage()).isBetween(850_000.0, 1_000_000.0);
        // Mostly an empty queue (observed p50 6 ms); the overshoot before each back-off fills it, but never
        // past the 300 ms drop-tail limit (observed p95 258 ms).
        assertThat(m.queueDelayP50Ms()).isLessThan(20);
        assertThat(m.queueDelayP95Ms()).isLessThan(290);
        assertThat(m.utilisation()).isGreaterThan(0.75);
        assertThat(m.mediaLossRate()).isLessThan(0.02);
    }

    @Test
    void capacityDropBringsTheEstimateUnderTheNewCapacityWithinSeconds() {
        final SessionResult session = Scenarios.byName("capacity-drop").run().session(1);

        assertThat(session.metrics().increases()).isEmpty();
        final CapacityResponse drop = session.metrics().decreases().get(0);
        assertThat(drop.changeTimeNs()).isEqualTo(30 * S);
        assertThat(drop.toBps()).isEqualTo(1_000_000);
        assertThat(rembsBetween(session, 29 * S, 30 * S).getMax()).as("above the new capacity before the drop")
            .isGreaterThan(1_500_000);
        assertThat(drop.reached()).isTrue();
        assertThat(drop.responseTimeNs()).isPositive().isLessThan(3 * S);  // observed 0.89 s
        assertThat(rembsBetween(session, 35 * S, 60 * S).getMax()).isLessThanOrEqualTo(1_100_000);
    }

    @Test
    void rfc8867VariableCapacityRunsAndMeasuresEveryChange() {
        final SessionResult session = Scenarios.byName("rfc8867-variable").run().session(1);
        final SessionMetrics m = session.metrics();

        assertThat(session.samples()).hasSize(1000);
        assertThat(m.increases()).extracting(CapacityResponse::changeTimeNs).containsExactly(40 * S, 80 * S);
        assertThat(m.decreases()).extracting(CapacityResponse::changeTimeNs).containsExactly(60 * S);
        // Observed: 2.5 -> 0.6 Mbps answered in 0.97 s; 80 % of 2.5 Mbps reached 11.4 s after the rise
        // (multiplicative increase, 8 %/s); 80 % of 1 Mbps 14.7 s after the rise at 80 s.
        assertThat(m.decreases().get(0).reached()).isTrue();
        assertThat(m.decreases().get(0).responseTimeNs()).isLessThan(3 * S);
        assertThat(m.increases().get(0).reached()).isTrue();
        assertThat(m.utilisation()).isBetween(0.6, 1.0);       // observed 73.8 %
        assertThat(m.queueDelayP50Ms()).isLessThan(20);       // observed 4.5 ms
        assertThat(m.queueDelayP95Ms()).isLessThan(290);      // observed 104 ms
    }

    @Test
    void tcpCompetitionFillsTheLinkAndTheVideoKeepsFlowing() {
        final SimulationResult result = Scenarios.byName("tcp-competition").run();
        final SessionResult session = result.session(1);
        final SessionMetrics m = session.metrics();

        assertThat(m.linkUtilisation()).isGreaterThan(0.95);
        assertThat(session.crossSegmentsLost()).isPositive();
        assertThat(session.crossSegmentsSent()).isGreaterThan(15_000);
        assertThat(session.packets()).allMatch(p -> p.sendTimeNs() >= 5 * S);
        // The media flow never stops: REMBs and delivered packets all along (it is squeezed hard, see report).
        assertThat(rembsBetween(session, 100 * S, 120 * S).getCount()).isGreaterThan(15);
        assertThat(session.packets().stream().filter(p -> !p.dropped() && p.arrivalTimeNs() > 110 * S).count())
            .isPositive();
        assertThat(session.samples().get(session.samples().size() - 1).crossRateBps()).isGreaterThan(1_000_000);
    }

    @Test
    void demoSessionsAreEstimatedApartAndASilentStreamLeavesTheRemb() {
        final SimulationResult result = Scenarios.byName("demo").run();

        assertThat(result.sessions()).hasSize(3);
        for (final SessionResult session : result.sessions()) {
            assertThat(session.rembs()).as("session %d", session.sessionId()).hasSizeGreaterThan(100);
            final long capacityBps = session.config().link().capacity().capacityBpsAt(40 * S);
            assertThat(rembsBetween(session, 30 * S, 40 * S).getMax()).isLessThanOrEqualTo(capacityBps * 11 / 10);
        }
        assertThat(result.session(2).metrics().decreases().get(0).responseTimeNs()).isBetween(1L, 3 * S);

        // 0x3002 stops at 20 s; the estimator forgets it after 2 s of silence.
        final List<RembRecord> rembs = result.session(3).rembs();
        assertThat(rembs.stream().filter(r -> r.timeNs() < Scenarios.DEMO_SILENT_AT_MS * MS))
            .allMatch(r -> r.ssrcCount() == 3);
        final List<RembRecord> afterTimeout = rembs.stream()
            .filter(r -> r.timeNs() > (Scenarios.DEMO_SILENT_AT_MS + 2_100) * MS).collect(Collectors.toList());
        assertThat(afterTimeout).isNotEmpty().allMatch(r -> r.ssrcCount() == 2);
        assertThat(afterTimeout.get(0).ssrcs()).containsExactly(0x3000, 0x3001);
    }
}
