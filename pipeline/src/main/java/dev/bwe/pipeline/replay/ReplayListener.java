package dev.bwe.pipeline.replay;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.RembView;

/**
 * What a replay produces, in the order the pipeline's stages produced it. Both arguments are views
 * valid only during the call; copy what you keep.
 */
public interface ReplayListener {
    /** Listens to nothing. */
    ReplayListener NONE = new ReplayListener() {
    };

    /**
     * The estimate stage updated a session's estimate.
     *
     * @param timeNs the packet's arrival time, ns in the journal's clock
     * @param ssrcs the estimator's live streams right after the update, ascending unsigned
     */
    default void onEstimate(long timeNs, long sessionId, long bitrateBps, SsrcSet ssrcs) {
    }

    /** The timer stage sent a REMB (the encoded packet included). */
    default void onRemb(RembView remb) {
    }

    /** Both listeners, {@code first} first. */
    static ReplayListener both(final ReplayListener first, final ReplayListener second) {
        return new ReplayListener() {
            @Override
            public void onEstimate(final long timeNs, final long sessionId, final long bitrateBps,
                                   final SsrcSet ssrcs) {
                first.onEstimate(timeNs, sessionId, bitrateBps, ssrcs);
                second.onEstimate(timeNs, sessionId, bitrateBps, ssrcs);
            }

            @Override
            public void onRemb(final RembView remb) {
                first.onRemb(remb);
                second.onRemb(remb);
            }
        };
    }
}
