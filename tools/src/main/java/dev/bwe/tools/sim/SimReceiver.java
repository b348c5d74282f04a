package dev.bwe.tools.sim;

/**
 * The receive side the simulator drives: today {@link EstimatorReceiver}, later the real pipeline. It is
 * called on the simulator's single thread, in simulated-time order; it reports REMBs through the
 * {@link RembFeedback} it was created with ({@link SimReceiverFactory}).
 */
public interface SimReceiver {
    /**
     * A session starts: called once per session before any of its packets, with the header-extension id
     * its packets carry abs-send-time under (what a relay learns from the SDP {@code a=extmap} line).
     */
    default void openSession(final long sessionId, final int absSendTimeExtensionId) {
    }

    /** A packet arrives at the receiver: RTP header fields (+ payload length) and arrival time in ns. */
    void onPacket(long sessionId, long arrivalTimeNs, SimPacket packet);

    /** Simulated time advanced to {@code nowNs} (called every tick, e.g. every 5 ms). */
    void advanceTo(long nowNs);
}
