package dev.bwe.pipeline.rtp;

/**
 * The RFC 8285 header-extension ids a session negotiated for the time extensions the parse stage
 * reads (abs-send-time, abs-capture-time and the RFC 5450 transmission time offset); 0 means "not
 * negotiated".
 *
 * <p>A valid id is 1..255, as in libwebrtc ({@code RtpExtension::kMinId}..{@code kMaxId}). Ids
 * 1..14 can appear in both the one-byte and the two-byte form; 15..255 only in the two-byte form
 * (RFC 8285 §4.2 reserves 15 in the one-byte form only, so 15 is a valid two-byte id). The two
 * extensions cannot share an id.
 *
 * <p>Which estimator the ids lead to: see {@code dev.bwe.estimator.ReceiveSideEstimator}. A session
 * that negotiated none of them still gets an estimate, from its RTP timestamps.
 *
 * @param absSendTimeId        id of {@value SdpExtmap#ABS_SEND_TIME_URI}, 0 if not negotiated
 * @param absCaptureTimeId     id of {@value SdpExtmap#ABS_CAPTURE_TIME_URI}, 0 if not negotiated
 * @param transmissionOffsetId id of {@value SdpExtmap#TOFFSET_URI}, 0 if not negotiated
 */
public record ExtensionIds(int absSendTimeId, int absCaptureTimeId, int transmissionOffsetId) {
    /** Lowest valid extension id. */
    public static final int MIN_ID = 1;
    /** Highest valid extension id (two-byte form). */
    public static final int MAX_ID = 255;
    /** Highest id the one-byte form can carry. */
    public static final int MAX_ONE_BYTE_ID = 14;
    /** The id value meaning "not negotiated". */
    public static final int NOT_NEGOTIATED = 0;

    /** No extension negotiated: every packet parses to {@link ParseStatus#NO_SEND_TIME} (RTP timestamps only). */
    public static final ExtensionIds NONE = new ExtensionIds(NOT_NEGOTIATED, NOT_NEGOTIATED, NOT_NEGOTIATED);

    /**
     * Validates the ids.
     *
     * @throws IllegalArgumentException if an id is neither 0 nor 1..255, or two are the same
     *                                  non-zero id
     */
    public ExtensionIds {
        requireValid("abs-send-time", absSendTimeId);
        requireValid("abs-capture-time", absCaptureTimeId);
        requireValid("toffset", transmissionOffsetId);
        requireUnshared("abs-send-time", absSendTimeId, "abs-capture-time", absCaptureTimeId);
        requireUnshared("abs-send-time", absSendTimeId, "toffset", transmissionOffsetId);
        requireUnshared("abs-capture-time", absCaptureTimeId, "toffset", transmissionOffsetId);
    }

    /** The ids of abs-send-time and abs-capture-time, without toffset. */
    public ExtensionIds(final int absSendTimeId, final int absCaptureTimeId) {
        this(absSendTimeId, absCaptureTimeId, NOT_NEGOTIATED);
    }

    /**
     * The ids for a session.
     *
     * @param absSendTimeId    1..255, or 0 if abs-send-time was not negotiated
     * @param absCaptureTimeId 1..255, or 0 if abs-capture-time was not negotiated
     * @throws IllegalArgumentException if an id is out of range or both are the same non-zero id
     */
    public static ExtensionIds of(final int absSendTimeId, final int absCaptureTimeId) {
        return new ExtensionIds(absSendTimeId, absCaptureTimeId);
    }

    /** The ids of all three extensions. */
    public static ExtensionIds of(final int absSendTimeId, final int absCaptureTimeId, final int toffsetId) {
        return new ExtensionIds(absSendTimeId, absCaptureTimeId, toffsetId);
    }

    /** Whether toffset has an id in this session. */
    public boolean hasTransmissionOffset() {
        return transmissionOffsetId != NOT_NEGOTIATED;
    }

    /**
     * Whether packets that carry neither abs-send-time nor abs-capture-time feed the estimator (by their
     * RTP timestamp): in every session but one that negotiated abs-capture-time alone.
     */
    public boolean usesRtpTimestamps() {
        return hasAbsSendTime() || !hasAbsCaptureTime();
    }

    /** Whether abs-send-time has an id in this session. */
    public boolean hasAbsSendTime() {
        return absSendTimeId != NOT_NEGOTIATED;
    }

    /** Whether abs-capture-time has an id in this session. */
    public boolean hasAbsCaptureTime() {
        return absCaptureTimeId != NOT_NEGOTIATED;
    }

    private static void requireUnshared(final String name, final int id, final String otherName, final int otherId) {
        if (id != NOT_NEGOTIATED && id == otherId) {
            throw new IllegalArgumentException(name + " and " + otherName + " cannot share extension id " + id);
        }
    }

    private static void requireValid(final String name, final int id) {
        if (id != NOT_NEGOTIATED && (id < MIN_ID || id > MAX_ID)) {
            throw new IllegalArgumentException(
                name + " extension id " + id + " is out of range: use " + MIN_ID + ".." + MAX_ID
                    + ", or " + NOT_NEGOTIATED + " for not negotiated");
        }
    }
}
