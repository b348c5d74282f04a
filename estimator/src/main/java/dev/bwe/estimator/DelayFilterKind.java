package dev.bwe.estimator;

/** Which {@link DelayFilter} a session's estimator runs. */
public enum DelayFilterKind {
    /** libwebrtc's receive-side Kalman filter ({@link OveruseEstimator}): the default and the reference. */
    KALMAN;

    DelayFilter newFilter() {
        return new OveruseEstimator();
    }
}
