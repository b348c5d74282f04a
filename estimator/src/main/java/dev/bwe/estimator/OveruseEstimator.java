package dev.bwe.estimator;

/**
 * libwebrtc's Kalman filter over the delay variation between groups: it tracks the queuing-delay
 * gradient ({@link #offset()}, ms per group) and the size-dependent part of the delay ({@link #slope()},
 * ms per byte), and learns the measurement noise so the detector can tell jitter from queuing.
 */
public final class OveruseEstimator implements DelayFilter {
    static final int MIN_FRAME_PERIOD_HISTORY_LENGTH = 60;
    static final int DELTA_COUNTER_MAX = 1000;
    private static final double INITIAL_SLOPE = 8.0 / 512.0;
    private static final double INITIAL_VAR_NOISE = 50.0;
    private static final double PROCESS_NOISE_SLOPE = 1e-13;
    private static final double PROCESS_NOISE_OFFSET = 1e-3;

    private final double[] tsDeltaHistoryMs = new double[MIN_FRAME_PERIOD_HISTORY_LENGTH];
    private int tsDeltaHistoryStart;
    private int tsDeltaHistorySize;

    private int numOfDeltas;
    private double slope;
    private double offset;
    private double prevOffset;
    private double e00;
    private double e01;
    private double e10;
    private double e11;
    private double avgNoise;
    private double varNoise;

    public OveruseEstimator() {
        reset();
    }

    @Override
    public void reset() {
        tsDeltaHistoryStart = 0;
        tsDeltaHistorySize = 0;
        numOfDeltas = 0;
        slope = INITIAL_SLOPE;
        offset = 0;
        prevOffset = 0;
        e00 = 100;
        e01 = 0;
        e10 = 0;
        e11 = 1e-1;
        avgNoise = 0;
        varNoise = INITIAL_VAR_NOISE;
    }

    @Override
    public void update(final long arrivalDeltaMs, final double sendDeltaMs, final int sizeDeltaBytes,
                       final BandwidthUsage currentHypothesis, final long arrivalTimeMs) {
        final double minFramePeriodMs = updateMinFramePeriod(sendDeltaMs);
        final double tTsDelta = arrivalDeltaMs - sendDeltaMs;
        final double fsDelta = sizeDeltaBytes;

        ++numOfDeltas;
        if (numOfDeltas > DELTA_COUNTER_MAX) {
            numOfDeltas = DELTA_COUNTER_MAX;
        }

        e00 += PROCESS_NOISE_SLOPE;
        e11 += PROCESS_NOISE_OFFSET;
        // When the offset moves against the hypothesis the model is off: let the offset move faster.
        if ((currentHypothesis == BandwidthUsage.OVERUSING && offset < prevOffset)
            || (currentHypothesis == BandwidthUsage.UNDERUSING && offset > prevOffset)) {
            e11 += 10 * PROCESS_NOISE_OFFSET;
        }

        final double h0 = fsDelta;
        final double h1 = 1.0;
        final double eh0 = e00 * h0 + e01 * h1;
        final double eh1 = e10 * h0 + e11 * h1;

        final double residual = tTsDelta - slope * h0 - offset;

        final boolean inStableState = currentHypothesis == BandwidthUsage.NORMAL;
        final double maxResidual = 3.0 * Math.sqrt(varNoise);
        // Very late groups (key frames, for instance) do not fit the Gaussian model: clamp them so
        // they do not inflate the noise estimate.
        if (Math.abs(residual) < maxResidual) {
            updateNoiseEstimate(residual, minFramePeriodMs, inStableState);
        } else {
            updateNoiseEstimate(residual < 0 ? -maxResidual : maxResidual, minFramePeriodMs, inStableState);
        }

        final double denom = varNoise + h0 * eh0 + h1 * eh1;
        final double k0 = eh0 / denom;
        final double k1 = eh1 / denom;

        final double ikh00 = 1.0 - k0 * h0;
        final double ikh01 = -k0 * h1;
        final double ikh10 = -k1 * h0;
        final double ikh11 = 1.0 - k1 * h1;
        final double oldE00 = e00;
        final double oldE01 = e01;

        e00 = oldE00 * ikh00 + e10 * ikh01;
        e01 = oldE01 * ikh00 + e11 * ikh01;
        e10 = oldE00 * ikh10 + e10 * ikh11;
        e11 = oldE01 * ikh10 + e11 * ikh11;

        slope = slope + k0 * residual;
        prevOffset = offset;
        offset = offset + k1 * residual;
    }

    private double updateMinFramePeriod(final double tsDeltaMs) {
        double minFramePeriodMs = tsDeltaMs;
        if (tsDeltaHistorySize >= MIN_FRAME_PERIOD_HISTORY_LENGTH) {
            tsDeltaHistoryStart = (tsDeltaHistoryStart + 1) % MIN_FRAME_PERIOD_HISTORY_LENGTH;
            tsDeltaHistorySize--;
        }
        for (int i = 0; i < tsDeltaHistorySize; i++) {
            minFramePeriodMs = Math.min(tsDeltaHistoryMs[(tsDeltaHistoryStart + i) % MIN_FRAME_PERIOD_HISTORY_LENGTH],
                minFramePeriodMs);
        }
        tsDeltaHistoryMs[(tsDeltaHistoryStart + tsDeltaHistorySize) % MIN_FRAME_PERIOD_HISTORY_LENGTH] = tsDeltaMs;
        tsDeltaHistorySize++;
        return minFramePeriodMs;
    }

    private void updateNoiseEstimate(final double residual, final double tsDeltaMs, final boolean stableState) {
        if (!stableState) {
            return;
        }
        // Faster adaptation at start-up; alpha is tuned for 30 fps and scaled by the frame period.
        final double alpha = numOfDeltas > 10 * 30 ? 0.002 : 0.01;
        // Math.pow, not StrictMath.pow: the latter is Java code that allocates on every call until C2 has
        // compiled it away, while HotSpot runs Math.pow's one intrinsic in the interpreter and in compiled
        // code alike (so a run and its replay agree); libwebrtc's expected numbers hold with either.
        final double beta = Math.pow(1 - alpha, tsDeltaMs * 30.0 / 1000.0);
        avgNoise = beta * avgNoise + (1 - beta) * residual;
        varNoise = beta * varNoise + (1 - beta) * (avgNoise - residual) * (avgNoise - residual);
        if (varNoise < 1) {
            varNoise = 1;
        }
    }

    @Override
    public double offset() {
        return offset;
    }

    @Override
    public int numOfDeltas() {
        return numOfDeltas;
    }

    /** Delay per byte of group-size difference, ms/byte. */
    public double slope() {
        return slope;
    }

    /** Measurement-noise variance, ms². */
    public double varNoise() {
        return varNoise;
    }
}
