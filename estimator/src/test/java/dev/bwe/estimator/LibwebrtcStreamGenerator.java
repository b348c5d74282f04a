package dev.bwe.estimator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * libwebrtc's {@code testing::StreamGenerator} and {@code testing::RtpStream}
 * (remote_bitrate_estimator_unittest_helper.cc, reference §3.1): frame-based senders behind a FIFO
 * bottleneck with no propagation delay. Integer arithmetic exactly as there.
 */
final class LibwebrtcStreamGenerator {
    static final int MTU_BYTES = 1200;
    static final long SEND_SIDE_OFFSET_US = 1_000_000;

    /** One packet as the generator makes it. */
    static final class Packet {
        long sendTimeUs;
        long arrivalTimeUs;
        int sizeBytes;
        int rtpTimestamp;
        int ssrc;
    }

    /** libwebrtc {@code RtpStream}. */
    static final class RtpStream {
        final int fps;
        int bitrateBps;
        final int ssrc;
        final int frequencyHz;
        int rtpTimestampOffset;
        long nextRtpTimeUs;

        RtpStream(final int fps, final int bitrateBps, final int ssrc, final int frequencyHz, final int rtpTimestampOffset) {
            this.fps = fps;
            this.bitrateBps = bitrateBps;
            this.ssrc = ssrc;
            this.frequencyHz = frequencyHz;
            this.rtpTimestampOffset = rtpTimestampOffset;
        }

        void generateFrame(final long nowUs, final List<Packet> out) {
            if (nowUs < nextRtpTimeUs) {
                return;
            }
            final long bitsPerFrame = (bitrateBps + fps / 2) / fps;
            final long packets = Math.max((bitsPerFrame + 4L * MTU_BYTES) / (8L * MTU_BYTES), 1);
            final long payloadSize = (bitsPerFrame + 4 * packets) / (8 * packets);
            for (int i = 0; i < packets; i++) {
                final Packet p = new Packet();
                p.sendTimeUs = nowUs + SEND_SIDE_OFFSET_US;
                p.sizeBytes = (int) payloadSize;
                p.rtpTimestamp = rtpTimestampOffset + (int) (((frequencyHz / 1000) * p.sendTimeUs + 500) / 1000);
                p.ssrc = ssrc;
                out.add(p);
            }
            nextRtpTimeUs = nowUs + (1_000_000 + fps / 2) / fps;
        }
    }

    // Ascending SSRC order, as libwebrtc's std::map<uint32_t, RtpStream*> (our SSRCs are small positives).
    private final Map<Integer, RtpStream> streams = new TreeMap<>();
    private int capacityBps;
    private long prevArrivalTimeUs;

    LibwebrtcStreamGenerator(final int capacityBps, final long nowUs) {
        this.capacityBps = capacityBps;
        this.prevArrivalTimeUs = nowUs;
    }

    void addStream(final RtpStream stream) {
        streams.put(stream.ssrc, stream);
    }

    void setCapacityBps(final int capacityBps) {
        this.capacityBps = capacityBps;
    }

    void setRtpTimestampOffset(final int ssrc, final int offset) {
        streams.get(ssrc).rtpTimestampOffset = offset;
    }

    /** Divides {@code bitrateBps} among the streams in proportion to their current bitrates. */
    void setBitrateBps(final int bitrateBps) {
        long totalBefore = 0;
        for (final RtpStream s : streams.values()) {
            totalBefore += s.bitrateBps;
        }
        long bitrateBefore = 0;
        long totalAfter = 0;
        for (final RtpStream s : streams.values()) {
            bitrateBefore += s.bitrateBps;
            final long bitrateAfter = (bitrateBefore * bitrateBps + totalBefore / 2) / totalBefore;
            s.bitrateBps = (int) (bitrateAfter - totalAfter);
            totalAfter += s.bitrateBps;
        }
        if (totalAfter != bitrateBps) {
            throw new AssertionError("split " + bitrateBps + " into " + totalAfter);
        }
    }

    /** One frame of the stream due first, through the bottleneck; returns the next frame time, µs. */
    long generateFrame(final List<Packet> out, final long nowUs) {
        earliest().generateFrame(nowUs, out);
        for (final Packet p : out) {
            final long capacityBitsPerMs = capacityBps / 1000;
            final long requiredNetworkTimeUs = (8L * 1000 * p.sizeBytes + capacityBitsPerMs / 2) / capacityBitsPerMs;
            prevArrivalTimeUs = Math.max(nowUs + requiredNetworkTimeUs, prevArrivalTimeUs + requiredNetworkTimeUs);
            p.arrivalTimeUs = prevArrivalTimeUs;
        }
        return Math.max(earliest().nextRtpTimeUs, nowUs);
    }

    private RtpStream earliest() {
        RtpStream best = null;
        for (final RtpStream s : streams.values()) {
            // std::min_element keeps the first of equal elements.
            if (best == null || s.nextRtpTimeUs < best.nextRtpTimeUs) {
                best = s;
            }
        }
        return best;
    }

    static List<Packet> newPacketList() {
        return new ArrayList<>();
    }
}
