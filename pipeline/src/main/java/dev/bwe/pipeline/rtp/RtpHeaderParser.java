package dev.bwe.pipeline.rtp;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Validates one received RTP header and reads the fields bwe needs, from the bytes a ring slot
 * captured. A reusable flyweight: {@link #parse} overwrites the previous result, and the getters
 * describe the last parse. One instance per thread; {@code parse} and the getters never allocate,
 * never lock and never throw, whatever the bytes.
 *
 * <p>The slot holds only the first {@code capturedLength} bytes of a packet of {@code packetLength}
 * bytes, plus the packet's last byte, which is where RTP keeps the padding count (RFC 3550 §5.1).
 * The header, including the whole extension block, must lie inside the capture; the payload need
 * not.
 *
 * <p>Checks, in order (the first failure decides the {@link ParseStatus}):
 * <ol>
 *   <li>the slot description is consistent ({@link ParseStatus#BAD_SLOT});
 *   <li>at least 2 bytes, version 2 ({@link ParseStatus#TOO_SHORT}, {@link ParseStatus#BAD_VERSION});
 *   <li>not RTCP: with rtcp-mux (RFC 5761 §4) RTCP shares the port, and its packet types 192..223
 *       occupy the byte where RTP has marker and payload type; RFC 5761 rules out RTP payload types
 *       64..95 under rtcp-mux for exactly this reason, so a second byte of 192..223 (marker set,
 *       PT 64..95) is always read as RTCP ({@link ParseStatus#NOT_RTP}). PT 64..95 without the
 *       marker cannot be RTCP and is parsed as RTP. This test comes before the 12-byte minimum so
 *       that short RTCP (an 8-byte receiver report) is counted as RTCP, not as a short RTP packet;
 *   <li>the 12-byte fixed header, then the CSRC list, fit in the packet
 *       ({@link ParseStatus#TOO_SHORT}, {@link ParseStatus#CSRC_OVERRUN});
 *   <li>with P set, the padding count is not 0 ({@link ParseStatus#BAD_PADDING});
 *   <li>with X set, the 4-byte block header and the block it declares fit in the packet
 *       ({@link ParseStatus#BAD_EXTENSION_BLOCK});
 *   <li>header plus padding fit in the packet ({@link ParseStatus#BAD_PADDING});
 *   <li>abs-send-time or abs-capture-time is present with a usable size
 *       ({@link ParseStatus#NO_SEND_TIME}; the parse stage still passes such a packet on, by its RTP
 *       timestamp, in a session that can use it).
 * </ol>
 * The transmission time offset (toffset, RFC 5450) is read too when the session negotiated it.
 *
 * <p><b>Fast path.</b> Almost every packet of a WebRTC sender has a one-byte extension block
 * (profile 0xBEDE) that lies inside the capture. For those, when the slot is an array-backed buffer,
 * {@link #parse} reads the header and walks the block straight from the array, in one pass with no
 * per-byte bounds-checked calls. Any other shape (no block, the two-byte form, a block beyond the
 * capture, any failed check) falls back to the generic path from the start, so both paths give the
 * same results by construction; {@code RtpHeaderParserFastPathPropertyTest} checks it on random and
 * fuzzed headers.
 * Each part of the header that fits in the packet but not in the capture gives
 * {@link ParseStatus#HEADER_EXCEEDS_CAPTURE} at the point it is reached. The extension elements are
 * walked as libwebrtc walks them (see {@link HeaderExtensionScanner}); a malformed element never
 * rejects the packet, as in libwebrtc.
 *
 * <p>Getters are valid after {@code parse} returned {@link ParseStatus#OK} or
 * {@link ParseStatus#NO_SEND_TIME} (the header is well-formed in both); after any other status they
 * return 0 or {@code false}. Unsigned 32-bit fields (SSRC, RTP timestamp) are returned as their raw
 * bits in an {@code int}.
 */
public final class RtpHeaderParser {
    /** RTP fixed header length (RFC 3550 §5.1). */
    public static final int FIXED_HEADER_BYTES = 12;
    /** Size of the extension block's own header: 16-bit profile plus 16-bit length in words. */
    public static final int EXTENSION_BLOCK_HEADER_BYTES = 4;
    /** abs-send-time carries exactly 3 bytes. */
    public static final int ABS_SEND_TIME_BYTES = 3;
    /** abs-capture-time without the clock offset: a UQ32.32 NTP timestamp. */
    public static final int ABS_CAPTURE_TIME_BYTES = 8;
    /** abs-capture-time with the Q32.32 estimated capture-clock offset. */
    public static final int ABS_CAPTURE_TIME_WITH_OFFSET_BYTES = 16;
    /** toffset carries exactly 3 bytes: a signed 24-bit count of RTP ticks. */
    public static final int TOFFSET_BYTES = 3;

    private static final int RTP_VERSION = 2;
    // Enough bytes to read the version and to tell RTCP from RTP.
    private static final int DEMUX_BYTES = 2;
    private static final int RTCP_PACKET_TYPE_MIN = 192;
    private static final int RTCP_PACKET_TYPE_MAX = 223;
    private static final int CSRC_BYTES = 4;
    private static final int WORD_BYTES = 4;
    private static final int PADDING_BIT = 0x20;
    private static final int EXTENSION_BIT = 0x10;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int MARKER_BIT = 0x80;
    private static final int PAYLOAD_TYPE_MASK = 0x7F;

    private static final int OK = ParseStatus.OK.code();
    private static final int TOO_SHORT = ParseStatus.TOO_SHORT.code();
    private static final int BAD_VERSION = ParseStatus.BAD_VERSION.code();
    private static final int NOT_RTP = ParseStatus.NOT_RTP.code();
    private static final int CSRC_OVERRUN = ParseStatus.CSRC_OVERRUN.code();
    private static final int BAD_EXTENSION_BLOCK = ParseStatus.BAD_EXTENSION_BLOCK.code();
    private static final int BAD_PADDING = ParseStatus.BAD_PADDING.code();
    private static final int HEADER_EXCEEDS_CAPTURE = ParseStatus.HEADER_EXCEEDS_CAPTURE.code();
    private static final int NO_SEND_TIME = ParseStatus.NO_SEND_TIME.code();
    private static final int BAD_SLOT = ParseStatus.BAD_SLOT.code();
    /** The fast path's answer for "not my shape: run the generic path". Not a status. */
    private static final int FALLBACK = -1;
    private static final int ONE_BYTE_PROFILE = HeaderExtensionScanner.ONE_BYTE_PROFILE;
    /** First byte of an RTP packet with V=2 and X set, under {@link #VERSION_AND_EXTENSION_MASK}. */
    private static final int VERSION_2_WITH_EXTENSION = 0x90;
    private static final int VERSION_AND_EXTENSION_MASK = 0xD0;

    private final HeaderExtensionScanner scanner = new HeaderExtensionScanner();
    private final boolean fastPath;

    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private int timestamp;
    private int ssrc;
    private int csrcCount;
    private int headerLengthBytes;
    private int paddingBytes;
    private int payloadSizeBytes;
    private boolean hasAbsSendTime;
    private int absSendTime24;
    private boolean hasAbsCaptureTime;
    private long absCaptureTimeNtp;
    private boolean hasCaptureClockOffset;
    private long captureClockOffset;
    private boolean hasTransmissionOffset;
    private int transmissionOffset;
    private int malformedExtensionCount;

    /** A parser with the one-byte fast path. */
    public RtpHeaderParser() {
        this(true);
    }

    private RtpHeaderParser(final boolean fastPath) {
        this.fastPath = fastPath;
    }

    /** A parser that always takes the generic path (to compare the paths in tests and benchmarks). */
    public static RtpHeaderParser genericOnly() {
        return new RtpHeaderParser(false);
    }

    /**
     * Parses the header of one packet.
     *
     * @param buffer         holds the captured bytes
     * @param offset         index in {@code buffer} of the packet's first byte
     * @param capturedLength how many bytes of the packet the buffer holds from {@code offset};
     *                       0..{@code packetLength}
     * @param packetLength   the packet's full length in bytes, as received
     * @param lastByte       the packet's last byte, 0..255 (the padding count when P is set); when
     *                       the whole packet was captured it must equal the captured last byte
     * @param ids            the session's negotiated extension ids
     * @return the {@link ParseStatus#code()} of the outcome; never throws
     */
    public int parse(
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int packetLength,
        final int lastByte,
        final ExtensionIds ids) {
        if (fastPath) {
            final int status = parseOneByteBlock(buffer, offset, capturedLength, packetLength, lastByte, ids);
            if (status != FALLBACK) {
                return status;
            }
        }
        clear();
        final int status = parseHeader(buffer, offset, capturedLength, packetLength, lastByte, ids);
        if (status != OK && status != NO_SEND_TIME) {
            clear();
        }
        return status;
    }

    private int parseHeader(
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int packetLength,
        final int lastByte,
        final ExtensionIds ids) {
        if (!isConsistentSlot(buffer, offset, capturedLength, packetLength, lastByte, ids)) {
            return BAD_SLOT;
        }
        if (packetLength < DEMUX_BYTES) {
            return TOO_SHORT;
        }
        if (capturedLength < DEMUX_BYTES) {
            return HEADER_EXCEEDS_CAPTURE;
        }
        final int firstByte = buffer.getByte(offset) & 0xFF;
        if (firstByte >>> 6 != RTP_VERSION) {
            return BAD_VERSION;
        }
        final int secondByte = buffer.getByte(offset + 1) & 0xFF;
        if (secondByte >= RTCP_PACKET_TYPE_MIN && secondByte <= RTCP_PACKET_TYPE_MAX) {
            return NOT_RTP;
        }
        if (packetLength < FIXED_HEADER_BYTES) {
            return TOO_SHORT;
        }
        if (capturedLength < FIXED_HEADER_BYTES) {
            return HEADER_EXCEEDS_CAPTURE;
        }

        final int csrcs = firstByte & CSRC_COUNT_MASK;
        int headerBytes = FIXED_HEADER_BYTES + csrcs * CSRC_BYTES;
        if (headerBytes > packetLength) {
            return CSRC_OVERRUN;
        }
        if (headerBytes > capturedLength) {
            return HEADER_EXCEEDS_CAPTURE;
        }
        final boolean hasPadding = (firstByte & PADDING_BIT) != 0;
        if (hasPadding && lastByte == 0) {
            return BAD_PADDING;
        }

        if ((firstByte & EXTENSION_BIT) != 0) {
            final int blockHeaderIndex = headerBytes;
            if (blockHeaderIndex + EXTENSION_BLOCK_HEADER_BYTES > packetLength) {
                return BAD_EXTENSION_BLOCK;
            }
            if (blockHeaderIndex + EXTENSION_BLOCK_HEADER_BYTES > capturedLength) {
                return HEADER_EXCEEDS_CAPTURE;
            }
            final int profile = buffer.getShort(offset + blockHeaderIndex, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int blockLengthBytes =
                (buffer.getShort(offset + blockHeaderIndex + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) * WORD_BYTES;
            headerBytes = blockHeaderIndex + EXTENSION_BLOCK_HEADER_BYTES + blockLengthBytes;
            if (headerBytes > packetLength) {
                return BAD_EXTENSION_BLOCK;
            }
            if (headerBytes > capturedLength) {
                return HEADER_EXCEEDS_CAPTURE;
            }
            // The scanner's ids: first abs-send-time, second abs-capture-time, third toffset.
            scanner.scan(
                buffer,
                offset + blockHeaderIndex + EXTENSION_BLOCK_HEADER_BYTES,
                blockLengthBytes,
                profile,
                ids.absSendTimeId(),
                ids.absCaptureTimeId(),
                ids.transmissionOffsetId());
        } else {
            scanner.reset();
        }

        final int padding = hasPadding ? lastByte : 0;
        if (headerBytes + padding > packetLength) {
            return BAD_PADDING;
        }

        marker = (secondByte & MARKER_BIT) != 0;
        payloadType = secondByte & PAYLOAD_TYPE_MASK;
        sequenceNumber = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        timestamp = buffer.getInt(offset + 4, ByteOrder.BIG_ENDIAN);
        ssrc = buffer.getInt(offset + 8, ByteOrder.BIG_ENDIAN);
        csrcCount = csrcs;
        headerLengthBytes = headerBytes;
        paddingBytes = padding;
        payloadSizeBytes = packetLength - headerBytes;
        readAbsSendTime(buffer);
        readAbsCaptureTime(buffer);
        readTransmissionOffset(buffer);
        return hasAbsSendTime || hasAbsCaptureTime ? OK : NO_SEND_TIME;
    }

    /**
     * The fast path: a packet whose slot is array-backed and whose one-byte extension block lies inside
     * the capture, with every check of the generic path passing. Returns {@link #FALLBACK} (having
     * changed nothing the generic path depends on) for anything else.
     */
    private int parseOneByteBlock(
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int packetLength,
        final int lastByte,
        final ExtensionIds ids) {
        if (buffer == null) {
            return FALLBACK;
        }
        final byte[] array = buffer.byteArray();
        if (array == null || ids == null || offset < 0 || capturedLength > packetLength
            || capturedLength < FIXED_HEADER_BYTES + EXTENSION_BLOCK_HEADER_BYTES
            || (lastByte & ~0xFF) != 0 || offset > buffer.capacity() || capturedLength > buffer.capacity() - offset) {
            return FALLBACK;
        }
        final int base = buffer.wrapAdjustment() + offset;
        if (capturedLength == packetLength && (array[base + packetLength - 1] & 0xFF) != lastByte) {
            return FALLBACK;
        }
        final int firstByte = array[base] & 0xFF;
        final int secondByte = array[base + 1] & 0xFF;
        if ((firstByte & VERSION_AND_EXTENSION_MASK) != VERSION_2_WITH_EXTENSION
            || (secondByte >= RTCP_PACKET_TYPE_MIN && secondByte <= RTCP_PACKET_TYPE_MAX)) {
            return FALLBACK;
        }
        final int csrcs = firstByte & CSRC_COUNT_MASK;
        final int blockHeaderIndex = FIXED_HEADER_BYTES + csrcs * CSRC_BYTES;
        final boolean hasPadding = (firstByte & PADDING_BIT) != 0;
        if (blockHeaderIndex + EXTENSION_BLOCK_HEADER_BYTES > capturedLength || (hasPadding && lastByte == 0)) {
            return FALLBACK;
        }
        final int blockHeader = base + blockHeaderIndex;
        final int profile = (array[blockHeader] & 0xFF) << 8 | array[blockHeader + 1] & 0xFF;
        final int blockLengthBytes =
            ((array[blockHeader + 2] & 0xFF) << 8 | array[blockHeader + 3] & 0xFF) * WORD_BYTES;
        final int headerBytes = blockHeaderIndex + EXTENSION_BLOCK_HEADER_BYTES + blockLengthBytes;
        final int padding = hasPadding ? lastByte : 0;
        if (profile != ONE_BYTE_PROFILE || headerBytes > capturedLength || headerBytes + padding > packetLength) {
            return FALLBACK;
        }

        // The walk of HeaderExtensionScanner, one-byte form, on the array.
        final int astId = ids.absSendTimeId();
        final int actId = ids.absCaptureTimeId();
        final int toffsetId = ids.transmissionOffsetId();
        final int block = blockHeader + EXTENSION_BLOCK_HEADER_BYTES;
        int astIndex = -1;
        int astLength = 0;
        int actIndex = -1;
        int actLength = 0;
        int toffsetIndex = -1;
        int toffsetLength = 0;
        int position = 0;
        while (position + 1 < blockLengthBytes) {
            final int elementHeader = array[block + position] & 0xFF;
            if (elementHeader == 0) {
                position++;
                continue;
            }
            final int id = elementHeader >>> 4;
            final int lengthBytes = (elementHeader & 0x0F) + 1;
            // ID 15 is reserved; ID 0 with L != 0 ends the block, as in libwebrtc.
            if (id == 15 || id == 0 || position + 1 + lengthBytes > blockLengthBytes) {
                break;
            }
            final int dataIndex = block + position + 1;
            if (id == astId) {
                astIndex = dataIndex;
                astLength = lengthBytes;
            } else if (id == actId) {
                actIndex = dataIndex;
                actLength = lengthBytes;
            } else if (id == toffsetId) {
                toffsetIndex = dataIndex;
                toffsetLength = lengthBytes;
            }
            position += 1 + lengthBytes;
        }

        clear();
        marker = (secondByte & MARKER_BIT) != 0;
        payloadType = secondByte & PAYLOAD_TYPE_MASK;
        sequenceNumber = (array[base + 2] & 0xFF) << 8 | array[base + 3] & 0xFF;
        timestamp = bigEndianInt(array, base + 4);
        ssrc = bigEndianInt(array, base + 8);
        csrcCount = csrcs;
        headerLengthBytes = headerBytes;
        paddingBytes = padding;
        payloadSizeBytes = packetLength - headerBytes;
        if (astIndex >= 0) {
            if (astLength == ABS_SEND_TIME_BYTES) {
                hasAbsSendTime = true;
                absSendTime24 = (array[astIndex] & 0xFF) << 16 | (array[astIndex + 1] & 0xFF) << 8
                    | array[astIndex + 2] & 0xFF;
            } else {
                malformedExtensionCount++;
            }
        }
        if (actIndex >= 0) {
            if (actLength == ABS_CAPTURE_TIME_BYTES || actLength == ABS_CAPTURE_TIME_WITH_OFFSET_BYTES) {
                hasAbsCaptureTime = true;
                absCaptureTimeNtp = (long) bigEndianInt(array, actIndex) << 32
                    | bigEndianInt(array, actIndex + 4) & 0xFFFF_FFFFL;
                if (actLength == ABS_CAPTURE_TIME_WITH_OFFSET_BYTES) {
                    hasCaptureClockOffset = true;
                    captureClockOffset = (long) bigEndianInt(array, actIndex + 8) << 32
                        | bigEndianInt(array, actIndex + 12) & 0xFFFF_FFFFL;
                }
            } else {
                malformedExtensionCount++;
            }
        }
        if (toffsetIndex >= 0) {
            if (toffsetLength == TOFFSET_BYTES) {
                hasTransmissionOffset = true;
                transmissionOffset = signed24(array[toffsetIndex] & 0xFF, array[toffsetIndex + 1] & 0xFF,
                    array[toffsetIndex + 2] & 0xFF);
            } else {
                malformedExtensionCount++;
            }
        }
        return hasAbsSendTime || hasAbsCaptureTime ? OK : NO_SEND_TIME;
    }

    private static int bigEndianInt(final byte[] array, final int index) {
        return (array[index] & 0xFF) << 24 | (array[index + 1] & 0xFF) << 16 | (array[index + 2] & 0xFF) << 8
            | array[index + 3] & 0xFF;
    }

    /** A big-endian signed 24-bit value (RFC 5450's transmission offset) from its three bytes. */
    private static int signed24(final int high, final int middle, final int low) {
        return (high << 16 | middle << 8 | low) << 8 >> 8;
    }

    private static boolean isConsistentSlot(
        final DirectBuffer buffer,
        final int offset,
        final int capturedLength,
        final int packetLength,
        final int lastByte,
        final ExtensionIds ids) {
        if (buffer == null || ids == null) {
            return false;
        }
        if (offset < 0 || capturedLength < 0 || capturedLength > packetLength || lastByte < 0 || lastByte > 0xFF) {
            return false;
        }
        // Written as a subtraction so that offset + capturedLength cannot overflow.
        if (offset > buffer.capacity() || capturedLength > buffer.capacity() - offset) {
            return false;
        }
        // When the slot holds the whole packet, lastByte is redundant; a mismatch means the caller
        // copied the wrong byte, and trusting either one could misread the padding.
        return capturedLength != packetLength
            || packetLength == 0
            || (buffer.getByte(offset + packetLength - 1) & 0xFF) == lastByte;
    }

    private void readAbsSendTime(final DirectBuffer buffer) {
        final int index = scanner.firstDataIndex();
        if (index == HeaderExtensionScanner.ABSENT) {
            return;
        }
        if (scanner.firstLengthBytes() != ABS_SEND_TIME_BYTES) {
            malformedExtensionCount++;
            return;
        }
        hasAbsSendTime = true;
        absSendTime24 = (buffer.getByte(index) & 0xFF) << 16
            | (buffer.getByte(index + 1) & 0xFF) << 8
            | buffer.getByte(index + 2) & 0xFF;
    }

    private void readAbsCaptureTime(final DirectBuffer buffer) {
        final int index = scanner.secondDataIndex();
        if (index == HeaderExtensionScanner.ABSENT) {
            return;
        }
        final int lengthBytes = scanner.secondLengthBytes();
        if (lengthBytes != ABS_CAPTURE_TIME_BYTES && lengthBytes != ABS_CAPTURE_TIME_WITH_OFFSET_BYTES) {
            malformedExtensionCount++;
            return;
        }
        hasAbsCaptureTime = true;
        absCaptureTimeNtp = buffer.getLong(index, ByteOrder.BIG_ENDIAN);
        if (lengthBytes == ABS_CAPTURE_TIME_WITH_OFFSET_BYTES) {
            hasCaptureClockOffset = true;
            captureClockOffset = buffer.getLong(index + ABS_CAPTURE_TIME_BYTES, ByteOrder.BIG_ENDIAN);
        }
    }

    private void readTransmissionOffset(final DirectBuffer buffer) {
        final int index = scanner.thirdDataIndex();
        if (index == HeaderExtensionScanner.ABSENT) {
            return;
        }
        if (scanner.thirdLengthBytes() != TOFFSET_BYTES) {
            malformedExtensionCount++;
            return;
        }
        hasTransmissionOffset = true;
        transmissionOffset = signed24(buffer.getByte(index) & 0xFF, buffer.getByte(index + 1) & 0xFF,
            buffer.getByte(index + 2) & 0xFF);
    }

    private void clear() {
        marker = false;
        payloadType = 0;
        sequenceNumber = 0;
        timestamp = 0;
        ssrc = 0;
        csrcCount = 0;
        headerLengthBytes = 0;
        paddingBytes = 0;
        payloadSizeBytes = 0;
        hasAbsSendTime = false;
        absSendTime24 = 0;
        hasAbsCaptureTime = false;
        absCaptureTimeNtp = 0;
        hasCaptureClockOffset = false;
        captureClockOffset = 0;
        hasTransmissionOffset = false;
        transmissionOffset = 0;
        malformedExtensionCount = 0;
    }

    /** The marker bit. */
    public boolean marker() {
        return marker;
    }

    /** The payload type, 0..127. */
    public int payloadType() {
        return payloadType;
    }

    /** The sequence number, 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** The RTP timestamp: unsigned 32 bits as raw {@code int} bits. */
    public int timestamp() {
        return timestamp;
    }

    /** The SSRC: unsigned 32 bits as raw {@code int} bits. */
    public int ssrc() {
        return ssrc;
    }

    /** The number of CSRCs, 0..15. */
    public int csrcCount() {
        return csrcCount;
    }

    /** Bytes before the payload: fixed header, CSRCs, and the extension block if any. */
    public int headerLengthBytes() {
        return headerLengthBytes;
    }

    /** RTP padding at the end of the packet in bytes, 0 when P is clear. */
    public int paddingBytes() {
        return paddingBytes;
    }

    /**
     * Packet length minus header length: payload plus padding, in bytes. This is the size
     * libwebrtc's estimator counts ({@code payload_size + padding_size}).
     */
    public int payloadSizeBytes() {
        return payloadSizeBytes;
    }

    /** Whether the packet has abs-send-time under the session's id, with exactly 3 data bytes. */
    public boolean hasAbsSendTime() {
        return hasAbsSendTime;
    }

    /** The raw 24-bit abs-send-time (6.18 fixed-point seconds), 0 when absent. */
    public int absSendTime24() {
        return absSendTime24;
    }

    /** Whether the packet has abs-capture-time under the session's id, with 8 or 16 data bytes. */
    public boolean hasAbsCaptureTime() {
        return hasAbsCaptureTime;
    }

    /** The abs-capture-time NTP capture timestamp, raw UQ32.32 bits; 0 when absent. */
    public long absCaptureTimeNtp() {
        return absCaptureTimeNtp;
    }

    /** Whether abs-capture-time came in its 16-byte form, with the capture-clock offset. */
    public boolean hasCaptureClockOffset() {
        return hasCaptureClockOffset;
    }

    /** The estimated capture-clock offset, signed Q32.32 seconds; 0 when absent. */
    public long captureClockOffset() {
        return captureClockOffset;
    }

    /** Whether the packet has toffset under the session's id, with exactly 3 data bytes. */
    public boolean hasTransmissionOffset() {
        return hasTransmissionOffset;
    }

    /** The transmission time offset, signed RTP ticks (RFC 5450); 0 when absent. */
    public int transmissionOffset() {
        return transmissionOffset;
    }

    /**
     * How many of the session's three time extensions were present with an unusable size (abs-send-time
     * or toffset not 3 bytes, abs-capture-time not 8 or 16): 0 to 3. Such an element counts as absent, as
     * in libwebrtc; this lets the pipeline count senders that stamp it wrongly.
     */
    public int malformedExtensionCount() {
        return malformedExtensionCount;
    }
}
