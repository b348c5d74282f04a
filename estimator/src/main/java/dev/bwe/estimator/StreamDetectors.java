package dev.bwe.estimator;

/**
 * The per-SSRC detectors of a {@link SingleStreamEstimator}, sorted ascending unsigned like libwebrtc's
 * {@code std::map<uint32_t, Detector>}, and the {@link SsrcSet} view of their SSRCs. A detector that
 * goes away returns to a pool and is reused: the session allocates one per stream up to its high-water
 * mark of simultaneous streams (at most the stream cap), never per packet.
 */
final class StreamDetectors implements SsrcSet {
    private final int[] ssrcs;
    private final SingleStreamEstimator.StreamDetector[] live;
    private final SingleStreamEstimator.StreamDetector[] pool;
    private final long streamTimeoutUs;
    private final DelayFilterKind filterKind;
    private int size;
    private int pooled;

    StreamDetectors(final EstimatorConfig config) {
        final int capacity = config.maxStreams();
        ssrcs = new int[capacity];
        live = new SingleStreamEstimator.StreamDetector[capacity];
        pool = new SingleStreamEstimator.StreamDetector[capacity];
        filterKind = config.delayFilter();
        streamTimeoutUs = config.streamTimeoutUs();
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

    /** The detector of {@code ssrc}, or null when the stream is not tracked. */
    SingleStreamEstimator.StreamDetector detectorOf(final int ssrc) {
        final int index = indexOf(ssrc);
        return index >= 0 ? live[index] : null;
    }

    /** A fresh detector for a new {@code ssrc}, or null when the stream cap is reached. */
    SingleStreamEstimator.StreamDetector add(final int ssrc) {
        final int index = indexOf(ssrc);
        if (index >= 0) {
            return live[index];
        }
        if (size == ssrcs.length) {
            return null;
        }
        final SingleStreamEstimator.StreamDetector detector;
        if (pooled > 0) {
            detector = pool[--pooled];
            pool[pooled] = null;
        } else {
            detector = new SingleStreamEstimator.StreamDetector(filterKind);
        }
        final int insertAt = -index - 1;
        System.arraycopy(ssrcs, insertAt, ssrcs, insertAt + 1, size - insertAt);
        System.arraycopy(live, insertAt, live, insertAt + 1, size - insertAt);
        ssrcs[insertAt] = ssrc;
        live[insertAt] = detector;
        size++;
        return detector;
    }

    boolean remove(final int ssrc) {
        final int index = indexOf(ssrc);
        if (index < 0) {
            return false;
        }
        release(live[index]);
        System.arraycopy(ssrcs, index + 1, ssrcs, index, size - index - 1);
        System.arraycopy(live, index + 1, live, index, size - index - 1);
        size--;
        live[size] = null;
        return true;
    }

    /** Drops, in place, every stream whose last packet is more than the stream timeout before {@code nowUs}. */
    int removeIdle(final long nowUs) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            final SingleStreamEstimator.StreamDetector detector = live[i];
            if (nowUs - detector.lastPacketTimeUs > streamTimeoutUs) {
                release(detector);
            } else {
                ssrcs[kept] = ssrcs[i];
                live[kept] = detector;
                kept++;
            }
        }
        final int removed = size - kept;
        for (int i = kept; i < size; i++) {
            live[i] = null;
        }
        size = kept;
        return removed;
    }

    /** The earliest last-packet time of the tracked streams, µs, or {@link Long#MAX_VALUE} when none. */
    long oldestLastPacketUs() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            oldest = Math.min(oldest, live[i].lastPacketTimeUs);
        }
        return oldest;
    }

    /** The worst detector state: libwebrtc compares the enum values, Normal 0 &lt; Underusing 1 &lt; Overusing 2. */
    BandwidthUsage worstState() {
        BandwidthUsage worst = BandwidthUsage.NORMAL;
        for (int i = 0; i < size; i++) {
            final BandwidthUsage state = live[i].detector.state();
            if (state.ordinal() > worst.ordinal()) {
                worst = state;
            }
        }
        return worst;
    }

    private void release(final SingleStreamEstimator.StreamDetector detector) {
        detector.reset();
        pool[pooled++] = detector;
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
