package dev.bwe.tools.sim;

/**
 * One RTP stream of a session's sender. Either an adaptive video stream, whose frames share the session's
 * target bitrate, or a constant-rate stream (audio, or a fixed-rate test source) that sends a packet of a
 * fixed size at a fixed interval whatever the feedback says. Immutable; the {@code with...} methods return
 * changed copies.
 */
public final class StreamConfig {
    /** What the stream sends. */
    public enum Kind {
        /** Frames sized from the target bitrate, packetised and paced. */
        VIDEO,
        /** Fixed-size packets at a fixed interval, sent at once (not paced), like audio. */
        CONSTANT_RATE
    }

    /** Video RTP clock. */
    public static final int VIDEO_CLOCK_HZ = 90_000;
    /** Opus RTP clock, used by every constant-rate stream. */
    public static final int AUDIO_CLOCK_HZ = 48_000;
    /** Audio-like stream: 20 ms packets (50 per second) of about 100 bytes, 40 kbps of payload. */
    public static final int AUDIO_PAYLOAD_BYTES = 100;
    public static final long AUDIO_INTERVAL_NS = 20 * SimTime.NS_PER_MS;

    private final int ssrc;
    private final Kind kind;
    private final double frameRateFps;
    private final double weight;
    private final int payloadBytes;
    private final long intervalNs;
    private final long startNs;
    private final long stopNs;

    private StreamConfig(final int ssrc, final Kind kind, final double frameRateFps, final double weight,
                         final int payloadBytes, final long intervalNs, final long startNs, final long stopNs) {
        this.ssrc = ssrc;
        this.kind = kind;
        this.frameRateFps = frameRateFps;
        this.weight = weight;
        this.payloadBytes = payloadBytes;
        this.intervalNs = intervalNs;
        this.startNs = startNs;
        this.stopNs = stopNs;
    }

    /** A 30 fps video stream of weight 1, active for the whole run. */
    public static StreamConfig video(final int ssrc) {
        return new StreamConfig(ssrc, Kind.VIDEO, 30, 1, 0, 0, 0, Long.MAX_VALUE);
    }

    /** An audio-like stream: {@value #AUDIO_PAYLOAD_BYTES}-byte packets every 20 ms. */
    public static StreamConfig audio(final int ssrc) {
        return constantRate(ssrc, AUDIO_PAYLOAD_BYTES, AUDIO_INTERVAL_NS);
    }

    /** Packets of {@code payloadBytes} every {@code intervalNs}, unpaced, deaf to feedback. */
    public static StreamConfig constantRate(final int ssrc, final int payloadBytes, final long intervalNs) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("payloadBytes must be >= 0, was " + payloadBytes);
        }
        if (intervalNs <= 0) {
            throw new IllegalArgumentException("intervalNs must be > 0, was " + intervalNs);
        }
        return new StreamConfig(ssrc, Kind.CONSTANT_RATE, 0, 0, payloadBytes, intervalNs, 0, Long.MAX_VALUE);
    }

    /** This video stream at {@code fps} frames per second. */
    public StreamConfig withFrameRate(final double fps) {
        requireVideo("frame rate");
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("frame rate must be in (0, 1000] fps, was " + fps);
        }
        return new StreamConfig(ssrc, kind, fps, weight, payloadBytes, intervalNs, startNs, stopNs);
    }

    /** This video stream's share of the session's video bitrate, relative to the other video streams. */
    public StreamConfig withWeight(final double w) {
        requireVideo("weight");
        if (!(w > 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("weight must be > 0, was " + w);
        }
        return new StreamConfig(ssrc, kind, frameRateFps, w, payloadBytes, intervalNs, startNs, stopNs);
    }

    /** This stream sending only in {@code [startMs, stopMs)}: it starts late, or goes silent mid-run. */
    public StreamConfig activeBetweenMs(final long startMs, final long stopMs) {
        return activeBetweenNs(SimTime.msToNs(startMs), stopMs == Long.MAX_VALUE ? Long.MAX_VALUE
            : SimTime.msToNs(stopMs));
    }

    /** As {@link #activeBetweenMs}, in ns; {@link Long#MAX_VALUE} for no end. */
    public StreamConfig activeBetweenNs(final long start, final long stop) {
        if (start < 0 || stop <= start) {
            throw new IllegalArgumentException("stream activity needs 0 <= start < stop, was [" + start + ", "
                + stop + ") ns");
        }
        return new StreamConfig(ssrc, kind, frameRateFps, weight, payloadBytes, intervalNs, start, stop);
    }

    private void requireVideo(final String what) {
        if (kind != Kind.VIDEO) {
            throw new IllegalStateException(what + " applies to video streams only");
        }
    }

    public int ssrc() {
        return ssrc;
    }

    public Kind kind() {
        return kind;
    }

    /** Frames per second (video). */
    public double frameRateFps() {
        return frameRateFps;
    }

    /** Relative share of the video bitrate (video). */
    public double weight() {
        return weight;
    }

    /** Payload per packet, bytes (constant rate). */
    public int payloadBytes() {
        return payloadBytes;
    }

    /** Packet interval, ns (constant rate). */
    public long intervalNs() {
        return intervalNs;
    }

    /** When the stream starts sending, ns. */
    public long startNs() {
        return startNs;
    }

    /** When it stops (exclusive), ns; {@link Long#MAX_VALUE}: never. */
    public long stopNs() {
        return stopNs;
    }

    public boolean activeAt(final long timeNs) {
        return timeNs >= startNs && timeNs < stopNs;
    }

    /** RTP clock rate of the stream. */
    public int clockRateHz() {
        return kind == Kind.VIDEO ? VIDEO_CLOCK_HZ : AUDIO_CLOCK_HZ;
    }

    /** Payload bitrate of a constant-rate stream, bps; 0 for video. */
    public long constantPayloadBps() {
        return kind == Kind.CONSTANT_RATE ? payloadBytes * SimTime.BITS_PER_BYTE * SimTime.NS_PER_S / intervalNs : 0;
    }

    @Override
    public String toString() {
        final String active = (startNs > 0 || stopNs != Long.MAX_VALUE)
            ? " active [" + SimTime.nsToS(startNs) + "s, " + (stopNs == Long.MAX_VALUE ? "end"
                : SimTime.nsToS(stopNs) + "s") + ")" : "";
        if (kind == Kind.VIDEO) {
            return "video ssrc=" + Integer.toUnsignedString(ssrc) + " " + frameRateFps + "fps weight=" + weight
                + active;
        }
        return "constant ssrc=" + Integer.toUnsignedString(ssrc) + " " + payloadBytes + "B every "
            + SimTime.nsToMs(intervalNs) + "ms" + active;
    }
}
