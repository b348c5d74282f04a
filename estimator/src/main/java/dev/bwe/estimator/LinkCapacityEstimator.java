package dev.bwe.estimator;

/**
 * An estimate of the bottleneck's capacity, learned from the throughput seen at each over-use
 * (libwebrtc {@code LinkCapacityEstimator}). While the throughput stays within three standard
 * deviations of it, {@link AimdRateControl} increases additively instead of multiplicatively,
 * because the capacity is already known.
 */
public final class LinkCapacityEstimator {
    private static final double INITIAL_DEVIATION_KBPS = 0.4;
    // libwebrtc clamps with float literals: 0.4f is 0.4000000059604645 in double.
    private static final double MIN_DEVIATION_KBPS = 0.4f;
    private static final double MAX_DEVIATION_KBPS = 2.5f;

    private boolean hasEstimate;
    private double estimateKbps;
    private double deviationKbps = INITIAL_DEVIATION_KBPS;

    /** Upper bound (estimate + 3σ), bps; {@link Long#MAX_VALUE} (infinity) without an estimate. */
    public long upperBoundBps() {
        if (!hasEstimate) {
            return Long.MAX_VALUE;
        }
        return Units.truncate((estimateKbps + 3 * deviationEstimateKbps()) * 1000);
    }

    /** Lower bound (estimate − 3σ, at least 0), bps; 0 without an estimate. */
    public long lowerBoundBps() {
        if (!hasEstimate) {
            return 0;
        }
        return Units.truncate(Math.max(0.0, estimateKbps - 3 * deviationEstimateKbps()) * 1000);
    }

    /** Drops the estimate (the deviation is kept, as in libwebrtc). */
    public void reset() {
        hasEstimate = false;
    }

    /** Back to the freshly constructed state, deviation included. */
    void clear() {
        hasEstimate = false;
        estimateKbps = 0;
        deviationKbps = INITIAL_DEVIATION_KBPS;
    }

    /** Learns from the throughput measured when an over-use was detected. */
    public void onOveruseDetected(final long acknowledgedRateBps) {
        update(acknowledgedRateBps, 0.05);
    }

    /** Learns from a probe result (the receive side never calls it; kept for completeness). */
    public void onProbeRate(final long probeRateBps) {
        update(probeRateBps, 0.5);
    }

    private void update(final long capacitySampleBps, final double alpha) {
        // libwebrtc takes the sample as integer kbps, rounded.
        final double sampleKbps = Units.bpsToKbps(capacitySampleBps);
        if (!hasEstimate) {
            estimateKbps = sampleKbps;
            hasEstimate = true;
        } else {
            estimateKbps = (1 - alpha) * estimateKbps + alpha * sampleKbps;
        }
        // The variance is normalised by the estimate so that one deviation bound fits all rates.
        final double norm = Math.max(estimateKbps, 1.0);
        final double errorKbps = estimateKbps - sampleKbps;
        deviationKbps = (1 - alpha) * deviationKbps + alpha * errorKbps * errorKbps / norm;
        deviationKbps = Math.max(MIN_DEVIATION_KBPS, Math.min(MAX_DEVIATION_KBPS, deviationKbps));
    }

    public boolean hasEstimate() {
        return hasEstimate;
    }

    /** The estimate, bps (libwebrtc's {@code KilobitsPerSec(double)}: truncated). */
    public long estimateBps() {
        return Units.truncate(estimateKbps * 1000);
    }

    private double deviationEstimateKbps() {
        return Math.sqrt(deviationKbps * estimateKbps);
    }
}
