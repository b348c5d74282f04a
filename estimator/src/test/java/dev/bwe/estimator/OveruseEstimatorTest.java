package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * Direct checks of the Kalman filter's state and bookkeeping (reference §1.3, §2.3), beyond what the
 * detector suite exercises end to end.
 */
class OveruseEstimatorTest {
    private static final double INITIAL_VAR_NOISE = 50.0;

    private final OveruseEstimator estimator = new OveruseEstimator();

    /** A delta whose arrival spacing equals its send spacing and whose groups are the same size: zero residual. */
    private void regularDelta(final int tsDeltaMs) {
        estimator.update(tsDeltaMs, tsDeltaMs, 0, BandwidthUsage.NORMAL, 0);
    }

    /** The factor a zero-residual update multiplies the noise variance by: β = (1 − α)^(period · 30 / 1000). */
    private static double beta(final double alpha, final double minFramePeriodMs) {
        return Math.pow(1 - alpha, minFramePeriodMs * 30.0 / 1000.0);
    }

    @Test
    void startsWithLibwebrtcsInitialState() {
        assertThat(estimator.offset()).isZero();
        assertThat(estimator.numOfDeltas()).isZero();
        assertThat(estimator.slope()).isEqualTo(8.0 / 512.0);
        assertThat(estimator.varNoise()).isEqualTo(INITIAL_VAR_NOISE);
    }

    /**
     * One update from the initial state with h = [0, 1] (equal group sizes), worked through by hand:
     * only the offset row of the filter moves.
     */
    @Test
    void firstUpdateIsOneKalmanStepOnTheOffset() {
        estimator.update(40, 33.0, 0, BandwidthUsage.NORMAL, 100);

        final double residualMs = 40 - 33.0;
        final double b = beta(0.01, 33.0);
        final double avgNoise = (1 - b) * residualMs;
        final double varNoise = b * INITIAL_VAR_NOISE + (1 - b) * (avgNoise - residualMs) * (avgNoise - residualMs);
        // E[1][1] = 0.1 plus the offset's process noise 1e-3; with h = [0, 1] the gain is E11 / (var + E11).
        final double e11 = 0.1 + 1e-3;
        final double gainOffset = e11 / (varNoise + e11);
        assertThat(estimator.numOfDeltas()).isEqualTo(1);
        assertThat(estimator.varNoise()).isCloseTo(varNoise, within(1e-12));
        assertThat(estimator.offset()).isCloseTo(gainOffset * residualMs, within(1e-12));
        assertThat(estimator.slope()).as("E[0][1] is 0, so the slope gain is 0").isEqualTo(8.0 / 512.0);
    }

    @Test
    void noiseVarianceDecaysToItsFloorOfOneAndStaysThere() {
        for (int i = 0; i < 2000; i++) {
            regularDelta(33);
            assertThat(estimator.varNoise()).isGreaterThanOrEqualTo(1.0);
        }
        assertThat(estimator.varNoise()).isEqualTo(1.0);
        assertThat(estimator.offset()).isZero();
    }

    @Test
    void deltaCountSaturatesAtOneThousand() {
        for (int i = 1; i <= 1500; i++) {
            regularDelta(33);
            assertThat(estimator.numOfDeltas()).isEqualTo(Math.min(i, 1000));
        }
    }

    /**
     * With zero residuals the variance only decays, by β per update, and β depends on the smallest send
     * delta among the current one and the 59 before it. One 10 ms delta followed by 100 ms deltas
     * therefore decays at the 10 ms rate for exactly 60 updates, then at the 100 ms rate.
     */
    @Test
    void minFramePeriodIsTakenOverTheLastSixtyDeltas() {
        regularDelta(10);
        double previousVar = estimator.varNoise();
        assertThat(previousVar).isCloseTo(INITIAL_VAR_NOISE * beta(0.01, 10), within(1e-12));
        for (int update = 2; update <= 70; update++) {
            regularDelta(100);
            final double expectedPeriodMs = update <= 60 ? 10 : 100;
            assertThat(estimator.varNoise()).as("update %d", update)
                .isCloseTo(previousVar * beta(0.01, expectedPeriodMs), withinPercentage(1e-10));
            previousVar = estimator.varNoise();
        }
    }

    /** The noise filter adapts fast (α = 0.01) for the first 300 deltas, then slowly (α = 0.002). */
    @Test
    void noiseFilterSlowsDownAfterThreeHundredDeltas() {
        double previousVar = estimator.varNoise();
        for (int update = 1; update <= 310; update++) {
            // 1 ms send deltas keep β close to 1, so the variance stays well above its floor.
            regularDelta(1);
            final double alpha = update > 300 ? 0.002 : 0.01;
            assertThat(estimator.varNoise()).as("update %d", update)
                .isCloseTo(previousVar * beta(alpha, 1), withinPercentage(1e-10));
            previousVar = estimator.varNoise();
        }
        assertThat(previousVar).isGreaterThan(1.0);
    }

    @Test
    void noiseIsLearnedOnlyWhileTheHypothesisIsNormal() {
        regularDelta(33);
        final double varBefore = estimator.varNoise();

        estimator.update(60, 33.0, 0, BandwidthUsage.OVERUSING, 0);
        assertThat(estimator.varNoise()).as("over-using").isEqualTo(varBefore);
        assertThat(estimator.offset()).as("the state still moves").isPositive();

        estimator.update(10, 33.0, 0, BandwidthUsage.UNDERUSING, 0);
        assertThat(estimator.varNoise()).as("under-using").isEqualTo(varBefore);
    }

    @Test
    void resetRestoresTheInitialStateAndTheSameTrajectory() {
        final OveruseEstimator fresh = new OveruseEstimator();
        for (int i = 0; i < 100; i++) {
            estimator.update(33 + i % 7, 33.0, 1200 * (i % 3 - 1), BandwidthUsage.NORMAL, 33L * i);
        }

        estimator.reset();

        assertThat(estimator.offset()).isZero();
        assertThat(estimator.numOfDeltas()).isZero();
        assertThat(estimator.slope()).isEqualTo(8.0 / 512.0);
        assertThat(estimator.varNoise()).isEqualTo(INITIAL_VAR_NOISE);
        // The min-frame-period history must be gone too: a 100 ms delta decays at the 100 ms rate.
        for (int i = 0; i < 70; i++) {
            estimator.update(100 + i % 5, 100.0, 100 * (i % 2), BandwidthUsage.NORMAL, 100L * i);
            fresh.update(100 + i % 5, 100.0, 100 * (i % 2), BandwidthUsage.NORMAL, 100L * i);
            assertThat(estimator.offset()).isEqualTo(fresh.offset());
            assertThat(estimator.slope()).isEqualTo(fresh.slope());
            assertThat(estimator.varNoise()).isEqualTo(fresh.varNoise());
        }
    }
}
