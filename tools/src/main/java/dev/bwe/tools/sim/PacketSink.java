package dev.bwe.tools.sim;

/** Where a sender puts the packets it sends; the simulator hands them to the session's link. */
@FunctionalInterface
public interface PacketSink {
    /** {@code packet} leaves the sender now, at {@link SimPacket#sendTimeNs()}. */
    void send(SimPacket packet);
}
