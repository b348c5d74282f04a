package dev.bwe.estimator;

/**
 * The abs-capture-time header extension (URI
 * {@code http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time}): an UQ32.32 NTP capture
 * timestamp (8 bytes), optionally followed by a signed Q32.32 estimated capture-clock offset (16
 * bytes in all).
 *
 * <p><b>This is a bwe extension.</b> libwebrtc's receive-side estimator ignores abs-capture-time. bwe
 * converts it into the abs-send-time domain ({@link AbsSendTime#fromNtp(long)}) and uses it as the send
 * time of streams that carry no abs-send-time. Capture time is taken before encoding and pacing, so
 * pacer delay looks like queuing: prefer abs-send-time whenever the sender offers it.
 */
public final class AbsCaptureTime {
    /** Data length of the short form: the UQ32.32 timestamp alone. */
    public static final int SHORT_LENGTH_BYTES = 8;
    /** Data length of the long form: timestamp plus the Q32.32 capture-clock offset. */
    public static final int LONG_LENGTH_BYTES = 16;

    private AbsCaptureTime() {
    }

    /** The capture time as a 24-bit abs-send-time value (6.18 fixed point, mod 64 s). */
    public static int toAbsSendTime24(final long captureNtpUq32x32) {
        return AbsSendTime.fromNtp(captureNtpUq32x32);
    }

    /** The capture time in the estimator's 32-bit tick domain (2^-26 s per tick). */
    public static int toTicks(final long captureNtpUq32x32) {
        return AbsSendTime.toTicks(toAbsSendTime24(captureNtpUq32x32));
    }

    /** An UQ32.32 NTP value for a time given in µs since the NTP epoch (for senders and tests). */
    public static long fromMicros(final long timeUs) {
        final long seconds = timeUs / 1_000_000L;
        final long fractionUs = timeUs % 1_000_000L;
        return (seconds << 32) | ((fractionUs << 32) / 1_000_000L);
    }
}
