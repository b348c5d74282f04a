package dev.bwe.estimator;

import java.util.Arrays;

/**
 * The live streams of a session: SSRC → last-seen time, sorted ascending unsigned like libwebrtc's
 * {@code std::map<uint32_t, Timestamp>}, and the {@link SsrcSet} view of its keys. Arrays are sized
 * small (4 streams) and doubled, up to the stream cap, when a session has more streams: nothing is
 * allocated per packet in steady state, and a session does not pay for the cap it never reaches. At
 * REMB sizes (≤ 255 SSRCs) a sorted array beats a hash map.
 *
 * <p>Both the estimator and the pipeline's timer stage keep one: they apply the same timeout rule to
 * the same event times, so they always agree on which streams are live.
 */
public final class LiveStreams implements SsrcSet {
    private static final int INITIAL_ROOM = 4;

    private final int capacity;
    private int[] ssrcs;
    private long[] lastSeenUs;
    private int size;

    /** @param capacity the most streams tracked at once */
    public LiveStreams(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        ssrcs = new int[Math.min(capacity, INITIAL_ROOM)];
        lastSeenUs = new long[ssrcs.length];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int get(final int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return ssrcs[index];
    }

    /** The most streams tracked at once. */
    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public boolean contains(final int ssrc) {
        return indexOf(ssrc) >= 0;
    }

    /** Last-seen time of {@code ssrc}, µs, or {@link Long#MIN_VALUE} when not live. */
    public long lastSeenUs(final int ssrc) {
        final int index = indexOf(ssrc);
        return index >= 0 ? lastSeenUs[index] : Long.MIN_VALUE;
    }

    /**
     * Records {@code ssrc} as seen at {@code nowUs}.
     *
     * @return false when the stream is new and the table is full (nothing changes)
     */
    public boolean put(final int ssrc, final long nowUs) {
        final int index = indexOf(ssrc);
        if (index >= 0) {
            lastSeenUs[index] = nowUs;
            return true;
        }
        if (isFull()) {
            return false;
        }
        if (size == ssrcs.length) {
            grow();
        }
        final int insertAt = -index - 1;
        System.arraycopy(ssrcs, insertAt, ssrcs, insertAt + 1, size - insertAt);
        System.arraycopy(lastSeenUs, insertAt, lastSeenUs, insertAt + 1, size - insertAt);
        ssrcs[insertAt] = ssrc;
        lastSeenUs[insertAt] = nowUs;
        size++;
        return true;
    }

    /** Forgets {@code ssrc}; false when it was not live. */
    public boolean remove(final int ssrc) {
        final int index = indexOf(ssrc);
        if (index < 0) {
            return false;
        }
        System.arraycopy(ssrcs, index + 1, ssrcs, index, size - index - 1);
        System.arraycopy(lastSeenUs, index + 1, lastSeenUs, index, size - index - 1);
        size--;
        return true;
    }

    /**
     * Removes, in place, every stream idle for more than {@code timeoutUs} at {@code nowUs} (libwebrtc:
     * {@code now - last_seen > timeout}, strictly).
     *
     * @return the number removed
     */
    public int removeIdle(final long nowUs, final long timeoutUs) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (nowUs - lastSeenUs[i] <= timeoutUs) {
                ssrcs[kept] = ssrcs[i];
                lastSeenUs[kept] = lastSeenUs[i];
                kept++;
            }
        }
        final int removed = size - kept;
        size = kept;
        return removed;
    }

    private void grow() {
        final int room = Math.min(capacity, ssrcs.length * 2);
        ssrcs = Arrays.copyOf(ssrcs, room);
        lastSeenUs = Arrays.copyOf(lastSeenUs, room);
    }

    /**
     * The earliest last-seen time among the live streams, µs, or {@link Long#MAX_VALUE} when none is
     * live: the stream that times out first (a deadline for whoever schedules the timeout check).
     */
    public long oldestLastSeenUs() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            oldest = Math.min(oldest, lastSeenUs[i]);
        }
        return oldest;
    }

    /** Forgets every stream. */
    public void clear() {
        size = 0;
    }

    /** Binary search in unsigned order: the index, or -(insertion point) - 1 when absent. */
    private int indexOf(final int ssrc) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            final int cmp = Integer.compareUnsigned(ssrcs[mid], ssrc);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
