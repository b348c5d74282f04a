package dev.bwe.jmh;

import dev.bwe.estimator.EstimateListener;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.SsrcSet;

/**
 * A stand-in for the timer stage's REMB schedule, so that the estimator benchmark pays per packet
 * for deciding when to send a REMB, as the pipeline will (DESIGN.md, timer stage): at once when the
 * estimate fell by {@link #IMMEDIATE_DECREASE_PERCENT} % or more since the last REMB sent, otherwise
 * every {@link #PERIODIC_INTERVAL_US}. The benchmark has no timer ticks, so the periodic check runs
 * on every packet, which costs at least as much as running it on ticks.
 *
 * <p>"Sending" copies the bitrate and the SSRC list out of the estimator's short-lived view into
 * preallocated fields, which is what an encoder reads. Encoding the RTCP packet itself is not part
 * of this benchmark; it is measured separately, with the REMB encoder.
 */
final class RembThrottle implements EstimateListener {
    static final long PERIODIC_INTERVAL_US = 1_000_000;
    static final int IMMEDIATE_DECREASE_PERCENT = 3;

    private static final long NEVER = Long.MIN_VALUE;

    private final int[] sentSsrcs = new int[EstimatorConfig.MAX_STREAMS_LIMIT];
    private int sentSsrcCount;
    private long sentBitrateBps;
    private long lastSentUs = NEVER;
    private long latestEstimateBps;

    private long updateCount;
    private long sentCount;
    private long sentOnDecreaseCount;

    @Override
    public void onEstimate(final long timeUs, final long bitrateBps, final SsrcSet ssrcs) {
        updateCount++;
        latestEstimateBps = bitrateBps;
        // Integer percent test: no double rounding decides whether a REMB goes out.
        if (lastSentUs != NEVER && bitrateBps * 100 <= sentBitrateBps * (100 - IMMEDIATE_DECREASE_PERCENT)) {
            send(timeUs, bitrateBps, ssrcs);
            sentOnDecreaseCount++;
        }
    }

    /** The periodic part of the schedule, at receiver time {@code nowUs}, µs. */
    void onPacket(final long nowUs, final SsrcSet liveSsrcs) {
        if (latestEstimateBps > 0 && (lastSentUs == NEVER || nowUs - lastSentUs >= PERIODIC_INTERVAL_US)) {
            send(nowUs, latestEstimateBps, liveSsrcs);
        }
    }

    private void send(final long nowUs, final long bitrateBps, final SsrcSet ssrcs) {
        final int count = ssrcs.size();
        for (int i = 0; i < count; i++) {
            sentSsrcs[i] = ssrcs.get(i);
        }
        sentSsrcCount = count;
        sentBitrateBps = bitrateBps;
        lastSentUs = nowUs;
        sentCount++;
    }

    /** Estimate updates received. */
    long updateCount() {
        return updateCount;
    }

    /** REMBs sent, for either reason. */
    long sentCount() {
        return sentCount;
    }

    /** REMBs sent at once because the estimate fell. */
    long sentOnDecreaseCount() {
        return sentOnDecreaseCount;
    }

    /** Bitrate of the last REMB sent, bps; 0 before the first. */
    long sentBitrateBps() {
        return sentBitrateBps;
    }

    /** SSRC {@code index} of the last REMB sent. */
    int sentSsrc(final int index) {
        if (index >= sentSsrcCount) {
            throw new IndexOutOfBoundsException(index);
        }
        return sentSsrcs[index];
    }

    int sentSsrcCount() {
        return sentSsrcCount;
    }
}
