package dev.bwe.pipeline.replay;

import dev.bwe.estimator.BandwidthUsage;
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

    /**
     * A packet went through the estimate stage (also when the parse stage or the estimator refused it).
     *
     * @param timeNs arrival time, ns in the journal's clock
     * @param estimated whether the estimator took it
     * @param detectorState the session's over-use detector state after it
     */
    default void onPacket(long timeNs, long sessionId, int ssrc, int payloadSizeBytes, boolean estimated,
                          BandwidthUsage detectorState) {
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
            public void onPacket(final long timeNs, final long sessionId, final int ssrc, final int payloadSizeBytes,
                                 final boolean estimated, final BandwidthUsage detectorState) {
                first.onPacket(timeNs, sessionId, ssrc, payloadSizeBytes, estimated, detectorState);
                second.onPacket(timeNs, sessionId, ssrc, payloadSizeBytes, estimated, detectorState);
            }

            @Override
            public void onRemb(final RembView remb) {
                first.onRemb(remb);
                second.onRemb(remb);
            }
        };
    }
}
