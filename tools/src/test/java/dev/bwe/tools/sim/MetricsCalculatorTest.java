package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCalculatorTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static RembRecord remb(final long timeMs, final long bps) {
        return new RembRecord(timeMs * MS, bps, new int[] {1});
    }

    @Test
    void decreaseResponseIsTheTimeUntilTheEstimateIsAtMostTheNewCapacity() {
        final List<RembRecord> rembs = List.of(remb(9_000, 2_000_000), remb(10_500, 1_500_000),
            remb(11_200, 1_000_000), remb(12_000, 900_000));

        assertThat(MetricsCalculator.responseTimeNs(rembs, 10 * S, 20 * S, true, 1_000_000)).isEqualTo(1_200 * MS);
        assertThat(MetricsCalculator.responseTimeNs(rembs, 10 * S, 20 * S, true, 2_000_000))
            .as("already below at the change").isZero();
        assertThat(MetricsCalculator.responseTimeNs(rembs, 10 * S, 20 * S, true, 800_000))
            .isEqualTo(CapacityResponse.NOT_REACHED);
        assertThat(MetricsCalculator.responseTimeNs(rembs, 10 * S, 11 * S, true, 1_000_000))
            .as("the next change came first").isEqualTo(CapacityResponse.NOT_REACHED);
    }

    @Test
    void increaseResponseIsTheTimeUntilTheEstimateReachesTheThreshold() {
        final List<RembRecord> rembs = List.of(remb(1_000, 500_000), remb(3_000, 700_000), remb(4_000, 800_000),
            remb(5_000, 1_000_000));

        assertThat(MetricsCalculator.responseTimeNs(rembs, 2 * S, 10 * S, false, 800_000)).isEqualTo(2 * S);
        assertThat(MetricsCalculator.responseTimeNs(rembs, 0, 10 * S, false, 400_000))
            .as("no estimate before the first REMB: the first one counts").isEqualTo(1 * S);
        assertThat(MetricsCalculator.responseTimeNs(List.of(), 0, 10 * S, false, 1))
            .isEqualTo(CapacityResponse.NOT_REACHED);
    }

    @Test
    void computesOneResponsePerCapacityChangeInsideTheRun() {
        final CapacitySchedule capacity = CapacitySchedule.parse("1mbps@0s,2mbps@10s,500kbps@20s,1mbps@40s");
        final List<RembRecord> rembs = List.of(remb(5_000, 900_000), remb(15_000, 1_700_000), remb(22_000, 450_000));

        final SessionMetrics m = MetricsCalculator.compute(capacity, 30 * S, 1e6, 0, new long[] {3, 1, 2},
            10, 1, rembs);

        assertThat(m.increases()).containsExactly(new CapacityResponse(10 * S, 1_000_000, 2_000_000, 5 * S));
        assertThat(m.decreases()).containsExactly(new CapacityResponse(20 * S, 2_000_000, 500_000, 2 * S));
        assertThat(m.increases().get(0).thresholdBps()).isEqualTo(1_600_000);
        // 1 Mbps × 10 s + 2 Mbps × 10 s + 0.5 Mbps × 10 s = 35 Mbit.
        assertThat(m.utilisation()).isEqualTo(1e6 / 35e6);
        assertThat(m.mediaLossRate()).isEqualTo(0.1);
        assertThat(m.rembCount()).isEqualTo(3);
    }

    @Test
    void percentilesAreNearestRank() {
        final long[] sorted = {1 * MS, 2 * MS, 3 * MS, 4 * MS, 5 * MS, 6 * MS, 7 * MS, 8 * MS, 9 * MS, 10 * MS};

        assertThat(MetricsCalculator.percentileMs(sorted, 50)).isEqualTo(5.0);
        assertThat(MetricsCalculator.percentileMs(sorted, 95)).isEqualTo(10.0);
        assertThat(MetricsCalculator.percentileMs(sorted, 90)).isEqualTo(9.0);
        assertThat(MetricsCalculator.percentileMs(new long[0], 50)).isZero();
    }
}
