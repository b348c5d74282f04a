package dev.bwe.tools.sim;

/**
 * Settings of a {@link TcpLikeCrossTraffic} flow. Immutable; the {@code with...} methods return changed
 * copies.
 */
public final class CrossTrafficConfig {
    /** A full-size Ethernet frame's IP packet. */
    public static final int DEFAULT_SEGMENT_BYTES = 1500;
    /** RFC 6928's initial window. */
    public static final int DEFAULT_INITIAL_WINDOW_SEGMENTS = 10;
    /** Stands for the receiver's window: without it, a flow into an unlimited queue would grow forever. */
    public static final long DEFAULT_MAX_WINDOW_BYTES = 1_000_000;

    private final long startNs;
    private final long stopNs;
    private final int segmentBytes;
    private final int initialWindowSegments;
    private final long maxWindowBytes;

    private CrossTrafficConfig(final long startNs, final long stopNs, final int segmentBytes,
                               final int initialWindowSegments, final long maxWindowBytes) {
        this.startNs = startNs;
        this.stopNs = stopNs;
        this.segmentBytes = segmentBytes;
        this.initialWindowSegments = initialWindowSegments;
        this.maxWindowBytes = maxWindowBytes;
    }

    /** A bulk TCP-like flow for the whole run, with the defaults above. */
    public static CrossTrafficConfig tcp() {
        return new CrossTrafficConfig(0, Long.MAX_VALUE, DEFAULT_SEGMENT_BYTES, DEFAULT_INITIAL_WINDOW_SEGMENTS,
            DEFAULT_MAX_WINDOW_BYTES);
    }

    /** The flow sends only in {@code [startMs, stopMs)}; {@link Long#MAX_VALUE}: to the end. */
    public CrossTrafficConfig activeBetweenMs(final long startMs, final long stopMs) {
        final long stop = stopMs == Long.MAX_VALUE ? Long.MAX_VALUE : SimTime.msToNs(stopMs);
        final long start = SimTime.msToNs(startMs);
        if (start < 0 || stop <= start) {
            throw new IllegalArgumentException("cross traffic needs 0 <= start < stop, was [" + startMs + ", "
                + stopMs + ") ms");
        }
        return new CrossTrafficConfig(start, stop, segmentBytes, initialWindowSegments, maxWindowBytes);
    }

    /** Segment size on the wire, bytes. */
    public CrossTrafficConfig withSegmentBytes(final int bytes) {
        if (bytes < 100 || bytes > 9000) {
            throw new IllegalArgumentException("segment size must be in 100..9000 bytes, was " + bytes);
        }
        return new CrossTrafficConfig(startNs, stopNs, bytes, initialWindowSegments, maxWindowBytes);
    }

    public long startNs() {
        return startNs;
    }

    public long stopNs() {
        return stopNs;
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public int initialWindowSegments() {
        return initialWindowSegments;
    }

    public long maxWindowBytes() {
        return maxWindowBytes;
    }

    @Override
    public String toString() {
        return "tcp-like [" + SimTime.nsToS(startNs) + "s, " + (stopNs == Long.MAX_VALUE ? "end"
            : SimTime.nsToS(stopNs) + "s") + "), segment=" + segmentBytes + "B";
    }
}
