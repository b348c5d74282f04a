package dev.bwe.estimator;

/** What {@link RemoteBitrateEstimator} did with a packet. Stable codes, usable as counter ids. */
public final class PacketResult {
    /** The packet fed the estimator. */
    public static final int ACCEPTED = 0;
    /** A new SSRC while the session already tracks its maximum of streams: nothing changed. */
    public static final int REFUSED_STREAM_CAP = 1;
    /** Capture time while the session's live streams carry abs-send-time: ignored, as a packet without send time. */
    public static final int IGNORED_SEND_TIME_CONFLICT = 2;

    /**
     * No abs-send-time (nor abs-capture-time) while the session is still on the abs-send-time estimator:
     * ignored as libwebrtc ignores it, and counted towards the switch to the single-stream estimator.
     */
    public static final int IGNORED_NO_SEND_TIME = 3;

    private PacketResult() {
    }

    /** A short label for counters and logs. */
    public static String label(final int result) {
        switch (result) {
            case ACCEPTED:
                return "accepted";
            case REFUSED_STREAM_CAP:
                return "stream cap";
            case IGNORED_SEND_TIME_CONFLICT:
                return "send time conflict";
            case IGNORED_NO_SEND_TIME:
                return "no send time";
            default:
                return "unknown(" + result + ")";
        }
    }
}
