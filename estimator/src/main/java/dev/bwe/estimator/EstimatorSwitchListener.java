package dev.bwe.estimator;

/**
 * Told when a {@link ReceiveSideEstimator} rebuilds its estimator. Called on the estimator's thread; must
 * not block.
 */
@FunctionalInterface
public interface EstimatorSwitchListener {
    /**
     * @param timeUs arrival time of the packet that caused the switch, µs
     * @param ssrc that packet's SSRC
     * @param from the estimator before
     * @param to the estimator now (freshly built)
     */
    void onEstimatorSwitch(long timeUs, int ssrc, EstimatorKind from, EstimatorKind to);

    /** A listener that ignores every switch. */
    EstimatorSwitchListener NONE = (timeUs, ssrc, from, to) -> { };
}
