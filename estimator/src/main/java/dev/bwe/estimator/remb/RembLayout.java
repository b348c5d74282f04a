package dev.bwe.estimator.remb;

/**
 * Byte offsets and field values of a REMB packet (draft-alvestrand-rmcat-remb), shared by the encoder
 * and the decoder so the two cannot drift apart. All multi-byte fields are big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=15  |   PT=206      |             length            |  0
 * |                  SSRC of packet sender                        |  4
 * |                  SSRC of media source (0)                     |  8
 * |  Unique identifier 'R' 'E' 'M' 'B'                            | 12
 * |  Num SSRC     | BR Exp    |  BR Mantissa (18 bits)            | 16
 * |   SSRC feedback, Num SSRC times                               | 20
 * </pre>
 */
final class RembLayout {
    static final int RTCP_VERSION = 2;
    /** PSFB feedback message type 15: application layer feedback (AFB). */
    static final int FMT_AFB = 15;
    /** RTCP packet type of payload-specific feedback. */
    static final int PT_PSFB = 206;
    /** V=2, P=0, FMT=15. */
    static final int FIRST_BYTE = (RTCP_VERSION << 6) | FMT_AFB;
    /** 'R' 'E' 'M' 'B'. */
    static final int IDENTIFIER_REMB = 0x52454D42;

    static final int RTCP_HEADER_LENGTH_BYTES = 4;
    static final int SENDER_SSRC_OFFSET = 4;
    static final int MEDIA_SSRC_OFFSET = 8;
    static final int IDENTIFIER_OFFSET = 12;
    static final int SSRC_COUNT_OFFSET = 16;
    static final int EXP_MANTISSA_HIGH_OFFSET = 17;
    static final int MANTISSA_LOW_OFFSET = 18;
    static final int SSRC_LIST_OFFSET = 20;

    /** Payload (after the 4-byte RTCP header) that {@code Remb::Parse} requires before reading N. */
    static final int MIN_PAYLOAD_BYTES = 16;
    /** Bytes of payload before the SSRC list: sender SSRC, media SSRC, identifier, N/exp/mantissa. */
    static final int FIXED_PAYLOAD_BYTES = 16;
    static final int SSRC_BYTES = 4;
    /** The mantissa field is 18 bits wide. */
    static final long MAX_MANTISSA = 0x3FFFF;
    /** N is one byte. */
    static final int MAX_SSRC_COUNT = 255;

    private RembLayout() {
    }
}
