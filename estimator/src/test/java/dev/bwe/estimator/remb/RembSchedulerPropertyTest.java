package dev.bwe.estimator.remb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembTestSupport.ArraySsrcSet;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random checks of the scheduler against the rules stated in BigInteger arithmetic. */
class RembSchedulerPropertyTest {
    private static final BigInteger PERCENT = BigInteger.valueOf(100);
    private static final BigInteger THRESHOLD_PERCENT = BigInteger.valueOf(RembScheduler.SEND_THRESHOLD_PERCENT);

    private static boolean exceedsExactly(final long bitrateBps, final long lastBps) {
        return BigInteger.valueOf(bitrateBps).multiply(THRESHOLD_PERCENT).divide(PERCENT)
            .compareTo(BigInteger.valueOf(lastBps)) > 0;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 99L, 0xFEEDL, 31_337L})
    void dropThresholdMatchesExactArithmeticOverTheWholeLongRange(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 50_000; i++) {
            final long bitrateBps = (random.nextLong() >>> 1) >>> random.nextInt(63);
            final long scaledBps = BigInteger.valueOf(bitrateBps).multiply(THRESHOLD_PERCENT).divide(PERCENT)
                .min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
            // Around the boundary, and anywhere.
            final long[] lasts = {scaledBps, scaledBps - 1, Math.max(0, scaledBps - 2), bitrateBps,
                (random.nextLong() >>> 1) >>> random.nextInt(63), Long.MAX_VALUE};
            for (final long lastBps : lasts) {
                if (RembScheduler.exceedsDropThreshold(bitrateBps, lastBps) != exceedsExactly(bitrateBps, lastBps)) {
                    throw new AssertionError("seed " + seed + ": " + bitrateBps + " vs last " + lastBps);
                }
            }
        }
    }

    /**
     * Random estimates, caps and ticks. Checks: every REMB is within the cap in force; an estimate is held
     * back exactly when a REMB (estimate or re-send) went out less than 200 ms earlier and 103 % of it
     * exceeds the last forwarded estimate; re-sends only go to live SSRCs after a full interval.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3L, 17L, 0xABCDEFL, 2024L, -1L})
    void randomSessionsObeyTheThrottleCapAndResendRules(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long resendIntervalUs = 1 + random.nextLong(2_000_000);
        final long[] lastRembUs = {Long.MIN_VALUE};
        final long[] lastRembBps = {-1};
        final RembScheduler[] holder = new RembScheduler[1];
        final RembScheduler scheduler = new RembScheduler((nowUs, bitrateBps, ssrcs) -> {
            assertTrue(bitrateBps <= holder[0].maxDesiredBitrateBps(),
                () -> "seed " + seed + ": " + bitrateBps + " above cap " + holder[0].maxDesiredBitrateBps());
            assertTrue(bitrateBps >= 0, () -> "seed " + seed);
            lastRembUs[0] = nowUs;
            lastRembBps[0] = bitrateBps;
        }, resendIntervalUs);
        holder[0] = scheduler;

        boolean estimateForwarded = false;
        long lastForwardedBps = 0;
        long throttleStartUs = 0;
        long nowUs = random.nextLong(-1_000_000_000L, 1_000_000_000L);
        long estimateBps = 1_000_000;
        for (int step = 0; step < 20_000; step++) {
            nowUs += random.nextLong(300_000);
            final int op = random.nextInt(10);
            final String at = "seed " + seed + " step " + step;
            if (op < 6) {
                estimateBps = Math.max(0, estimateBps + random.nextLong(-estimateBps / 5 - 1, estimateBps / 5 + 2));
                final boolean expectHeld = estimateForwarded && nowUs - throttleStartUs < 200_000
                    && exceedsExactly(estimateBps, lastForwardedBps);
                final boolean sent = scheduler.onEstimate(nowUs, estimateBps, SsrcSet.EMPTY);
                assertEquals(!expectHeld, sent, at);
                if (sent) {
                    estimateForwarded = true;
                    lastForwardedBps = estimateBps;
                    throttleStartUs = nowUs;
                    assertEquals(Math.min(estimateBps, scheduler.maxDesiredBitrateBps()), lastRembBps[0], at);
                }
            } else if (op < 8) {
                final long previousRembUs = lastRembUs[0];
                final long previousRembBps = lastRembBps[0];
                final SsrcSet live = random.nextInt(4) == 0 ? SsrcSet.EMPTY : new ArraySsrcSet(1, 2);
                final boolean sent = scheduler.onTick(nowUs, live);
                final boolean due = previousRembBps >= 0 && nowUs - previousRembUs >= resendIntervalUs;
                assertEquals(due && live.size() > 0, sent, at);
                if (sent) {
                    assertEquals(Math.min(previousRembBps, scheduler.maxDesiredBitrateBps()), lastRembBps[0], at);
                    throttleStartUs = nowUs;
                }
            } else if (op == 8) {
                final long capBps = random.nextInt(4) == 0 ? RembScheduler.NO_CAP_BPS : random.nextLong(3_000_000);
                final boolean expectQuiet = estimateForwarded && nowUs - throttleStartUs < 200_000
                    && lastForwardedBps != 0 && lastForwardedBps <= capBps;
                assertEquals(!expectQuiet, scheduler.setMaxDesiredBitrate(nowUs, capBps), at);
            } else if (random.nextInt(20) == 0) {
                scheduler.reset();
                estimateForwarded = false;
                lastRembBps[0] = -1;
            }
        }
    }
}
