package dev.bwe.estimator;

/** Which {@link DelayFilter} a session's estimator runs. */
public enum DelayFilterKind {
    /** libwebrtc's receive-side Kalman filter ({@link OveruseEstimator}): the default and the reference. */
    KALMAN,
    /** Send-side GCC's trendline filter ({@link TrendlineEstimator}) with its default window, smoothing and gain. */
    TRENDLINE;

    DelayFilter newFilter() {
        return this == KALMAN ? new OveruseEstimator() : new TrendlineEstimator();
    }
}
