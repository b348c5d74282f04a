package dev.bwe.tools.sim;

import java.util.SplittableRandom;

/**
 * A synthetic cellular-like capacity, drawn from a seed: a multiplicative random walk around a mean,
 * interrupted by deep fades.
 *
 * <ul>
 *   <li>Every {@value #STEP_MS} ms the log of the capacity moves by a Gaussian step and is pulled back
 *       towards the log of {@value #MEAN_BPS} bps (an Ornstein-Uhlenbeck walk in log space, so the link
 *       wanders by tens of percent a second but never drifts away for good), clamped to
 *       [{@value #MIN_BPS}, {@value #MAX_BPS}] bps.</li>
 *   <li>A fade (a tunnel, a handover) starts {@value #FADE_GAP_MIN_MS}–{@value #FADE_GAP_MAX_MS} ms after
 *       the previous one ended (or after the start), lasts {@value #FADE_MIN_MS}–{@value #FADE_MAX_MS} ms,
 *       and holds the capacity at {@value #FADE_FLOOR_BPS}–{@value #FADE_MAX_BPS} bps.</li>
 * </ul>
 *
 * <p>Gaussian draws use Box-Muller over {@link SplittableRandom#nextDouble()}, whose sequence is specified,
 * so a seed gives the same link on every JDK.
 */
public final class CellularCapacity {
    public static final long STEP_MS = 250;
    public static final long MEAN_BPS = 1_500_000;
    public static final long MIN_BPS = 300_000;
    public static final long MAX_BPS = 4_000_000;
    /** Standard deviation of one step of the log-capacity. */
    static final double STEP_SIGMA = 0.12;
    /** Fraction of the distance to the mean (in log space) the walk closes per step. */
    static final double MEAN_REVERSION = 0.05;
    public static final long FADE_GAP_MIN_MS = 10_000;
    public static final long FADE_GAP_MAX_MS = 30_000;
    public static final long FADE_MIN_MS = 500;
    public static final long FADE_MAX_MS = 3_000;
    public static final long FADE_FLOOR_BPS = 20_000;
    public static final long FADE_MAX_BPS = 100_000;

    private CellularCapacity() {
    }

    /** The capacity over {@code durationMs} for {@code seed} (a trace: see {@link CapacitySchedule#isTrace()}). */
    public static CapacitySchedule generate(final long seed, final long durationMs) {
        final SplittableRandom root = new SplittableRandom(seed);
        final SplittableRandom walkRandom = root.split();
        final SplittableRandom fadeRandom = root.split();
        final int steps = (int) SimTime.ceilDiv(durationMs, STEP_MS);
        final long[] walkBps = new long[steps];
        final double meanLog = StrictMath.log(MEAN_BPS);
        double log = meanLog;
        for (int i = 0; i < steps; i++) {
            walkBps[i] = Math.max(MIN_BPS, Math.min(MAX_BPS, Math.round(StrictMath.exp(log))));
            log += MEAN_REVERSION * (meanLog - log) + STEP_SIGMA * gaussian(walkRandom);
            log = Math.max(StrictMath.log(MIN_BPS), Math.min(StrictMath.log(MAX_BPS), log));
        }
        // Fades as [start, end) intervals in ms, each with its capacity.
        final java.util.List<long[]> fades = new java.util.ArrayList<>();
        long previousEndMs = 0;
        while (true) {
            final long startMs = previousEndMs + between(fadeRandom, FADE_GAP_MIN_MS, FADE_GAP_MAX_MS);
            if (startMs >= durationMs) {
                break;
            }
            final long endMs = startMs + between(fadeRandom, FADE_MIN_MS, FADE_MAX_MS);
            fades.add(new long[] {startMs, endMs, between(fadeRandom, FADE_FLOOR_BPS, FADE_MAX_BPS)});
            previousEndMs = endMs;
        }
        final CapacitySchedule.Builder schedule = CapacitySchedule.builder().trace();
        long lastBps = -1;
        int fade = 0;
        // Walk the union of the step grid and the fade edges in time order.
        long timeMs = 0;
        while (timeMs < durationMs) {
            while (fade < fades.size() && fades.get(fade)[1] <= timeMs) {
                fade++;
            }
            final boolean inFade = fade < fades.size() && fades.get(fade)[0] <= timeMs;
            final long bps = inFade ? fades.get(fade)[2] : walkBps[(int) (timeMs / STEP_MS)];
            if (bps != lastBps) {
                schedule.atNs(SimTime.msToNs(timeMs), bps);
                lastBps = bps;
            }
            long nextMs = (timeMs / STEP_MS + 1) * STEP_MS;
            if (fade < fades.size()) {
                final long edgeMs = inFade ? fades.get(fade)[1] : fades.get(fade)[0];
                nextMs = Math.min(nextMs, edgeMs);
            }
            timeMs = nextMs;
        }
        return schedule.build();
    }

    /** Uniform in [min, max]. */
    private static long between(final SplittableRandom random, final long min, final long max) {
        return min + random.nextLong(max - min + 1);
    }

    /** A standard normal draw (Box-Muller). */
    private static double gaussian(final SplittableRandom random) {
        final double u1 = 1.0 - random.nextDouble();  // (0, 1]: log(u1) is finite
        final double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
