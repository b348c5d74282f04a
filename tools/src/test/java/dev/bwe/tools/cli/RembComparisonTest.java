package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RembComparisonTest {
    private static final long S = 1_000_000_000L;

    @Test
    void identicalSeriesNeverDiffer() {
        final long[] t = {1 * S, 2 * S, 3 * S};
        final long[] bps = {300_000, 400_000, 500_000};
        final RembComparison.SessionDiff d = RembComparison.compare(1, t, bps, t.clone(), bps.clone());
        assertThat(d.firstDifferenceNs()).isEqualTo(-1);
        assertThat(d.differing()).isZero();
        assertThat(d.meanAbsDifferenceBps()).isZero();
        assertThat(d.journaled()).isEqualTo(3);
    }

    @Test
    void theFirstDifferenceAndTheTimeWeightedMeansFollowTheStepFunctions() {
        // Journaled: 300 k from 1 s, 600 k from 3 s, until 5 s. What-if: 300 k from 1 s, 900 k from 2 s, 600 k at 5 s.
        final RembComparison.SessionDiff d = RembComparison.compare(7,
            new long[] {1 * S, 3 * S, 5 * S}, new long[] {300_000, 600_000, 600_000},
            new long[] {1 * S, 2 * S, 5 * S}, new long[] {300_000, 900_000, 600_000});
        assertThat(d.firstDifferenceNs()).isEqualTo(2 * S);
        assertThat(d.differing()).as("the 2 s REMB only").isEqualTo(1);
        // Over [1 s, 5 s]: 0 for 1 s, +600 k for 1 s, +300 k for 2 s → mean +300 k, |mean| the same.
        assertThat(d.meanDifferenceBps()).isEqualTo(300_000.0);
        assertThat(d.meanAbsDifferenceBps()).isEqualTo(300_000.0);
    }

    @Test
    void aSideWithoutAnEstimateYetCountsAsZero() {
        final RembComparison.SessionDiff d = RembComparison.compare(1, new long[] {5 * S}, new long[] {500_000},
            new long[] {1 * S, 5 * S}, new long[] {200_000, 500_000});
        assertThat(d.firstDifferenceNs()).isEqualTo(1 * S);
        assertThat(d.meanDifferenceBps()).isEqualTo(200_000.0);
        assertThat(d.differing()).isEqualTo(1);
    }
}
