package dev.bwe.estimator;

/** Told when the {@link OveruseDetector}'s hypothesis changes. Called on the estimator's thread; must not block. */
@FunctionalInterface
public interface DetectorStateListener {
    /**
     * @param arrivalTimeMs arrival time of the packet whose delta changed the state, ms
     * @param previous the state before
     * @param current the state now
     */
    void onStateChanged(long arrivalTimeMs, BandwidthUsage previous, BandwidthUsage current);

    /** A listener that ignores every change. */
    DetectorStateListener NONE = (arrivalTimeMs, previous, current) -> { };
}
