package dev.bwe.estimator;

/**
 * The rate controller of {@link EstimatorProfile#ADAPTIVE}: the same detector signals as libwebrtc's
 * {@link AimdRateControl}, with four changes that the simulator showed parity needs (see README,
 * "Profiles").
 *
 * <ol>
 *   <li><b>Early first estimate.</b> Valid {@value #FIRST_ESTIMATE_AFTER_US} µs after the first measured
 *       throughput (parity: 5 s), at the measured incoming rate, then a start-up ramp that doubles the
 *       estimate per second until the first over-use: until then nothing is known about the link.</li>
 *   <li><b>Back-off to what the link delivered just now.</b> An over-use means a queue is building, so
 *       the link is busy and the rate delivered over the last {@value #DELIVERED_RATE_WINDOW_MS} ms is its
 *       capacity. Parity backs off from a 1 s average that, right after a capacity drop, still holds the
 *       old rate; a short window follows the drop within one round trip.</li>
 *   <li><b>Cubic recovery instead of additive increase.</b> After a decrease the estimate returns to the
 *       rate of the last over-use along a concave curve and then probes beyond it along a convex one
 *       (CUBIC's shape, RFC 9438, in rate rather than window and in seconds rather than RTTs): it
 *       lingers where the link was last full but does not trust that value forever, so a capacity that
 *       rose is found in seconds, not minutes. A flow whose over-use rate fell sets its target lower
 *       still (CUBIC's fast convergence) so that flows sharing a link converge.</li>
 *   <li><b>Competing-flow mode</b> ({@link CompetingFlowDetector}): when a standing queue that our own
 *       back-offs do not drain shows a loss-based flow on the link, delay is no longer the signal;
 *       the estimate follows loss (sequence-number gaps) instead.</li>
 * </ol>
 *
 * <p>Deterministic and allocation-free like parity: all state is primitive and preallocated, and time
 * comes only from the packets.
 */
public final class AdaptiveRateControl implements RateController {
    /** Half a second of arrivals: fifteen frames at 30 fps, enough for a first rate. */
    static final long FIRST_ESTIMATE_AFTER_US = 500_000;
    /** Before any over-use the link is unknown: double per second (slow start at feedback time scale). */
    static final double STARTUP_GROWTH_PER_SECOND = 1.0;
    /** Cubic gain, per s³ (relative to the last over-use rate): back to it ~0.9 s after a 15 % back-off. */
    static final double CUBIC_GAIN_PER_S3 = 0.2;
    /** Never more than this growth per second, whatever the curve says. */
    static final double MAX_GROWTH_PER_SECOND = 1.0;
    /** Window of the delivered rate a back-off starts from: several frames, a round trip or two. */
    static final int DELIVERED_RATE_WINDOW_MS = 250;
    /** No increase while a queue of more than this stands: it would only add delay. Above jitter and pacing. */
    static final long HOLD_QUEUE_US = 20_000;
    /** A queue above this for {@value #STANDING_TIME_US} µs without draining is a standing queue. */
    static final long STANDING_QUEUE_US = 50_000;
    /** Long enough for a queue from one over-use to drain after a 15 % back-off (about a second). */
    static final long STANDING_TIME_US = 1_000_000;
    private static final long STANDING_DRAIN_MARGIN_US = 10_000;
    /** A back-off drains the queue it sees within this time. */
    static final long DRAIN_TIME_US = 1_000_000;
    /** Until a decrease shows at the receiver, beyond the queue ahead of it: the REMB's way plus a frame or two. */
    static final long FEEDBACK_LAG_US = 200_000;
    /** One full-size packet, bits: the unit of the additive increase. */
    static final double ADDITIVE_PACKET_BITS = 1200 * 8;
    private static final long MIN_ADDITIVE_RTT_US = 50_000;
    /** Loss since the last update above which competing-flow mode backs off. */
    static final double LOSS_EVENT_FRACTION = 0.02;
    /**
     * Packets per round trip of the increase in competing-flow mode. AIMD friendliness with TCP for our
     * back-off β = 0.85 gives 3(1−β)/(1+β) ≈ 0.24 at equal round trips; ours (the RTT setting, 200 ms by
     * default) is shorter than the competitor's through its standing queue, and 0.24 left the media share
     * at 12–26 % over 2–3 Mbps links with 300–1000 ms queues, 0.5 at 33–35 % on all of them.
     */
    static final double COMPETING_PACKETS_PER_RTT = 0.5;
    /** One back-off per loss event: a round trip through a standing queue of a few hundred ms. */
    static final long LOSS_REACTION_US = 500_000;
    /** How far above the delivered rate an increase may go. */
    static final double PROBE_AHEAD = 0.1;
    /** No single back-off goes deeper: the queue reading may be inflated by jitter. */
    static final double MIN_DECREASE_FACTOR = 0.5;

    private static final long RTCP_SIZE_BYTES = 80;
    private static final long MIN_FEEDBACK_INTERVAL_US = 200_000;
    private static final long MAX_FEEDBACK_INTERVAL_US = 1_000_000;
    private static final long MIN_REDUCTION_INTERVAL_US = 10_000;
    private static final long MAX_REDUCTION_INTERVAL_US = 200_000;

    private enum State { HOLD, INCREASE, DECREASE }

    private final double backoffFactor;
    private long minBitrateBps;
    private long maxBitrateBps;
    private final long startBitrateBps;
    private final IncomingBitrate deliveredRate = new IncomingBitrate(DELIVERED_RATE_WINDOW_MS);
    private final CompetingFlowDetector competing = new CompetingFlowDetector();
    private final QueueDelayMeter queue = new QueueDelayMeter();

    private long currentBitrateBps;
    private boolean valid;
    private State state = State.HOLD;
    private long timeFirstThroughputUs = Units.NONE;
    private long timeLastChangeUs = Units.NONE;
    /** The delivered rate at the last over-use (CUBIC's W_max), bps; {@link Units#NONE} before any. */
    private long lastOveruseRateBps = Units.NONE;
    /** The estimate right after the last decrease, bps. */
    private long afterDecreaseBps;
    /** Time spent increasing since the last decrease, µs: the cubic curve's clock. */
    private long increasingForUs;
    private long rttUs = AimdRateControl.DEFAULT_RTT_US;
    private long standingSinceUs = Units.NONE;
    private long timeLastDecreaseUs = Units.NONE;
    private long lastQueueUs;
    private long standingFromUs;

    public AdaptiveRateControl(final EstimatorConfig config) {
        this.backoffFactor = config.backoffFactor();
        this.minBitrateBps = config.minBitrateBps();
        this.maxBitrateBps = config.maxBitrateBps();
        this.startBitrateBps = config.startBitrateBps();
        this.currentBitrateBps = AimdRateControl.DEFAULT_MAX_CONFIGURED_BITRATE_BPS;
        if (startBitrateBps > 0) {
            currentBitrateBps = clamp(startBitrateBps);
            valid = true;
        }
    }

    @Override
    public boolean validEstimate() {
        return valid;
    }

    @Override
    public long latestEstimateBps() {
        return currentBitrateBps;
    }

    @Override
    public void setBitrateBounds(final long minBps, final long maxBps) {
        if (minBps < 0 || maxBps < minBps) {
            throw new IllegalArgumentException("need 0 <= min <= max bitrate, was min " + minBps + " bps, max "
                + maxBps + " bps");
        }
        minBitrateBps = minBps;
        maxBitrateBps = maxBps;
        currentBitrateBps = clamp(currentBitrateBps);
    }

    @Override
    public void setRtt(final long rttUs) {
        this.rttUs = rttUs;
    }

    /** As parity: 5 % of the estimate in 80-byte RTCP packets, clamped to [200 ms, 1 s]. */
    @Override
    public long feedbackIntervalUs() {
        final long rtcpBitrateBps = Units.scaleRate(currentBitrateBps, 0.05);
        final long intervalUs = rtcpBitrateBps <= 0 ? MAX_FEEDBACK_INTERVAL_US
            : Units.bytesAtRateToUs(RTCP_SIZE_BYTES, rtcpBitrateBps);
        return Math.max(MIN_FEEDBACK_INTERVAL_US, Math.min(MAX_FEEDBACK_INTERVAL_US, intervalUs));
    }

    @Override
    public boolean timeToReduceFurther(final long atTimeUs, final long estimatedThroughputBps) {
        final long reductionIntervalUs = Math.max(MIN_REDUCTION_INTERVAL_US, Math.min(MAX_REDUCTION_INTERVAL_US, rttUs));
        if (timeLastChangeUs == Units.NONE || atTimeUs - timeLastChangeUs >= reductionIntervalUs) {
            return true;
        }
        return valid && estimatedThroughputBps < Units.scaleRate(currentBitrateBps, 0.5);
    }

    @Override
    public void onPacket(final long arrivalTimeUs, final int sendTicks, final int ssrc, final int sequenceNumber,
                         final int payloadSizeBytes) {
        deliveredRate.update(payloadSizeBytes, Units.usToMs(arrivalTimeUs));
        queue.onPacket(arrivalTimeUs, sendTicks);
        competing.onPacket(ssrc, sequenceNumber, arrivalTimeUs);
    }

    @Override
    public void onSendClockReset() {
        competing.onSendClockReset();
        queue.reset();
    }

    @Override
    public void setEstimate(final long bitrateBps, final long atTimeUs) {
        valid = true;
        currentBitrateBps = clamp(bitrateBps);
        timeLastChangeUs = atTimeUs;
    }

    @Override
    public long update(final BandwidthUsage usage, final long estimatedThroughputBps, final long atTimeUs) {
        if (!valid && estimatedThroughputBps >= 0) {
            if (timeFirstThroughputUs == Units.NONE) {
                timeFirstThroughputUs = atTimeUs;
            } else if (atTimeUs - timeFirstThroughputUs >= FIRST_ESTIMATE_AFTER_US) {
                currentBitrateBps = clamp(estimatedThroughputBps);
                valid = true;
                timeLastChangeUs = atTimeUs;
            }
        }
        if (!valid && usage != BandwidthUsage.OVERUSING) {
            return currentBitrateBps;
        }
        if (competing.update(queue.queueDelayUs(), atTimeUs)) {
            followLoss(estimatedThroughputBps, atTimeUs);
            return currentBitrateBps;
        }
        final BandwidthUsage signal = delaySignal(usage, atTimeUs);
        changeState(signal, atTimeUs);
        switch (state) {
            case HOLD:
                break;
            case INCREASE:
                increase(estimatedThroughputBps, atTimeUs);
                break;
            case DECREASE:
                decrease(estimatedThroughputBps, atTimeUs);
                break;
            default:
                throw new IllegalStateException(state.name());
        }
        return currentBitrateBps;
    }

    /**
     * The detector's state, corrected by the queue it is about. Under-use means a queue is draining: with
     * no queue it is noise, and holding on it stalls the increase for good (the threshold has shrunk to its
     * floor). A queue that stands still and high is over-use the gradient cannot see: once it is full (or
     * fed by another flow) the delay stops growing, the gradient is zero and the detector says normal.
     */
    private BandwidthUsage delaySignal(final BandwidthUsage usage, final long atTimeUs) {
        final long queueUs = queue.queueDelayUs();
        final long previousQueueUs = lastQueueUs;
        lastQueueUs = queueUs;
        if (usage != BandwidthUsage.OVERUSING && queueUs >= STANDING_QUEUE_US && queueUs > previousQueueUs
            && (timeLastDecreaseUs == Units.NONE || atTimeUs - timeLastDecreaseUs >= queueUs + FEEDBACK_LAG_US)) {
            // A queue that is long and still growing a full loop after our last decrease: over-use, even when
            // the gradient filter misses it (a slow ramp at a high packet rate, with the threshold adapted up).
            standingSinceUs = atTimeUs;
            standingFromUs = queueUs;
            return BandwidthUsage.OVERUSING;
        }
        if (queueUs < STANDING_QUEUE_US) {
            standingSinceUs = Units.NONE;
            return usage == BandwidthUsage.UNDERUSING && queueUs <= HOLD_QUEUE_US ? BandwidthUsage.NORMAL : usage;
        }
        if (usage == BandwidthUsage.OVERUSING || standingSinceUs == Units.NONE) {
            standingSinceUs = atTimeUs;
            standingFromUs = queueUs;
            return usage;
        }
        if (atTimeUs - standingSinceUs >= STANDING_TIME_US) {
            final boolean draining = queueUs < standingFromUs - STANDING_DRAIN_MARGIN_US;
            standingSinceUs = atTimeUs;
            standingFromUs = queueUs;
            if (!draining) {
                return BandwidthUsage.OVERUSING;
            }
        }
        return usage;
    }

    /**
     * Competing-flow mode: the delay signal only says "the other flow's queue", so react to loss as the
     * other flow does. Loss above {@value #LOSS_EVENT_FRACTION} since the last update backs off to the
     * delivered rate (at most once per {@value #LOSS_REACTION_US} µs: one loss event per round trip through
     * the standing queue); otherwise grow by one packet per round trip, as TCP does.
     */
    private void followLoss(final long throughputBps, final long atTimeUs) {
        final double loss = competing.takeLossFraction();
        final long elapsedUs = timeLastChangeUs == Units.NONE ? 0 : Math.max(0, atTimeUs - timeLastChangeUs);
        if (loss > LOSS_EVENT_FRACTION) {
            if (timeLastDecreaseUs == Units.NONE || atTimeUs - timeLastDecreaseUs >= LOSS_REACTION_US) {
                final long deliveredBps = deliveredRate.rateBps(Units.usToMs(atTimeUs));
                final long baseBps = deliveredBps >= 0 ? deliveredBps : throughputBps;
                if (baseBps >= 0) {
                    currentBitrateBps = clamp(Math.min(currentBitrateBps, Units.scaleRate(baseBps, backoffFactor)));
                }
                timeLastDecreaseUs = atTimeUs;
            }
        } else {
            final double additiveBps = ADDITIVE_PACKET_BITS * Units.usToSeconds(Math.min(elapsedUs, 1_000_000))
                / Units.usToSeconds(Math.max(rttUs, MIN_ADDITIVE_RTT_US)) * COMPETING_PACKETS_PER_RTT;
            final long receivedLimitBps = throughputBps < 0 ? currentBitrateBps
                : Units.scaleRate(throughputBps, 1.5) + 10_000;
            final long newBps = Math.min(currentBitrateBps + Units.truncate(additiveBps), receivedLimitBps);
            if (newBps > currentBitrateBps) {
                currentBitrateBps = clamp(newBps);
            }
        }
        timeLastChangeUs = atTimeUs;
        // Back in delay mode, start from here: the curve's reference is what we have now.
        lastOveruseRateBps = currentBitrateBps;
        afterDecreaseBps = currentBitrateBps;
        increasingForUs = 0;
        state = State.HOLD;
    }

    /** Whether a competing loss-based flow is assumed now (for tests and diagnostics). */
    public boolean competingFlowMode() {
        return competing.active();
    }

    private void changeState(final BandwidthUsage usage, final long atTimeUs) {
        switch (usage) {
            case NORMAL:
                if (state == State.HOLD) {
                    timeLastChangeUs = atTimeUs;
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

    private void increase(final long throughputBps, final long atTimeUs) {
        final long elapsedUs = timeLastChangeUs == Units.NONE ? 0 : Math.max(0, atTimeUs - timeLastChangeUs);
        timeLastChangeUs = atTimeUs;
        // A long silence is not a long probe: count at most one second per update, as parity does.
        final long stepUs = Math.min(elapsedUs, 1_000_000);
        final double stepSeconds = Units.usToSeconds(stepUs);
        if (queue.queueDelayUs() > HOLD_QUEUE_US) {
            // Our last decrease has not drained the queue yet: wait, and keep the curve's clock still.
            return;
        }
        final long targetBps;
        if (lastOveruseRateBps == Units.NONE) {
            targetBps = Units.scaleRate(currentBitrateBps, Math.pow(1 + STARTUP_GROWTH_PER_SECOND, stepSeconds));
        } else {
            increasingForUs += stepUs;
            // Plus one packet per round trip since the decrease, the same for every flow whatever its rate:
            // the additive part that makes flows sharing a link converge (the cubic part keeps their ratio).
            final double additiveBps = ADDITIVE_PACKET_BITS * Units.usToSeconds(increasingForUs)
                / Units.usToSeconds(Math.max(rttUs, MIN_ADDITIVE_RTT_US));
            targetBps = cubicTargetBps(Units.usToSeconds(increasingForUs)) + Units.truncate(additiveBps);
        }
        final long ceilingBps = Units.scaleRate(currentBitrateBps, Math.pow(1 + MAX_GROWTH_PER_SECOND, stepSeconds));
        // What is actually received bounds the increase, with slack at low rates for an uneven encoder (parity's rule).
        final long receivedLimitBps = throughputBps < 0 ? currentBitrateBps : Units.scaleRate(throughputBps, 1.5) + 10_000;
        // Probe ahead of what the link delivers now by a bounded step, so the estimate never runs further ahead
        // of the sender than one feedback loop can correct: the overshoot, and the queue, stay bounded.
        final long deliveredBps = deliveredRate.rateBps(Units.usToMs(atTimeUs));
        final long probeLimitBps = deliveredBps < 0 ? receivedLimitBps
            : Units.scaleRate(deliveredBps, 1 + PROBE_AHEAD) + 10_000;
        final long newBps = Math.min(Math.min(targetBps, ceilingBps), Math.min(receivedLimitBps, probeLimitBps));
        if (newBps > currentBitrateBps) {
            currentBitrateBps = clamp(newBps);
        }
    }

    /** CUBIC in rate: {@code W_max · (1 + C·(t − K)³)} with K where the curve starts from the post-decrease rate. */
    private long cubicTargetBps(final double tSeconds) {
        final double wMax = lastOveruseRateBps;
        final double reduction = Math.max(0.0, 1.0 - afterDecreaseBps / wMax);
        final double kSeconds = Math.cbrt(reduction / CUBIC_GAIN_PER_S3);
        final double offset = tSeconds - kSeconds;
        return Units.truncate(wMax * (1 + CUBIC_GAIN_PER_S3 * offset * offset * offset));
    }

    private void decrease(final long throughputBps, final long atTimeUs) {
        final long deliveredBps = deliveredRate.rateBps(Units.usToMs(atTimeUs));
        final long linkRateBps = deliveredBps >= 0 ? deliveredBps : throughputBps;
        if (linkRateBps >= 0) {
            // Below the link by enough to drain the queue we measured within DRAIN_TIME_US, at least the back-off.
            final double drainFactor = 1.0 - (double) queue.queueDelayUs() / DRAIN_TIME_US;
            final double factor = Math.max(MIN_DECREASE_FACTOR, Math.min(backoffFactor, drainFactor));
            final long decreasedBps = Units.scaleRate(linkRateBps, factor);
            if (decreasedBps < currentBitrateBps) {
                currentBitrateBps = clamp(decreasedBps);
            }
            // CUBIC's fast convergence: a flow whose over-use rate fell releases more for the others.
            lastOveruseRateBps = lastOveruseRateBps != Units.NONE && linkRateBps < lastOveruseRateBps
                ? Units.scaleRate(linkRateBps, (1 + backoffFactor) / 2) : linkRateBps;
        }
        afterDecreaseBps = currentBitrateBps;
        timeLastDecreaseUs = atTimeUs;
        increasingForUs = 0;
        valid = true;
        state = State.HOLD;
        timeLastChangeUs = atTimeUs;
    }

    private long clamp(final long bitrateBps) {
        return Math.min(maxBitrateBps, Math.max(bitrateBps, minBitrateBps));
    }
}
