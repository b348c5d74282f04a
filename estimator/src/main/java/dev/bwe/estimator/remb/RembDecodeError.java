package dev.bwe.estimator.remb;

/**
 * Why {@link RembDecoder} rejected a packet. An enum rather than a message so that rejecting garbage
 * builds no strings: a relay can count these per value and log them off the hot path.
 */
public enum RembDecodeError {
    /** The packet is a valid REMB. */
    NONE,
    /** Nothing has been wrapped yet. */
    NOT_WRAPPED,
    /** {@code offset} or {@code length} is negative, or the range lies outside the buffer. */
    OUT_OF_BOUNDS,
    /** Fewer than the 4 bytes of an RTCP common header. */
    TRUNCATED_HEADER,
    /** The RTCP version field is not 2. */
    BAD_VERSION,
    /** The packet type is not 206 (payload-specific feedback). */
    NOT_PSFB,
    /** The feedback message type is not 15 (application layer feedback). */
    NOT_AFB,
    /** The RTCP length field announces more bytes than {@code length}. */
    TRUNCATED,
    /** {@code length} holds bytes beyond the packet the RTCP length field announces. */
    TRAILING_BYTES,
    /** The padding bit is set but the padding count is 0 or larger than the payload. */
    BAD_PADDING,
    /** The payload (after the RTCP header and any padding) is shorter than 16 bytes. */
    PAYLOAD_TOO_SHORT,
    /** The unique identifier is not 'R' 'E' 'M' 'B'. */
    NOT_REMB,
    /** The payload size is not exactly 8 + (2 + Num SSRC) &times; 4 bytes. */
    SSRC_COUNT_MISMATCH,
    /** mantissa &lt;&lt; exp does not fit a signed 64-bit integer. */
    BITRATE_OVERFLOW,
    /** A compound packet holds no REMB, or is malformed before one is found. */
    NOT_FOUND
}
