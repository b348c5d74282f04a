package dev.bwe.tools.sim;

import dev.bwe.estimator.SsrcSet;

/** Where a {@link SimReceiver} sends its REMBs; the simulator carries them back to the session's sender. */
@FunctionalInterface
public interface RembFeedback {
    /**
     * A REMB leaves the receiver.
     *
     * @param timeNs simulated time of sending, ns
     * @param sessionId the session whose sender it is for
     * @param bitrateBps the estimate, bps
     * @param ssrcs the SSRCs the REMB lists; only valid during the call
     */
    void onRemb(long timeNs, long sessionId, long bitrateBps, SsrcSet ssrcs);
}
