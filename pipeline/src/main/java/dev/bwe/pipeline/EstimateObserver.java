package dev.bwe.pipeline;

import dev.bwe.estimator.SsrcSet;

/**
 * Told of every estimate update a session's estimator makes, on the timer stage's thread, before the
 * REMB schedule sees it (whether or not a REMB goes out). For tools and diagnostics: a relay needs
 * only the REMBs. The SSRC view is valid during the call.
 */
@FunctionalInterface
public interface EstimateObserver {
    /**
     * @param timeNs arrival time of the packet that caused the update, ns in the pipeline's clock
     * @param ssrcs the session's live streams, ascending unsigned
     */
    void onEstimate(long timeNs, long sessionId, long bitrateBps, SsrcSet ssrcs);

    /** Observes nothing. */
    EstimateObserver NONE = (timeNs, sessionId, bitrateBps, ssrcs) -> { };
}
