package dev.bwe.estimator;

/**
 * Queueing delay as the receiver can see it: the one-way delay (arrival time minus abs-send-time, with an
 * unknown clock offset) above its minimum over the last {@value #BASE_WINDOW_S} s. The minimum stands for
 * the empty queue; the "current" delay is the minimum over the last two {@value #RECENT_BUCKET_MS} ms
 * buckets, so that jitter and pacing bursts (which only ever add delay) do not read as a queue.
 *
 * <p>Fixed-size rings of bucket minima: no allocation, bounded memory. The send time is unwrapped from
 * the 32-bit tick domain, so the 64 s wrap of abs-send-time does not matter.
 */
final class QueueDelayMeter {
    static final int BASE_WINDOW_S = 30;
    static final long RECENT_BUCKET_MS = 100;
    private static final long BASE_BUCKET_US = 1_000_000;
    private static final long RECENT_BUCKET_US = RECENT_BUCKET_MS * 1000;

    private final long[] baseMinUs = new long[BASE_WINDOW_S];
    private long baseBucket = Long.MIN_VALUE;
    private long recentBucket = Long.MIN_VALUE;
    private long recentMinUs;
    private long previousRecentMinUs;

    private boolean started;
    private int lastTicks;
    private long unwrappedTicks;

    /** Forgets everything: the send clock restarted, so old delays mean nothing. */
    void reset() {
        started = false;
        baseBucket = Long.MIN_VALUE;
        recentBucket = Long.MIN_VALUE;
    }

    void onPacket(final long arrivalTimeUs, final int sendTicks) {
        if (!started) {
            started = true;
            unwrappedTicks = 0;
        } else {
            // Signed 32-bit difference: the send clock wraps, packets may be reordered.
            unwrappedTicks += sendTicks - lastTicks;
        }
        lastTicks = sendTicks;
        final long sendUs = (long) (unwrappedTicks * AbsSendTime.TIMESTAMP_TO_MS * 1000.0);
        final long delayUs = arrivalTimeUs - sendUs;

        final long bucket = Math.floorDiv(arrivalTimeUs, BASE_BUCKET_US);
        if (baseBucket == Long.MIN_VALUE || bucket - baseBucket >= BASE_WINDOW_S) {
            java.util.Arrays.fill(baseMinUs, Long.MAX_VALUE);
        } else {
            for (long b = baseBucket + 1; b <= bucket; b++) {
                baseMinUs[(int) Math.floorMod(b, (long) BASE_WINDOW_S)] = Long.MAX_VALUE;
            }
        }
        if (bucket >= baseBucket || baseBucket == Long.MIN_VALUE) {
            baseBucket = bucket;
        }
        final int slot = (int) Math.floorMod(baseBucket, (long) BASE_WINDOW_S);
        baseMinUs[slot] = Math.min(baseMinUs[slot], delayUs);

        final long recent = Math.floorDiv(arrivalTimeUs, RECENT_BUCKET_US);
        if (recent != recentBucket) {
            previousRecentMinUs = recent == recentBucket + 1 ? recentMinUs : Long.MAX_VALUE;
            recentBucket = recent;
            recentMinUs = delayUs;
        } else {
            recentMinUs = Math.min(recentMinUs, delayUs);
        }
    }

    /** The queueing delay now, µs (0 before any packet). */
    long queueDelayUs() {
        if (!started) {
            return 0;
        }
        long base = Long.MAX_VALUE;
        for (final long m : baseMinUs) {
            base = Math.min(base, m);
        }
        final long current = Math.min(recentMinUs, previousRecentMinUs);
        return base == Long.MAX_VALUE ? 0 : Math.max(0, current - base);
    }
}
