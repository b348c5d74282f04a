package dev.bwe.estimator;

/**
 * The former dense ring of every ms in the window, kept as the reference the packed ring must equal.
 *
 * The incoming bitrate over a sliding window (1 s by default) of 1 ms buckets: libwebrtc's
 * {@code RateStatistics(window, 8000)} behind {@code BitrateTracker}.
 *
 * <p>The rate is computed in 32-bit float exactly as libwebrtc does, because the AIMD controller's
 * decisions depend on its exact value. Buckets live in a preallocated ring: a bucket is opened only
 * at a time later than the newest one, and every bucket older than the window is dropped first, so
 * at most {@code windowMs} buckets are ever alive.
 */
final class DenseIncomingBitrate {
    /** libwebrtc's {@code kBitrateWindow}. */
    public static final int DEFAULT_WINDOW_MS = 1000;
    private static final float SCALE_BITS_PER_BYTE_MS = 8000f;

    private final int windowMs;
    private final int capacityMask;
    private final long[] bucketTimeMs;
    private final long[] bucketSumBytes;
    private final int[] bucketSamples;
    private int head;
    private int size;

    private long accumulatedBytes;
    private boolean overflow;
    private long firstTimestampMs = -1;
    private int numSamples;

    DenseIncomingBitrate() {
        this(DEFAULT_WINDOW_MS);
    }

    DenseIncomingBitrate(final int windowMs) {
        if (windowMs < 2) {
            throw new IllegalArgumentException("window must be at least 2 ms, was " + windowMs);
        }
        this.windowMs = windowMs;
        final int capacity = Integer.highestOneBit(windowMs - 1) << 1;
        this.capacityMask = capacity - 1;
        this.bucketTimeMs = new long[capacity];
        this.bucketSumBytes = new long[capacity];
        this.bucketSamples = new int[capacity];
    }

    /** Forgets every sample. */
    public void reset() {
        accumulatedBytes = 0;
        overflow = false;
        numSamples = 0;
        firstTimestampMs = -1;
        head = 0;
        size = 0;
    }

    /**
     * Counts {@code bytes} at {@code nowMs}. A time earlier than the newest bucket is counted in that
     * bucket (libwebrtc logs and does the same).
     */
    public void update(final long bytes, final long nowMs) {
        eraseOld(nowMs);
        if (firstTimestampMs == -1 || numSamples == 0) {
            firstTimestampMs = nowMs;
        }
        if (size == 0 || nowMs > bucketTimeMs[newest()]) {
            final int slot = (head + size) & capacityMask;
            bucketTimeMs[slot] = nowMs;
            bucketSumBytes[slot] = 0;
            bucketSamples[slot] = 0;
            size++;
        }
        final int last = newest();
        bucketSumBytes[last] += bytes;
        bucketSamples[last]++;
        if (Long.MAX_VALUE - accumulatedBytes > bytes) {
            accumulatedBytes += bytes;
        } else {
            overflow = true;
        }
        numSamples++;
    }

    /**
     * The rate at {@code nowMs} in bps, or {@code -1} when it is not available: no samples, a window
     * of one ms, or a single sample in a window that has not yet grown to full size.
     */
    public long rateBps(final long nowMs) {
        eraseOld(nowMs);
        long activeWindowMs = 0;
        if (firstTimestampMs != -1) {
            if (firstTimestampMs <= nowMs - windowMs) {
                // The stream started before the window: count the window as full even if empty.
                activeWindowMs = windowMs;
            } else {
                activeWindowMs = nowMs - firstTimestampMs + 1;
            }
        }
        if (numSamples == 0 || activeWindowMs <= 1 || (numSamples <= 1 && activeWindowMs < windowMs) || overflow) {
            return -1;
        }
        final float scale = SCALE_BITS_PER_BYTE_MS / (int) activeWindowMs;
        final float result = accumulatedBytes * scale + 0.5f;
        if (result > (float) Long.MAX_VALUE) {
            return -1;
        }
        return (long) result;
    }

    private int newest() {
        return (head + size - 1) & capacityMask;
    }

    private void eraseOld(final long nowMs) {
        final long newOldestTimeMs = nowMs - windowMs + 1;
        while (size > 0 && bucketTimeMs[head] < newOldestTimeMs) {
            accumulatedBytes -= bucketSumBytes[head];
            numSamples -= bucketSamples[head];
            head = (head + 1) & capacityMask;
            size--;
        }
    }
}
