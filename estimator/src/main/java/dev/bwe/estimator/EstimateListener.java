package dev.bwe.estimator;

/**
 * Receives every estimate update, as libwebrtc's {@code RemoteBitrateObserver::OnReceiveBitrateChanged}.
 * Called on the estimator's thread; the {@link SsrcSet} is only valid during the call.
 */
@FunctionalInterface
public interface EstimateListener {
    /**
     * @param timeUs receiver time of the packet that caused the update, µs
     * @param bitrateBps the new estimate, bps
     * @param ssrcs the live SSRCs, ascending unsigned
     */
    void onEstimate(long timeUs, long bitrateBps, SsrcSet ssrcs);

    /** A listener that ignores every update. */
    EstimateListener NONE = (timeUs, bitrateBps, ssrcs) -> { };
}
