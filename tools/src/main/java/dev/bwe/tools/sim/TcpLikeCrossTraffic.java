package dev.bwe.tools.sim;

/**
 * A bulk flow that shares the bottleneck with the media and backs off on loss like TCP Reno, enough for
 * an RFC 8867 §5.6-style "media flow competing with a long TCP flow" test. It is not TCP: no bytes, no
 * retransmissions, no timers; only the window dynamics that decide how hard it pushes on the queue.
 *
 * <ul>
 *   <li>Window-limited: it keeps {@code cwnd} bytes in flight, sending segments back to back (unpaced) as
 *       ACKs open the window.</li>
 *   <li>Slow start from {@link CrossTrafficConfig#initialWindowSegments()} segments (+1 segment per ACK)
 *       until the first loss; then additive increase of one segment per round trip
 *       ({@code cwnd += seg² / cwnd} per ACK), capped at {@link CrossTrafficConfig#maxWindowBytes()}.</li>
 *   <li>Multiplicative decrease: a loss halves the window (not below two segments), at most once per window
 *       of data: losses of segments sent before the last halving are not punished again, as in fast
 *       recovery.</li>
 *   <li>Each delivered segment is ACKed one reverse-path delay after its arrival. A lost segment is learnt
 *       of when its duplicate ACKs would come back: when it would have arrived (the queue delay it saw,
 *       plus the propagation delay) plus the reverse delay. So every segment comes back exactly once and
 *       the flow never stalls, without a retransmission timer.</li>
 * </ul>
 */
public final class TcpLikeCrossTraffic {
    /** Told of every segment the flow offers to the link. */
    @FunctionalInterface
    public interface TransitListener {
        void onTransit(LinkTransit transit, int sizeBytes);
    }

    private final CrossTrafficConfig config;
    private final BottleneckLink link;
    private final long reverseDelayNs;
    private final TransitListener listener;
    private final int segmentBytes;

    private EventLoop loop;
    private double cwndBytes;
    private double ssthreshBytes = Double.POSITIVE_INFINITY;
    private long inFlightBytes;
    /** Segments sent before this time belong to a window that was already halved. */
    private long recoverySendNs = Long.MIN_VALUE;
    private long segmentsSent;
    private long segmentsLost;
    private long windowReductions;

    public TcpLikeCrossTraffic(final CrossTrafficConfig config, final BottleneckLink link, final long reverseDelayNs,
                               final TransitListener listener) {
        this.config = config;
        this.link = link;
        this.reverseDelayNs = reverseDelayNs;
        this.listener = listener;
        this.segmentBytes = config.segmentBytes();
        this.cwndBytes = (double) config.initialWindowSegments() * segmentBytes;
    }

    /** Schedules the flow's start on {@code eventLoop}. */
    public void start(final EventLoop eventLoop) {
        if (loop != null) {
            throw new IllegalStateException("cross traffic already started");
        }
        this.loop = eventLoop;
        eventLoop.schedule(Math.max(config.startNs(), eventLoop.nowNs()), this::fillWindow);
    }

    /** The congestion window, bytes. */
    public double cwndBytes() {
        return cwndBytes;
    }

    public long segmentsSent() {
        return segmentsSent;
    }

    public long segmentsLost() {
        return segmentsLost;
    }

    public long windowReductions() {
        return windowReductions;
    }

    private void fillWindow() {
        final long nowNs = loop.nowNs();
        if (nowNs < config.startNs() || nowNs >= config.stopNs()) {
            return;
        }
        while (inFlightBytes + segmentBytes <= cwndBytes) {
            sendSegment(nowNs);
        }
    }

    private void sendSegment(final long nowNs) {
        // Read before sending: the queue delay this segment meets, if it turns out lost.
        final long queueDelayNs = link.queueDelayNs(nowNs);
        final LinkTransit transit = link.send(nowNs, segmentBytes);
        inFlightBytes += segmentBytes;
        segmentsSent++;
        listener.onTransit(transit, segmentBytes);
        if (transit.dropped()) {
            final long learntNs = nowNs + queueDelayNs + link.config().propagationDelayNs() + reverseDelayNs;
            loop.schedule(learntNs, () -> onLoss(nowNs));
        } else {
            loop.schedule(transit.arrivalTimeNs() + reverseDelayNs, this::onAck);
        }
    }

    private void onAck() {
        inFlightBytes -= segmentBytes;
        if (cwndBytes < ssthreshBytes) {
            cwndBytes += segmentBytes;
        } else {
            cwndBytes += (double) segmentBytes * segmentBytes / cwndBytes;
        }
        cwndBytes = Math.min(cwndBytes, config.maxWindowBytes());
        fillWindow();
    }

    private void onLoss(final long sentNs) {
        inFlightBytes -= segmentBytes;
        segmentsLost++;
        if (sentNs >= recoverySendNs) {
            ssthreshBytes = Math.max(cwndBytes / 2, 2.0 * segmentBytes);
            cwndBytes = ssthreshBytes;
            recoverySendNs = loop.nowNs();
            windowReductions++;
        }
        fillWindow();
    }
}
