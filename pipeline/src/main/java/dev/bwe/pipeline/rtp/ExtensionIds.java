package dev.bwe.pipeline.rtp;

/**
 * The RFC 8285 header-extension ids a session negotiated for the two send-time extensions the
 * parse stage reads; 0 means "not negotiated".
 *
 * <p>A valid id is 1..255, as in libwebrtc ({@code RtpExtension::kMinId}..{@code kMaxId}). Ids
 * 1..14 can appear in both the one-byte and the two-byte form; 15..255 only in the two-byte form
 * (RFC 8285 §4.2 reserves 15 in the one-byte form only, so 15 is a valid two-byte id). The two
 * extensions cannot share an id.
 *
 * @param absSendTimeId    id of {@value SdpExtmap#ABS_SEND_TIME_URI}, 0 if not negotiated
 * @param absCaptureTimeId id of {@value SdpExtmap#ABS_CAPTURE_TIME_URI}, 0 if not negotiated
 */
public record ExtensionIds(int absSendTimeId, int absCaptureTimeId) {
    /** Lowest valid extension id. */
    public static final int MIN_ID = 1;
    /** Highest valid extension id (two-byte form). */
    public static final int MAX_ID = 255;
    /** Highest id the one-byte form can carry. */
    public static final int MAX_ONE_BYTE_ID = 14;
    /** The id value meaning "not negotiated". */
    public static final int NOT_NEGOTIATED = 0;

    /** Neither extension negotiated: every packet parses to {@link ParseStatus#NO_SEND_TIME}. */
    public static final ExtensionIds NONE = new ExtensionIds(NOT_NEGOTIATED, NOT_NEGOTIATED);

    /**
     * Validates the ids.
     *
     * @throws IllegalArgumentException if an id is neither 0 nor 1..255, or both are the same
     *                                  non-zero id
     */
    public ExtensionIds {
        requireValid("abs-send-time", absSendTimeId);
        requireValid("abs-capture-time", absCaptureTimeId);
        if (absSendTimeId != NOT_NEGOTIATED && absSendTimeId == absCaptureTimeId) {
            throw new IllegalArgumentException(
                "abs-send-time and abs-capture-time cannot share extension id " + absSendTimeId);
        }
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

    /** Whether abs-send-time has an id in this session. */
    public boolean hasAbsSendTime() {
        return absSendTimeId != NOT_NEGOTIATED;
    }

    /** Whether abs-capture-time has an id in this session. */
    public boolean hasAbsCaptureTime() {
        return absCaptureTimeId != NOT_NEGOTIATED;
    }

    private static void requireValid(final String name, final int id) {
        if (id != NOT_NEGOTIATED && (id < MIN_ID || id > MAX_ID)) {
            throw new IllegalArgumentException(
                name + " extension id " + id + " is out of range: use " + MIN_ID + ".." + MAX_ID
                    + ", or " + NOT_NEGOTIATED + " for not negotiated");
        }
    }
}
