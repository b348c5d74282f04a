package dev.bwe.estimator;

/**
 * Additive-increase, multiplicative-decrease control of the estimate from the detector's state and
 * the measured incoming rate: libwebrtc's {@code AimdRateControl} as the receive side uses it.
 *
 * <p>Normal → increase (8 % per second while the link capacity is unknown, additively near a known
 * capacity, never beyond 1.5 × throughput + 10 kbps); over-use → decrease to 0.85 × throughput
 * − 5 kbps and hold; under-use → hold. The estimate becomes valid 5 s after the first throughput, on
 * the first over-use, or when a probe sets it.
 *
 * <p>Times are µs, rates bps. {@code -1} for a throughput means "not measured".
 */
public final class AimdRateControl implements RateController {
    /** libwebrtc {@code kCongestionControllerMinBitrate}. */
    public static final long DEFAULT_MIN_BITRATE_BPS = 5_000;
    /** libwebrtc's max configured bitrate, also the meaningless initial estimate. */
    public static final long DEFAULT_MAX_CONFIGURED_BITRATE_BPS = 30_000_000;
    /** libwebrtc {@code kDefaultBackoffFactor}. */
    public static final double DEFAULT_BACKOFF_FACTOR = 0.85;
    static final long DEFAULT_RTT_US = 200_000;
    static final long INITIALIZATION_TIME_US = 5_000_000;
    private static final long ADDITIONAL_BACKOFF_BPS = 5_000;
    private static final long RTCP_SIZE_BYTES = 80;
    private static final long MIN_FEEDBACK_INTERVAL_US = 200_000;
    private static final long MAX_FEEDBACK_INTERVAL_US = 1_000_000;
    private static final long FRAME_INTERVAL_US = 1_000_000 / 30;
    private static final long PACKET_SIZE_BYTES = 1200;
    private static final double MIN_INCREASE_RATE_BPS_PER_SECOND = 4000;

    private enum State { HOLD, INCREASE, DECREASE }

    private final double backoffFactor;
    private long minBitrateBps;
    private long maxBitrateBps;
    private final long startBitrateBps;

    private long currentBitrateBps;
    private long latestEstimatedThroughputBps;
    private final LinkCapacityEstimator linkCapacity = new LinkCapacityEstimator();
    private State state;
    private long timeLastBitrateChangeUs;
    private long timeLastBitrateDecreaseUs;
    private long timeFirstThroughputEstimateUs;
    private boolean bitrateIsInitialized;
    private long lastDecreaseBps;
    private long rttUs;

    /** libwebrtc's receive-side defaults: back-off 0.85, floor 5 kbps, no start bitrate. */
    public AimdRateControl() {
        this(DEFAULT_BACKOFF_FACTOR, DEFAULT_MIN_BITRATE_BPS, Long.MAX_VALUE, -1);
    }

    /**
     * @param backoffFactor multiplicative decrease, 0 &lt; factor &lt; 1
     * @param minBitrateBps floor of the estimate
     * @param maxBitrateBps ceiling of the estimate ({@link Long#MAX_VALUE}: none, as libwebrtc)
     * @param startBitrateBps a start estimate that is valid at once, or -1 for libwebrtc's behaviour
     */
    public AimdRateControl(final double backoffFactor, final long minBitrateBps, final long maxBitrateBps,
                           final long startBitrateBps) {
        if (!(backoffFactor > 0 && backoffFactor < 1)) {
            throw new IllegalArgumentException("backoff factor must be in (0, 1), was " + backoffFactor);
        }
        if (minBitrateBps < 0 || maxBitrateBps < minBitrateBps) {
            throw new IllegalArgumentException("need 0 <= min <= max bitrate, was min " + minBitrateBps
                + " bps, max " + maxBitrateBps + " bps");
        }
        this.backoffFactor = backoffFactor;
        this.minBitrateBps = minBitrateBps;
        this.maxBitrateBps = maxBitrateBps;
        this.startBitrateBps = startBitrateBps;
        reset();
    }

    /** Back to the freshly constructed state. */
    public void reset() {
        currentBitrateBps = DEFAULT_MAX_CONFIGURED_BITRATE_BPS;
        latestEstimatedThroughputBps = currentBitrateBps;
        linkCapacity.clear();
        state = State.HOLD;
        timeLastBitrateChangeUs = Units.NONE;
        timeLastBitrateDecreaseUs = Units.NONE;
        timeFirstThroughputEstimateUs = Units.NONE;
        bitrateIsInitialized = false;
        lastDecreaseBps = Units.NONE;
        rttUs = DEFAULT_RTT_US;
        if (startBitrateBps >= 0) {
            setStartBitrate(startBitrateBps);
        }
    }

    /** Makes {@code startBitrateBps} the valid estimate at once. */
    public void setStartBitrate(final long startBitrateBps) {
        currentBitrateBps = startBitrateBps;
        latestEstimatedThroughputBps = currentBitrateBps;
        bitrateIsInitialized = true;
    }

    /** True once the estimate means something. */
    @Override
    public boolean validEstimate() {
        return bitrateIsInitialized;
    }

    /** The current estimate, bps (meaningless until {@link #validEstimate()}). */
    @Override
    public long latestEstimateBps() {
        return currentBitrateBps;
    }

    /**
     * New bounds of the estimate, from now on (a relay's run-time min/max). The current estimate is
     * clamped into them at once; libwebrtc's parity tests never call this.
     *
     * @throws IllegalArgumentException unless 0 &lt;= min &lt;= max
     */
    @Override
    public void setBitrateBounds(final long minBps, final long maxBps) {
        if (minBps < 0 || maxBps < minBps) {
            throw new IllegalArgumentException("need 0 <= min <= max bitrate, was min " + minBps + " bps, max "
                + maxBps + " bps");
        }
        minBitrateBps = minBps;
        maxBitrateBps = maxBps;
        currentBitrateBps = clampBitrate(currentBitrateBps);
    }

    /** The round-trip time used for the reduction interval and the near-max increase rate. */
    @Override
    public void setRtt(final long rttUs) {
        this.rttUs = rttUs;
    }

    /**
     * How often to send feedback when spending 5 % of the estimate on 80-byte RTCP packets, clamped to
     * [200 ms, 1 s], µs.
     */
    @Override
    public long feedbackIntervalUs() {
        final long rtcpBitrateBps = Units.scaleRate(currentBitrateBps, 0.05);
        final long intervalUs = rtcpBitrateBps <= 0 ? MAX_FEEDBACK_INTERVAL_US
            : Units.bytesAtRateToUs(RTCP_SIZE_BYTES, rtcpBitrateBps);
        return Math.max(MIN_FEEDBACK_INTERVAL_US, Math.min(MAX_FEEDBACK_INTERVAL_US, intervalUs));
    }

    /** Whether another decrease may follow the last change: one RTT later, or at once when far too high. */
    @Override
    public boolean timeToReduceFurther(final long atTimeUs, final long estimatedThroughputBps) {
        final long reductionIntervalUs = Math.max(10_000, Math.min(200_000, rttUs));
        if (timeLastBitrateChangeUs == Units.NONE || atTimeUs - timeLastBitrateChangeUs >= reductionIntervalUs) {
            return true;
        }
        if (validEstimate()) {
            final long thresholdBps = Units.scaleRate(latestEstimateBps(), 0.5);
            return estimatedThroughputBps < thresholdBps;
        }
        return false;
    }

    /**
     * Runs the controller with the detector's state and the incoming rate.
     *
     * @param usage the detector's state
     * @param estimatedThroughputBps the incoming bitrate, or -1 when not measured
     * @param atTimeUs now, µs
     * @return the estimate after the update, bps
     */
    @Override
    public long update(final BandwidthUsage usage, final long estimatedThroughputBps, final long atTimeUs) {
        if (!bitrateIsInitialized) {
            if (timeFirstThroughputEstimateUs == Units.NONE) {
                if (estimatedThroughputBps >= 0) {
                    timeFirstThroughputEstimateUs = atTimeUs;
                }
            } else if (atTimeUs - timeFirstThroughputEstimateUs > INITIALIZATION_TIME_US
                && estimatedThroughputBps >= 0) {
                currentBitrateBps = estimatedThroughputBps;
                bitrateIsInitialized = true;
            }
        }
        changeBitrate(usage, estimatedThroughputBps, atTimeUs);
        return currentBitrateBps;
    }

    /** Sets the estimate directly (a probe result): valid from now on. */
    @Override
    public void setEstimate(final long bitrateBps, final long atTimeUs) {
        bitrateIsInitialized = true;
        final long prevBitrateBps = currentBitrateBps;
        currentBitrateBps = clampBitrate(bitrateBps);
        timeLastBitrateChangeUs = atTimeUs;
        if (currentBitrateBps < prevBitrateBps) {
            timeLastBitrateDecreaseUs = atTimeUs;
        }
    }

    /** Increase rate near the link capacity: about one average packet per response time, bps per second. */
    public double nearMaxIncreaseRateBpsPerSecond() {
        final long frameSizeBytes = Units.rateTimesDurationToBytes(currentBitrateBps, FRAME_INTERVAL_US);
        final double packetsPerFrame = Math.ceil((double) frameSizeBytes / PACKET_SIZE_BYTES);
        final long avgPacketSizeBytes = Units.llround(frameSizeBytes / packetsPerFrame);
        // Approximate the over-use estimator's delay by 100 ms.
        final long responseTimeUs = (rttUs + 100_000) * 2;
        final double increaseRateBpsPerSecond = Units.bytesPerDurationToBps(avgPacketSizeBytes, responseTimeUs);
        return Math.max(MIN_INCREASE_RATE_BPS_PER_SECOND, increaseRateBpsPerSecond);
    }

    /** How long recovering the last decrease takes at the near-max rate, in [2 s, 50 s]; 3 s before any decrease. */
    public long expectedBandwidthPeriodUs() {
        final long minPeriodUs = 2_000_000;
        final long defaultPeriodUs = 3_000_000;
        final long maxPeriodUs = 50_000_000;
        final double increaseRateBpsPerSecond = nearMaxIncreaseRateBpsPerSecond();
        if (lastDecreaseBps == Units.NONE) {
            return defaultPeriodUs;
        }
        final double timeToRecoverDecreaseSeconds = lastDecreaseBps / increaseRateBpsPerSecond;
        final long periodUs = Units.truncate(timeToRecoverDecreaseSeconds * 1_000_000);
        return Math.max(minPeriodUs, Math.min(maxPeriodUs, periodUs));
    }

    private void changeBitrate(final BandwidthUsage usage, final long inputThroughputBps, final long atTimeUs) {
        long newBitrateBps = Units.NONE;
        final long estimatedThroughputBps = inputThroughputBps >= 0 ? inputThroughputBps : latestEstimatedThroughputBps;
        if (inputThroughputBps >= 0) {
            latestEstimatedThroughputBps = inputThroughputBps;
        }

        // An over-use must reduce the rate even before the first estimate; acting on it makes the
        // estimate valid.
        if (!bitrateIsInitialized && usage != BandwidthUsage.OVERUSING) {
            return;
        }

        changeState(usage, atTimeUs);

        switch (state) {
            case HOLD:
                break;
            case INCREASE: {
                if (estimatedThroughputBps > linkCapacity.upperBoundBps()) {
                    linkCapacity.reset();
                }
                // Limit the increase by what is actually received, with some slack at low rates so
                // that an uneven encoder does not get stuck.
                final long increaseLimitBps = Units.scaleRate(estimatedThroughputBps, 1.5) + 10_000;
                if (currentBitrateBps < increaseLimitBps) {
                    final long increasedBitrateBps;
                    if (linkCapacity.hasEstimate()) {
                        // Near the known capacity: additive increase.
                        increasedBitrateBps = currentBitrateBps + additiveRateIncrease(atTimeUs, timeLastBitrateChangeUs);
                    } else {
                        // Capacity unknown: ramp up faster to discover it.
                        increasedBitrateBps = currentBitrateBps
                            + multiplicativeRateIncrease(atTimeUs, timeLastBitrateChangeUs, currentBitrateBps);
                    }
                    newBitrateBps = Math.min(increasedBitrateBps, increaseLimitBps);
                }
                timeLastBitrateChangeUs = atTimeUs;
                break;
            }
            case DECREASE: {
                // Slightly below the measured throughput, to drain the queue we built.
                long decreasedBitrateBps = Units.scaleRate(estimatedThroughputBps, backoffFactor);
                if (decreasedBitrateBps > ADDITIONAL_BACKOFF_BPS) {
                    decreasedBitrateBps -= ADDITIONAL_BACKOFF_BPS;
                }
                if (decreasedBitrateBps > currentBitrateBps && linkCapacity.hasEstimate()) {
                    decreasedBitrateBps = Units.scaleRate(linkCapacity.estimateBps(), backoffFactor);
                }
                // Never increase while over-using.
                if (decreasedBitrateBps < currentBitrateBps) {
                    newBitrateBps = decreasedBitrateBps;
                }
                if (bitrateIsInitialized && estimatedThroughputBps < currentBitrateBps) {
                    lastDecreaseBps = newBitrateBps == Units.NONE ? 0 : currentBitrateBps - newBitrateBps;
                }
                if (estimatedThroughputBps < linkCapacity.lowerBoundBps()) {
                    // Far from the capacity estimate: forget it so this over-use sets it afresh.
                    linkCapacity.reset();
                }
                bitrateIsInitialized = true;
                linkCapacity.onOveruseDetected(estimatedThroughputBps);
                // Hold until the queue has drained.
                state = State.HOLD;
                timeLastBitrateChangeUs = atTimeUs;
                timeLastBitrateDecreaseUs = atTimeUs;
                break;
            }
            default:
                throw new IllegalStateException(state.name());
        }
        currentBitrateBps = clampBitrate(newBitrateBps == Units.NONE ? currentBitrateBps : newBitrateBps);
    }

    private void changeState(final BandwidthUsage usage, final long atTimeUs) {
        switch (usage) {
            case NORMAL:
                if (state == State.HOLD) {
                    timeLastBitrateChangeUs = atTimeUs;
                    state = State.INCREASE;
                }
                break;
            case OVERUSING:
                state = State.DECREASE;
                break;
            case UNDERUSING:
                state = State.HOLD;
                break;
            default:
                throw new IllegalStateException(usage.name());
        }
    }

    private long multiplicativeRateIncrease(final long atTimeUs, final long lastTimeUs, final long currentBps) {
        double alpha = 1.08;
        if (lastTimeUs != Units.NONE) {
            final double sinceLastSeconds = Units.usToSeconds(atTimeUs - lastTimeUs);
            // Math.pow for the reason given in OveruseEstimator: allocation-free from the first call.
            alpha = Math.pow(alpha, Math.min(sinceLastSeconds, 1.0));
        }
        return Math.max(Units.scaleRate(currentBps, alpha - 1.0), 1000);
    }

    private long additiveRateIncrease(final long atTimeUs, final long lastTimeUs) {
        final double periodSeconds = Units.usToSeconds(atTimeUs - lastTimeUs);
        return Units.truncate(nearMaxIncreaseRateBpsPerSecond() * periodSeconds);
    }

    private long clampBitrate(final long bitrateBps) {
        return Math.min(maxBitrateBps, Math.max(bitrateBps, minBitrateBps));
    }

    /** The time of the last decrease, µs, or {@link Long#MIN_VALUE} before any. */
    public long timeLastBitrateDecreaseUs() {
        return timeLastBitrateDecreaseUs;
    }
}
