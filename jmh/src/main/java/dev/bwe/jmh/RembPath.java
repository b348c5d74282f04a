package dev.bwe.jmh;

import dev.bwe.estimator.EstimateListener;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.estimator.remb.RembEncoder;
import dev.bwe.estimator.remb.RembScheduler;
import dev.bwe.estimator.remb.RembSender;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The REMB half of one session's per-packet work, as the pipeline's timer stage does it: every
 * estimate update is offered to libwebrtc's throttle ({@link RembScheduler#onEstimate}), the periodic
 * re-send is checked with the live SSRCs ({@link RembScheduler#onTick}), and every REMB that goes out
 * is encoded ({@link RembEncoder}) into one preallocated buffer. The benchmark has no timer ticks, so
 * the re-send check runs on every packet, which costs at least as much as running it on ticks.
 *
 * <p>What a relay does with the encoded bytes (its RTCP path) is not part of it.
 */
final class RembPath implements EstimateListener, RembSender {
    /** The relay's own RTCP SSRC, written as the REMB's sender. */
    static final int RELAY_SSRC = 0x00B0E5E5;

    private final RembScheduler scheduler = new RembScheduler(this);
    private final RembEncoder encoder = new RembEncoder();
    private final UnsafeBuffer rembBuffer =
        new UnsafeBuffer(new byte[RembEncoder.encodedLength(RembEncoder.MAX_SSRC_COUNT)]);
    private int rembLengthBytes;

    private long updateCount;
    private long sentCount;
    private long sentDropCount;
    private long lastSentBps;

    RembPath() {
        encoder.wrap(rembBuffer, 0);
    }

    @Override
    public void onEstimate(final long timeUs, final long bitrateBps, final SsrcSet ssrcs) {
        updateCount++;
        scheduler.onEstimate(timeUs, bitrateBps, ssrcs);
    }

    /** The timer stage's tick work for this session, at receiver time {@code nowUs}, µs. */
    void onPacket(final long nowUs, final SsrcSet liveSsrcs) {
        scheduler.onTick(nowUs, liveSsrcs);
    }

    @Override
    public void sendRemb(final long nowUs, final long bitrateBps, final SsrcSet ssrcs) {
        rembLengthBytes = encoder.encode(RELAY_SSRC, bitrateBps, ssrcs);
        // The scheduler's own test for "a drop it sends at once": at or below about 97 % of the last.
        if (sentCount > 0 && bitrateBps * RembScheduler.SEND_THRESHOLD_PERCENT / 100 <= lastSentBps) {
            sentDropCount++;
        }
        lastSentBps = bitrateBps;
        sentCount++;
    }

    /** Estimate updates received. */
    long updateCount() {
        return updateCount;
    }

    /** REMBs sent, for any reason. */
    long sentCount() {
        return sentCount;
    }

    /** REMBs that announced a drop of about 3 % or more from the REMB before. */
    long sentDropCount() {
        return sentDropCount;
    }

    /** Bitrate of the last REMB sent, bps; 0 before the first. */
    long lastSentBps() {
        return lastSentBps;
    }

    /**
     * Decodes the last REMB sent, which then lists its SSRCs through the returned view.
     *
     * @throws IllegalStateException when none was sent or its bytes do not decode
     */
    RembDecoder decodeLastRemb() {
        final RembDecoder decoder = new RembDecoder();
        if (sentCount == 0 || !decoder.wrap(rembBuffer, 0, rembLengthBytes)) {
            throw new IllegalStateException("no decodable REMB after " + sentCount + " sent: " + decoder.error());
        }
        return decoder;
    }
}
