package dev.bwe.pipeline.event;

/** The kinds of event in the pipeline's one ordered sequence. Stable codes: they are journaled. */
public final class EventType {
    /** A slot that carries nothing (freshly allocated). */
    public static final byte NONE = 0;
    /** A received RTP packet. */
    public static final byte PACKET = 1;
    /** The timer's tick: time passes even when no packet comes. */
    public static final byte TICK = 2;
    /** A session starts, with its extension ids and settings. */
    public static final byte OPEN_SESSION = 3;
    /** A session ends; every stage lets go of it. */
    public static final byte CLOSE_SESSION = 4;
    /** The session's round-trip time changed ({@link PipelineEvent#controlA} = RTT, µs). */
    public static final byte RTT_UPDATE = 5;
    /** The session's estimate bounds changed ({@link PipelineEvent#controlA} = min, {@code controlB} = max, bps). */
    public static final byte BITRATE_BOUNDS = 6;
    /** The relay removed a stream of the session ({@link PipelineEvent#controlA} = SSRC, unsigned). */
    public static final byte REMOVE_STREAM = 7;
    /** The sender SSRC of the session's REMBs ({@link PipelineEvent#controlA} = SSRC, unsigned). */
    public static final byte SET_REMB_SENDER_SSRC = 8;

    private EventType() {
    }

    /** True for the session controls that follow an open: RTT, bounds, stream removal, REMB sender SSRC. */
    public static boolean isSessionControl(final byte type) {
        return type >= RTT_UPDATE && type <= SET_REMB_SENDER_SSRC;
    }

    public static String name(final byte type) {
        switch (type) {
            case NONE:
                return "NONE";
            case PACKET:
                return "PACKET";
            case TICK:
                return "TICK";
            case OPEN_SESSION:
                return "OPEN_SESSION";
            case CLOSE_SESSION:
                return "CLOSE_SESSION";
            case RTT_UPDATE:
                return "RTT_UPDATE";
            case BITRATE_BOUNDS:
                return "BITRATE_BOUNDS";
            case REMOVE_STREAM:
                return "REMOVE_STREAM";
            case SET_REMB_SENDER_SSRC:
                return "SET_REMB_SENDER_SSRC";
            default:
                return "UNKNOWN(" + type + ")";
        }
    }
}
