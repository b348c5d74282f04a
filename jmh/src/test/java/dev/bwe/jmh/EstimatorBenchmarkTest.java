package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.DelayFilterKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The estimator benchmark's expected result, checked directly so that a failure names its numbers. */
class EstimatorBenchmarkTest {
    @ParameterizedTest
    @EnumSource(DelayFilterKind.class)
    void oneLapOfTheTraceDetectsEveryDipAndSendsRembsEverySecond(final DelayFilterKind kind) {
        final EstimatorBenchmark.LapOutcome lap = EstimatorBenchmark.replayLap(StreamMixTrace.standard(), kind);

        assertThat(lap.check()).isSameAs(lap);
        assertThat(lap.refusedPackets()).isZero();
        assertThat(lap.overuseOnsets()).isGreaterThanOrEqualTo(StreamMixTrace.DIPS_PER_LAP);
        assertThat(lap.rembsAnnouncingDrop()).isGreaterThanOrEqualTo(StreamMixTrace.DIPS_PER_LAP);
        assertThat(lap.finalEstimateBps()).isBetween(EstimatorBenchmark.MIN_SETTLED_ESTIMATE_BPS,
            EstimatorBenchmark.MAX_SETTLED_ESTIMATE_BPS);
    }
}
