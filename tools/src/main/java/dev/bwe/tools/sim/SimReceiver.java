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

    /**
     * Simulated time advanced to {@code nowNs} (called every tick, e.g. every 5 ms). REMBs timed up to
     * {@code nowNs} must have been reported when this returns, or, after {@link #feedbackSlackNs(long)}, by
     * the first call at least that much later.
     */
    void advanceTo(long nowNs);

    /**
     * Told once, before the run: the simulator needs a REMB timed {@code t} only when simulated time reaches
     * {@code t + slackNs} (the shortest reverse-path delay less one tick), so a receiver that works
     * asynchronously may collect REMBs and report them at most that late, saving a round trip per tick.
     */
    default void feedbackSlackNs(final long slackNs) {
    }

    /** The run ended at {@code endNs}: report every REMB still held back. */
    default void finish(final long endNs) {
    }
}
