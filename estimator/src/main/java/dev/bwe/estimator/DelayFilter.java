package dev.bwe.estimator;

/**
 * Turns inter-group delay variations into a queuing-delay gradient for the {@link OveruseDetector}.
 *
 * <p>Two implementations: {@link OveruseEstimator} (libwebrtc's Kalman filter, the receive-side
 * default) and {@link TrendlineEstimator} (send-side GCC's least-squares trend, offered as an
 * alternative). The detector compares {@code min(numOfDeltas(), 60) * offset()} with its adaptive
 * threshold, so each filter reports its gradient already scaled the way its detector expects.
 */
public interface DelayFilter {
    /**
     * Feeds one group-to-group delta.
     *
     * @param arrivalDeltaMs difference of the two groups' last arrival times, ms
     * @param sendDeltaMs difference of the two groups' send timestamps, ms
     * @param sizeDeltaBytes difference of the two groups' total sizes, bytes
     * @param currentHypothesis the detector's state before this delta
     * @param arrivalTimeMs arrival time of the packet that completed the delta, ms
     */
    void update(long arrivalDeltaMs, double sendDeltaMs, int sizeDeltaBytes,
                BandwidthUsage currentHypothesis, long arrivalTimeMs);

    /** The gradient the detector thresholds (ms), before the {@code min(n, 60)} scaling. */
    double offset();

    /** Number of deltas seen, saturating at 1000. */
    int numOfDeltas();

    /** Back to the freshly constructed state, without allocating. */
    void reset();
}
