package dev.bwe.estimator;

/**
 * The incoming bitrate over a sliding window (1 s by default) of 1 ms buckets: libwebrtc's
 * {@code RateStatistics(window, 8000)} behind {@code BitrateTracker}.
 *
 * <p>The rate is computed in 32-bit float exactly as libwebrtc does, because the AIMD controller's
 * decisions depend on its exact value. A bucket is opened only at a time later than the newest one,
 * and every bucket older than the window is dropped first, so the live buckets always lie within one
 * window of the newest.
 *
 * <p>Memory grows with the work, not with the window: only buckets that hold a sample exist, packed
 * into one {@code long} each (time, samples, bytes), in a ring that starts small and grows by a quarter
 * when a busier stream fills it (an allocation while the rate climbs, never in steady state). A
 * session at 300 packets/s keeps under 3 KB here instead of the 20 KB of a ring of every millisecond
 * in the window.
 */
public final class IncomingBitrate {
    /** libwebrtc's {@code kBitrateWindow}. */
    public static final int DEFAULT_WINDOW_MS = 1000;
    /** Live bucket times differ by less than the window, so 16 bits of the time identify a bucket. */
    public static final int MAX_WINDOW_MS = 1 << 15;
    private static final float SCALE_BITS_PER_BYTE_MS = 8000f;
    private static final int INITIAL_CAPACITY = 16;

    private static final int TIME_SHIFT = 48;
    private static final int SAMPLES_SHIFT = 32;
    private static final long FIELD_MASK_16 = 0xFFFFL;
    private static final long BYTES_MASK = 0xFFFF_FFFFL;

    private final int windowMs;
    /** Packed buckets: bits 63-48 the time (ms, low 16 bits), 47-32 the samples, 31-0 the bytes. */
    private long[] buckets = new long[INITIAL_CAPACITY];
    private int head;
    private int size;
    /** Full time of the newest bucket, ms; meaningful while {@code size > 0}. */
    private long newestTimeMs;

    private long accumulatedBytes;
    private boolean overflow;
    private long firstTimestampMs = -1;
    private int numSamples;

    public IncomingBitrate() {
        this(DEFAULT_WINDOW_MS);
    }

    /** @param windowMs the window, 2 to {@link #MAX_WINDOW_MS} ms */
    public IncomingBitrate(final int windowMs) {
        if (windowMs < 2 || windowMs > MAX_WINDOW_MS) {
            throw new IllegalArgumentException("window must be 2.." + MAX_WINDOW_MS + " ms, was " + windowMs);
        }
        this.windowMs = windowMs;
    }

    /** Forgets every sample (keeps the ring it grew to: a stream that was busy is likely to be again). */
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
     *
     * @param bytes a packet's payload size, 0 to 4 GiB - 1 (the estimator passes an int size)
     * @throws IllegalArgumentException for a negative or larger size
     */
    public void update(final long bytes, final long nowMs) {
        if (bytes < 0 || bytes > BYTES_MASK) {
            throw new IllegalArgumentException("bytes must be 0.." + BYTES_MASK + ", was " + bytes);
        }
        eraseOld(nowMs);
        if (firstTimestampMs == -1 || numSamples == 0) {
            firstTimestampMs = nowMs;
        }
        if (size == 0 || nowMs > newestTimeMs) {
            openBucket(nowMs);
        }
        addToNewest(bytes);
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

    /** Buckets the ring can hold before it grows (for memory tests). */
    int capacity() {
        return buckets.length;
    }

    private void openBucket(final long timeMs) {
        if (size == buckets.length) {
            grow();
        }
        buckets[index(size)] = (timeMs & FIELD_MASK_16) << TIME_SHIFT;
        newestTimeMs = timeMs;
        size++;
    }

    /**
     * Adds one sample of {@code bytes} to the newest bucket. A sample that would overflow its fields
     * (65,535 samples or 4 GiB in one ms) opens another bucket at the same time: it expires with the
     * first one, so every sum stays what one wide bucket would hold.
     */
    private void addToNewest(final long bytes) {
        long packed = buckets[index(size - 1)];
        if (((packed >>> SAMPLES_SHIFT) & FIELD_MASK_16) == FIELD_MASK_16
            || (packed & BYTES_MASK) + bytes > BYTES_MASK) {
            openBucket(newestTimeMs);
            packed = buckets[index(size - 1)];
        }
        buckets[index(size - 1)] = packed + (1L << SAMPLES_SHIFT) + bytes;
    }

    private long bucketTimeMs(final long packed) {
        final int behindNewest = (int) (((newestTimeMs & FIELD_MASK_16) - (packed >>> TIME_SHIFT)) & FIELD_MASK_16);
        return newestTimeMs - behindNewest;
    }

    private int index(final int offset) {
        final int i = head + offset;
        return i < buckets.length ? i : i - buckets.length;
    }

    private void grow() {
        final long[] larger = new long[buckets.length + (buckets.length >> 2)];
        for (int i = 0; i < size; i++) {
            larger[i] = buckets[index(i)];
        }
        buckets = larger;
        head = 0;
    }

    private void eraseOld(final long nowMs) {
        final long newOldestTimeMs = nowMs - windowMs + 1;
        while (size > 0) {
            final long packed = buckets[head];
            if (bucketTimeMs(packed) >= newOldestTimeMs) {
                break;
            }
            accumulatedBytes -= packed & BYTES_MASK;
            numSamples -= (int) ((packed >>> SAMPLES_SHIFT) & FIELD_MASK_16);
            head = index(1);
            size--;
        }
    }
}
