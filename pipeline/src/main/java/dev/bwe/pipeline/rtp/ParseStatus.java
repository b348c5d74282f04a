package dev.bwe.pipeline.rtp;

/**
 * The outcome of parsing one received packet: {@link #OK} or the reason it was rejected.
 *
 * <p>Each status has a stable {@link #code()} that equals its ordinal and is used as a counter id
 * and as the status word stored in a ring slot. Codes are part of the external interface (counter
 * files are read by another process): append new statuses at the end, never reorder or remove.
 *
 * <p>When several things are wrong with a packet, the first failing check decides the status; the
 * order is listed on {@link RtpHeaderParser}.
 */
public enum ParseStatus {
    /** A well-formed RTP packet carrying abs-send-time or abs-capture-time with a negotiated id. */
    OK("ok"),
    /** Fewer than 12 bytes (or fewer than 2, too few to tell RTP from RTCP). */
    TOO_SHORT("too short"),
    /** The version field is not 2. */
    BAD_VERSION("bad version"),
    /** RTCP multiplexed on the RTP port (RFC 5761): the second byte is 192..223. */
    NOT_RTP("rtcp"),
    /** The CSRC list (CC × 4 bytes) runs past the end of the packet. */
    CSRC_OVERRUN("csrc overrun"),
    /** X is set but the 4-byte extension header or the block it declares runs past the packet. */
    BAD_EXTENSION_BLOCK("bad extension block"),
    /** P is set and the padding count (the last byte) is 0, or the padding overlaps the header. */
    BAD_PADDING("bad padding"),
    /** The header fits in the packet but not in the bytes the slot captured. */
    HEADER_EXCEEDS_CAPTURE("header exceeds capture"),
    /** A valid header without abs-send-time or abs-capture-time under the session's ids. */
    NO_SEND_TIME("no send time"),
    /** Reserved for the pipeline: the packet names a session the parse stage does not know. */
    UNKNOWN_SESSION("unknown session"),
    /**
     * The caller's slot description is inconsistent: negative lengths, a capture longer than the
     * packet or than the buffer, a last byte outside 0..255, or a last byte that differs from the
     * captured one when the whole packet was captured. A bug in the caller, counted, not thrown.
     */
    BAD_SLOT("bad slot");

    /** Number of statuses; codes run from 0 to {@code COUNT - 1}. */
    public static final int COUNT = values().length;

    // values() clones its array on every call; lookups on the hot path use this copy instead.
    private static final ParseStatus[] BY_CODE = values();

    private final String label;

    ParseStatus(final String label) {
        this.label = label;
    }

    /** The stable numeric id of this status: a counter id and the value {@code parse} returns. */
    public int code() {
        return ordinal();
    }

    /** A short human-readable label for counters, e.g. {@code "bad padding"}. */
    public String label() {
        return label;
    }

    /**
     * The status with the given code.
     *
     * @throws IllegalArgumentException if {@code code} is not 0..{@code COUNT - 1}
     */
    public static ParseStatus fromCode(final int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("no parse status with code " + code);
        }
        return BY_CODE[code];
    }
}
