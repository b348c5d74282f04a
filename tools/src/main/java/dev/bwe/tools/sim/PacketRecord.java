package dev.bwe.tools.sim;

/**
 * The life of one media packet, for analysis and tests. Times are simulated ns; the times a dropped
 * packet never reached are {@link LinkTransit#NEVER}.
 *
 * @param ssrc its stream
 * @param sequenceNumber its RTP sequence number
 * @param payloadSizeBytes RTP payload bytes
 * @param wireSizeBytes bytes on the wire (IP packet)
 * @param sendTimeNs when it left the sender's pacer (its abs-send-time)
 * @param enqueueTimeNs when it reached the bottleneck queue (the sender is attached to it: = send time)
 * @param departureTimeNs when its last bit left the bottleneck
 * @param arrivalTimeNs when the receiver got it
 * @param queueingDelayNs time it waited in the queue before its transmission started
 * @param drop why it was dropped, or {@link DropReason#NONE}
 */
public record PacketRecord(int ssrc, int sequenceNumber, int payloadSizeBytes, int wireSizeBytes, long sendTimeNs,
                           long enqueueTimeNs, long departureTimeNs, long arrivalTimeNs, long queueingDelayNs,
                           DropReason drop) {

    static PacketRecord of(final SimPacket packet, final LinkTransit transit) {
        return new PacketRecord(packet.ssrc(), packet.sequenceNumber(), packet.payloadSizeBytes(),
            packet.wireSizeBytes(), packet.sendTimeNs(), transit.enqueueTimeNs(), transit.departureTimeNs(),
            transit.arrivalTimeNs(), transit.queueingDelayNs(), transit.drop());
    }

    public boolean dropped() {
        return drop != DropReason.NONE;
    }
}
