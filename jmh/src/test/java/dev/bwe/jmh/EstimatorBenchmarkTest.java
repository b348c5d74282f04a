package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.DelayFilterKind;
import dev.bwe.estimator.EstimatorProfile;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The estimator benchmark's expected result, checked directly so that a failure names its numbers. */
class EstimatorBenchmarkTest {
    static Stream<Arguments> filtersAndProfiles() {
        return Arrays.stream(DelayFilterKind.values())
            .flatMap(f -> Arrays.stream(EstimatorProfile.values()).map(p -> Arguments.of(f, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("filtersAndProfiles")
    void oneLapOfTheTraceDetectsEveryDipAndSendsRembsEverySecond(final DelayFilterKind kind,
                                                                 final EstimatorProfile profile) {
        final EstimatorBenchmark.LapOutcome lap = EstimatorBenchmark.replayLap(StreamMixTrace.standard(), kind,
            profile);

        assertThat(lap.check()).isSameAs(lap);
        assertThat(lap.refusedPackets()).isZero();
        assertThat(lap.overuseOnsets()).isGreaterThanOrEqualTo(StreamMixTrace.DIPS_PER_LAP);
        assertThat(lap.rembsAnnouncingDrop()).isGreaterThanOrEqualTo(StreamMixTrace.DIPS_PER_LAP);
        assertThat(lap.finalEstimateBps()).isBetween(EstimatorBenchmark.MIN_SETTLED_ESTIMATE_BPS,
            EstimatorBenchmark.MAX_SETTLED_ESTIMATE_BPS);
    }
}
