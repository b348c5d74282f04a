package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellularCapacityTest {
    private static final long MS = 1_000_000L;
    private static final long DURATION_MS = 120_000;

    @Test
    void aSeedGivesTheSameLinkEveryTimeAndSeedsDiffer() {
        assertThat(CellularCapacity.generate(3, DURATION_MS)).isEqualTo(CellularCapacity.generate(3, DURATION_MS));
        assertThat(CellularCapacity.generate(3, DURATION_MS)).isNotEqualTo(CellularCapacity.generate(4, DURATION_MS));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void walksWithinBoundsAroundTheMeanWithFadesEveryTenToThirtySeconds(final long seed) {
        final CapacitySchedule c = CellularCapacity.generate(seed, DURATION_MS);
        assertThat(c.isTrace()).isTrue();
        final List<long[]> fades = new ArrayList<>();  // [start ms, end ms]
        double logSum = 0;
        int walkSteps = 0;
        for (long t = 0; t < DURATION_MS; t++) {
            final long bps = c.capacityBpsAt(t * MS);
            final boolean fade = bps <= CellularCapacity.FADE_MAX_BPS;
            if (fade) {
                assertThat(bps).isGreaterThanOrEqualTo(CellularCapacity.FADE_FLOOR_BPS);
                if (fades.isEmpty() || fades.get(fades.size() - 1)[1] != t) {
                    fades.add(new long[] {t, t + 1});
                } else {
                    fades.get(fades.size() - 1)[1] = t + 1;
                }
            } else {
                assertThat(bps).isBetween(CellularCapacity.MIN_BPS, CellularCapacity.MAX_BPS);
                if (t % CellularCapacity.STEP_MS == 0) {
                    logSum += Math.log(bps);
                    walkSteps++;
                }
            }
        }
        // 120 s with a fade every 10-30 s (plus 0.5-3 s each): between 3 and 11 fades.
        assertThat(fades).hasSizeBetween(3, 11);
        long previousEnd = 0;
        for (final long[] f : fades) {
            if (f[1] < DURATION_MS) {  // the last one may be cut short by the end of the run
                assertThat(f[1] - f[0]).isBetween(CellularCapacity.FADE_MIN_MS, CellularCapacity.FADE_MAX_MS);
            }
            assertThat(f[0] - previousEnd).isBetween(CellularCapacity.FADE_GAP_MIN_MS, CellularCapacity.FADE_GAP_MAX_MS);
            previousEnd = f[1];
        }
        final double geometricMeanBps = Math.exp(logSum / walkSteps);
        assertThat(geometricMeanBps).isBetween(0.6e6, 3.0e6);
    }

    @Test
    void theWalkMovesEveryQuarterSecond() {
        final CapacitySchedule c = CellularCapacity.generate(1, 10_000);
        int changes = 0;
        for (long t = CellularCapacity.STEP_MS; t < 10_000; t += CellularCapacity.STEP_MS) {
            if (c.capacityBpsAt(t * MS) != c.capacityBpsAt((t - 1) * MS)) {
                changes++;
            }
        }
        assertThat(changes).isGreaterThan(30);
    }

    @Test
    void theCellularScenarioUsesTheSeedForItsLinkAndItsRun() {
        final Scenario cellular = Scenarios.byName("cellular");
        final SimulationConfig two = cellular.config(2);
        assertThat(two.seed()).isEqualTo(2);
        assertThat(two.durationNs()).isEqualTo(120_000 * MS);
        final LinkConfig link = two.sessions().get(0).link();
        assertThat(link.capacity()).isEqualTo(CellularCapacity.generate(2, DURATION_MS));
        assertThat(link.propagationDelayNs()).isEqualTo(50 * MS);
        assertThat(link.queueLimit()).isEqualTo(QueueLimit.millis(300));
        assertThat(cellular.config(1).sessions().get(0).link().capacity()).isNotEqualTo(link.capacity());
    }

    @Test
    void reactionsAreNotReportedForATrace() {
        final SimulationConfig config = Scenarios.byName("cellular").config(1).toBuilder().durationMs(3_000).build();
        final SessionMetrics m = Simulation.run(config).sessions().get(0).metrics();
        assertThat(m.decreases()).isEmpty();
        assertThat(m.increases()).isEmpty();
        assertThat(m.utilisation()).isPositive();
    }
}
