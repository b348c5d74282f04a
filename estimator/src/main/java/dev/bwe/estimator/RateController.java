package dev.bwe.estimator;

/**
 * What {@link RemoteBitrateEstimator} asks of a rate controller: the estimate from the detector's state
 * and the measured incoming rate. One implementation per {@link EstimatorProfile}, chosen once when the
 * estimator is built ({@link #forConfig}): {@link AimdRateControl} (libwebrtc's, for
 * {@link EstimatorProfile#PARITY}) and {@link AdaptiveRateControl}.
 *
 * <p>Times are µs, rates bps; {@code -1} for a throughput means "not measured".
 */
public interface RateController {
    /** True once the estimate means something. */
    boolean validEstimate();

    /** The current estimate, bps (meaningless until {@link #validEstimate()}). */
    long latestEstimateBps();

    /** The round-trip time, µs. */
    void setRtt(long rttUs);

    /** Bounds the estimate from now on (a run-time control); the current estimate is clamped at once. */
    void setBitrateBounds(long minBps, long maxBps);

    /** How long to wait between periodic updates, µs. */
    long feedbackIntervalUs();

    /** Whether an over-use seen now may reduce the estimate again. */
    boolean timeToReduceFurther(long atTimeUs, long estimatedThroughputBps);

    /** Runs the controller with the detector's state and the incoming rate; returns the estimate, bps. */
    long update(BandwidthUsage usage, long estimatedThroughputBps, long atTimeUs);

    /** Sets the estimate directly (a probe result): valid from now on. */
    void setEstimate(long bitrateBps, long atTimeUs);

    /**
     * Sees every accepted packet before the detector runs. libwebrtc's controller needs nothing more than
     * {@link #update}, so the default does nothing.
     *
     * @param arrivalTimeUs arrival time, µs
     * @param sendTicks the send time in the 32-bit tick domain of {@link AbsSendTime#toTicks}
     * @param ssrc the stream
     * @param sequenceNumber the RTP sequence number (0..65535), or -1 when the caller does not give it
     * @param payloadSizeBytes payload plus padding, bytes
     */
    default void onPacket(long arrivalTimeUs, int sendTicks, int ssrc, int sequenceNumber, int payloadSizeBytes) {
    }

    /** The send clock restarted (no live stream, or a switch of clock domain): forget delay history. */
    default void onSendClockReset() {
    }

    /** The controller the profile of {@code config} calls for. */
    static RateController forConfig(final EstimatorConfig config) {
        switch (config.profile()) {
            case PARITY:
                return new AimdRateControl(config.backoffFactor(), config.minBitrateBps(), config.maxBitrateBps(),
                    config.startBitrateBps());
            case ADAPTIVE:
                return new AdaptiveRateControl(config);
            default:
                throw new IllegalArgumentException("no rate controller for profile " + config.profile());
        }
    }
}
