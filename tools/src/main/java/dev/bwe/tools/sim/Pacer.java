package dev.bwe.tools.sim;

import java.util.ArrayDeque;

/**
 * A leaky-bucket pacer: queued packets leave one by one, each one's wire size apart at the pacing rate.
 *
 * <p>Why pace: an encoder emits a frame as a burst; sent at line rate, a frame would show up at the
 * bottleneck as a spike that the delay estimator mistakes for congestion, and real senders (libwebrtc's
 * {@code PacingController}) spread it out at 2.5 × the target. Like that pacer, this one keeps no credit
 * while idle: the first packet after a pause leaves at once, the next ones follow at the pacing rate, so
 * a frame of the target size drains in {@code 1 / (2.5 × fps)} s (13 ms at 30 fps).
 */
final class Pacer {
    private final ArrayDeque<PendingPacket> queue = new ArrayDeque<>();
    private long rateBps;
    private long nextSendNs = Long.MIN_VALUE;

    Pacer(final long rateBps) {
        setRateBps(rateBps);
    }

    void setRateBps(final long bps) {
        if (bps <= 0) {
            throw new IllegalArgumentException("pacing rate must be > 0, was " + bps);
        }
        this.rateBps = bps;
    }

    long rateBps() {
        return rateBps;
    }

    void enqueue(final PendingPacket packet) {
        queue.addLast(packet);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** When the head packet may leave, given that it is {@code nowNs}. */
    long nextSendTimeNs(final long nowNs) {
        return Math.max(nowNs, nextSendNs);
    }

    /** Takes the head packet out at {@code nowNs} and charges its wire size to the budget. */
    PendingPacket poll(final long nowNs) {
        final PendingPacket packet = queue.pollFirst();
        nextSendNs = Math.max(nowNs, nextSendNs)
            + SimTime.transmissionNs(SimPacket.wireSizeForPayload(packet.payloadBytes()), rateBps);
        return packet;
    }

    /**
     * A packet waiting in the pacer: its stream, payload size, RTP timestamp (capture time) and marker. It
     * gets its sequence number and abs-send-time when it leaves.
     */
    record PendingPacket(int streamIndex, int payloadBytes, int rtpTimestamp, boolean marker) {
    }
}
