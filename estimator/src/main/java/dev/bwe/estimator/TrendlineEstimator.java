package dev.bwe.estimator;

/**
 * Send-side GCC's trendline filter ({@code goog_cc/trendline_estimator.cc}), offered as an alternative
 * {@link DelayFilter} to the receive side's Kalman {@link OveruseEstimator}.
 *
 * <p>Each group-to-group delta adds {@code arrival delta − send delta} to an accumulated delay, which
 * is exponentially smoothed. The last {@code windowSize} points (arrival time since the first delta,
 * smoothed delay) are kept in a preallocated ring, and once the ring is full their least-squares slope
 * is the trend: roughly {@code (send rate − capacity) / capacity}, so positive while a queue fills,
 * 0 while it is steady and negative while it drains. It is dimensionless (ms of delay per ms), unlike
 * the Kalman offset, which is ms per group. Until the ring is full, and whenever the fit is undefined
 * (every point at the same arrival time), the previous trend is kept. libwebrtc's optional slope cap
 * and sorting are off by default and not offered here.
 *
 * <p><b>Pairing with {@link OveruseDetector}.</b> libwebrtc's trendline runs its own copy of the
 * detector, thresholding the modified trend {@code min(n, 60) · trend · thresholdGain} and requiring
 * {@code trend ≥ previous trend} for over-use. {@link #offset()} returns {@code trend · thresholdGain},
 * so the shared detector's {@code min(n, 60) · offset} is that modified trend and its
 * {@code offset ≥ previous offset} is the same test (the gain is positive). With a power-of-two gain
 * such as the default 4.0 the multiplication is exact, so the detector reproduces the trendline's rule
 * bit for bit; with any other gain the product can differ by one rounding. One difference remains:
 * with fewer than two deltas libwebrtc's trendline sets its hypothesis to Normal while the shared
 * detector leaves its state alone. Both start Normal, so this only shows when the filter is reset and
 * the detector is not (a stream timeout, for example).
 *
 * <p>Not thread-safe. {@link #update} allocates nothing.
 */
public final class TrendlineEstimator implements DelayFilter {
    /** Deltas in the regression window (libwebrtc's {@code kDefaultTrendlineWindowSize}). */
    public static final int DEFAULT_WINDOW_SIZE = 20;
    /** Weight of the previous smoothed delay in the exponential smoothing. */
    public static final double DEFAULT_SMOOTHING_COEF = 0.9;
    /** Multiplier from trend to the detector's offset. */
    public static final double DEFAULT_THRESHOLD_GAIN = 4.0;
    static final int DELTA_COUNTER_MAX = 1000;

    private static final long NO_ARRIVAL = Long.MIN_VALUE;

    private final int windowSize;
    private final double smoothingCoef;
    private final double thresholdGain;

    // The regression window, oldest at historyStart: x is ms since the first delta's arrival, y the
    // smoothed delay in ms. Two parallel arrays rather than point objects, so nothing is allocated.
    private final double[] arrivalTimesMs;
    private final double[] smoothedDelaysMs;
    private int historyStart;
    private int historySize;

    private int numOfDeltas;
    private long firstArrivalTimeMs;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private double trend;

    /** libwebrtc's defaults: window 20, smoothing 0.9, threshold gain 4.0. */
    public TrendlineEstimator() {
        this(DEFAULT_WINDOW_SIZE, DEFAULT_SMOOTHING_COEF, DEFAULT_THRESHOLD_GAIN);
    }

    /**
     * @param windowSize deltas in the regression window; at least 2 (a line needs two points)
     * @param smoothingCoef weight of the previous smoothed delay, in [0, 1); 0 disables smoothing
     * @param thresholdGain multiplier from trend to {@link #offset()}, positive; powers of two keep the
     *     detector's modified trend bit-exact (see the class comment)
     */
    public TrendlineEstimator(final int windowSize, final double smoothingCoef, final double thresholdGain) {
        if (windowSize < 2) {
            throw new IllegalArgumentException("windowSize must be at least 2: " + windowSize);
        }
        if (!(smoothingCoef >= 0.0 && smoothingCoef < 1.0)) {
            throw new IllegalArgumentException("smoothingCoef must be in [0, 1): " + smoothingCoef);
        }
        if (!(thresholdGain > 0.0 && Double.isFinite(thresholdGain))) {
            throw new IllegalArgumentException("thresholdGain must be positive and finite: " + thresholdGain);
        }
        this.windowSize = windowSize;
        this.smoothingCoef = smoothingCoef;
        this.thresholdGain = thresholdGain;
        this.arrivalTimesMs = new double[windowSize];
        this.smoothedDelaysMs = new double[windowSize];
        reset();
    }

    @Override
    public void reset() {
        historyStart = 0;
        historySize = 0;
        numOfDeltas = 0;
        firstArrivalTimeMs = NO_ARRIVAL;
        accumulatedDelayMs = 0;
        smoothedDelayMs = 0;
        trend = 0;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The size delta and the hypothesis are not used: the trendline has no size or noise model.
     */
    @Override
    public void update(final long arrivalDeltaMs, final double sendDeltaMs, final int sizeDeltaBytes,
                       final BandwidthUsage currentHypothesis, final long arrivalTimeMs) {
        final double delayDeltaMs = arrivalDeltaMs - sendDeltaMs;
        numOfDeltas = Math.min(numOfDeltas + 1, DELTA_COUNTER_MAX);
        if (firstArrivalTimeMs == NO_ARRIVAL) {
            firstArrivalTimeMs = arrivalTimeMs;
        }

        accumulatedDelayMs += delayDeltaMs;
        smoothedDelayMs = smoothingCoef * smoothedDelayMs + (1 - smoothingCoef) * accumulatedDelayMs;

        append((double) (arrivalTimeMs - firstArrivalTimeMs), smoothedDelayMs);
        if (historySize == windowSize) {
            trend = linearFitSlope(trend);
        }
    }

    private void append(final double arrivalTimeMs, final double smoothedDelayMs) {
        final int index;
        if (historySize < windowSize) {
            index = wrap(historyStart + historySize);
            historySize++;
        } else {
            // Full: the new point replaces the oldest.
            index = historyStart;
            historyStart = wrap(historyStart + 1);
        }
        arrivalTimesMs[index] = arrivalTimeMs;
        smoothedDelaysMs[index] = smoothedDelayMs;
    }

    /**
     * Least-squares slope of smoothed delay over arrival time, summed oldest first as libwebrtc does
     * (the order matters for bit-exact sums); {@code fallback} when every x is the same.
     */
    private double linearFitSlope(final double fallback) {
        final double[] xs = arrivalTimesMs;
        final double[] ys = smoothedDelaysMs;
        final int size = historySize;
        double sumX = 0;
        double sumY = 0;
        for (int i = 0, index = historyStart; i < size; i++, index = wrap(index + 1)) {
            sumX += xs[index];
            sumY += ys[index];
        }
        final double xAvg = sumX / size;
        final double yAvg = sumY / size;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0, index = historyStart; i < size; i++, index = wrap(index + 1)) {
            final double dx = xs[index] - xAvg;
            numerator += dx * (ys[index] - yAvg);
            denominator += dx * dx;
        }
        return denominator == 0 ? fallback : numerator / denominator;
    }

    private int wrap(final int index) {
        return index >= windowSize ? index - windowSize : index;
    }

    /**
     * {@code trend · thresholdGain}: what {@link OveruseDetector} must threshold to apply the trendline's
     * modified-trend rule (see the class comment).
     */
    @Override
    public double offset() {
        return trend * thresholdGain;
    }

    @Override
    public int numOfDeltas() {
        return numOfDeltas;
    }

    /** The regression slope, ms of smoothed delay per ms of arrival time; 0 until the window first fills. */
    public double trend() {
        return trend;
    }

    /** Sum of all {@code arrival delta − send delta} since construction or reset, ms. */
    public double accumulatedDelayMs() {
        return accumulatedDelayMs;
    }

    /** The exponentially smoothed accumulated delay, ms. */
    public double smoothedDelayMs() {
        return smoothedDelayMs;
    }

    /** Deltas in the regression window. */
    public int windowSize() {
        return windowSize;
    }

    /** Weight of the previous smoothed delay. */
    public double smoothingCoef() {
        return smoothingCoef;
    }

    /** Multiplier from {@link #trend()} to {@link #offset()}. */
    public double thresholdGain() {
        return thresholdGain;
    }
}
