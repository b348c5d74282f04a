package dev.bwe.pipeline.journal;

/**
 * The one registry of journal record types, for layout version {@link JournalRecords#LAYOUT_VERSION}:
 * each type's code (the byte on disk), name, body size (fixed, or the smallest a variable-size body
 * can have) and whether it may be lost when the journal falls behind.
 *
 * <p>Codes are stable and shared between helpers of the pipeline: 1–4 the ring's events (equal to
 * {@link dev.bwe.pipeline.event.EventType}'s codes), 5–8 reserved for runtime control events
 * (RTT_UPDATE, BITRATE_BOUNDS, REMOVE_STREAM, SET_REMB_SENDER_SSRC), 16 HEADER, 17 REMB, 18–29 the
 * journal's own (18 BATCH is the document kind, not a record), 30 reserved for ESTIMATOR_SWITCH,
 * 31–39 spare.
 *
 * <p><b>Adding a record type</b> is one constant here (code, name, body size, lossy or not) plus its
 * body's writer and reader in {@link JournalRecords} (small static methods taking an Agrona buffer
 * and an offset, little-endian), and, when replay must act on it, one case in
 * {@code JournalReplay.onRecord}. The batch framing, the checksum, the gap and damage handling and
 * {@code bwe dump}'s generic output need no change. A record that changes what replay computes needs a
 * new {@link JournalRecords#LAYOUT_VERSION}: an older reader refuses a journal it cannot replay exactly
 * rather than skip what it does not know.
 *
 * <p>Lossy records (packets, estimate updates, REMBs) can be lost when the journal falls behind: a
 * GAP record names the sessions they belonged to. The others (ticks, session and control events,
 * headers) take a path that cannot be overtaken.
 */
public enum JournalRecordType {
    /** A received packet: the publisher's input and the parse stage's output. */
    PACKET(1, JournalRecords.PACKET_BODY_BYTES, true, true),
    /** The timer's tick. */
    TICK(2, JournalRecords.TICK_BODY_BYTES, true, false),
    /** A session opened, with its extension ids and estimator settings. */
    OPEN_SESSION(3, JournalRecords.OPEN_SESSION_BODY_BYTES, true, false),
    /** A session closed. */
    CLOSE_SESSION(4, JournalRecords.CLOSE_SESSION_BODY_BYTES, true, false),
    /** A session's round-trip time changed (runtime control). */
    RTT_UPDATE(5, JournalRecords.RTT_UPDATE_BODY_BYTES, true, false),
    /** A session's estimate bounds changed (runtime control). */
    BITRATE_BOUNDS(6, JournalRecords.BITRATE_BOUNDS_BODY_BYTES, true, false),
    /** The relay removed a stream of a session (runtime control). */
    REMOVE_STREAM(7, JournalRecords.SSRC_CONTROL_BODY_BYTES, true, false),
    /** The sender SSRC of a session's REMBs changed (runtime control). */
    SET_REMB_SENDER_SSRC(8, JournalRecords.SSRC_CONTROL_BODY_BYTES, true, false),
    /** The pipeline's settings: the first record of every cycle file (at a start, or at a roll). */
    HEADER(16, JournalRecords.HEADER_BODY_BYTES, true, false),
    /** A REMB the timer stage sent (variable: 4 bytes per SSRC). */
    REMB(17, JournalRecords.REMB_BASE_BODY_BYTES, false, true),
    /** An estimate update the estimate stage made for the packet before it. */
    ESTIMATE_UPDATE(19, JournalRecords.ESTIMATE_UPDATE_BODY_BYTES, true, true),
    /** Records the journal lost while it was behind (variable: 8 bytes per session named). */
    GAP(20, JournalRecords.GAP_BASE_BODY_BYTES, false, false),
    /** A session switched estimator (libwebrtc's switch rule), decided by the timer stage at a packet. */
    ESTIMATOR_SWITCH(30, JournalRecords.ESTIMATOR_SWITCH_BODY_BYTES, true, false);

    /** The code of a batch document (one Chronicle excerpt): not a record type. */
    public static final int BATCH_DOCUMENT = 18;

    private static final JournalRecordType[] BY_CODE = new JournalRecordType[256];

    static {
        for (final JournalRecordType type : values()) {
            if (type.code == BATCH_DOCUMENT || BY_CODE[type.code] != null) {
                throw new ExceptionInInitializerError("journal record code " + type.code + " used twice");
            }
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int bodyBytes;
    private final boolean fixedSize;
    private final boolean lossy;

    JournalRecordType(final int code, final int bodyBytes, final boolean fixedSize, final boolean lossy) {
        this.code = code;
        this.bodyBytes = bodyBytes;
        this.fixedSize = fixedSize;
        this.lossy = lossy;
    }

    /** The byte on disk. */
    public int code() {
        return code;
    }

    /** The body's size in bytes, or for a variable-size type the smallest body it can have. */
    public int bodyBytes() {
        return bodyBytes;
    }

    public boolean fixedSize() {
        return fixedSize;
    }

    /** Whether records of this type may be lost (and named in a GAP) when the journal falls behind. */
    public boolean lossy() {
        return lossy;
    }

    /** Whether {@code length} is a body length a writer of this type produces (before checking the values). */
    boolean acceptsBodyLength(final int length) {
        return fixedSize ? length == bodyBytes : length >= bodyBytes;
    }

    /** The type with this code, or null. */
    public static JournalRecordType of(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Whether records of the code may be lost; unknown codes are treated as never lost. */
    static boolean isLossy(final int code) {
        final JournalRecordType type = of(code);
        return type != null && type.lossy;
    }

    /** The type's name, or {@code UNKNOWN(code)}. */
    public static String nameOf(final int code) {
        final JournalRecordType type = of(code);
        return type == null ? "UNKNOWN(" + code + ")" : type.name();
    }
}
