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

    private EventType() {
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
            default:
                return "UNKNOWN(" + type + ")";
        }
    }
}
