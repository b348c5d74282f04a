package dev.bwe.pipeline.rtp;

import org.agrona.DirectBuffer;

/**
 * Walks the elements of an RTP header-extension block (RFC 8285) exactly as libwebrtc's
 * {@code RtpPacket::ParseBuffer} does, remembering where the last element with each of three ids
 * starts and how long it is. Reusable and allocation-free; one instance per parser.
 *
 * <p>libwebrtc's rules, which decide what a receiver "sees" and so what bwe must see:
 * <ul>
 *   <li>0x00 bytes are padding and are skipped, between or after elements, in both forms;
 *   <li>one-byte form: ID 15 (reserved), or ID 0 with L != 0, stops the walk;
 *   <li>an element whose data would run past the block stops the walk;
 *   <li>the walk continues only while more than one header's worth of bytes is left (so the last
 *       byte of a one-byte block, or the last two of a two-byte block, are never read as an
 *       element header);
 *   <li>a repeated id overwrites the earlier element, so the last one wins, even when its length
 *       is unusable and the earlier one was fine.
 * </ul>
 * Elements found before a stop are kept. Profiles other than one-byte and two-byte are skipped.
 */
final class HeaderExtensionScanner {
    /** "defined by profile" value of the one-byte form (RFC 8285 §4.2). */
    static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The two-byte form (RFC 8285 §4.3) is 0x100 in the top 12 bits; the low 4 are "appbits". */
    static final int TWO_BYTE_PROFILE = 0x1000;
    static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;

    /** Marks "no element with this id was seen". */
    static final int ABSENT = -1;

    private static final int ONE_BYTE_HEADER_BYTES = 1;
    private static final int TWO_BYTE_HEADER_BYTES = 2;
    private static final int PADDING_BYTE = 0;
    private static final int ONE_BYTE_RESERVED_ID = 15;
    private static final int PADDING_ID = 0;

    private int firstDataIndex = ABSENT;
    private int firstLengthBytes;
    private int secondDataIndex = ABSENT;
    private int secondLengthBytes;
    private int thirdDataIndex = ABSENT;
    private int thirdLengthBytes;

    /**
     * Walks one block and records the last element with {@code firstId}, {@code secondId} and {@code thirdId}.
     * Ids of 0 never match. The caller guarantees that the block lies inside {@code buffer}.
     *
     * @param buffer           holds the packet
     * @param blockIndex       buffer index of the first element byte (after profile and length)
     * @param blockLengthBytes the block's declared length: 4 × the length field
     * @param profile          the 16-bit "defined by profile" field
     * @param firstId          an extension id to look for, 0 for none
     * @param secondId         another extension id to look for, 0 for none
     * @param thirdId          a third extension id to look for, 0 for none
     */
    void scan(
        final DirectBuffer buffer,
        final int blockIndex,
        final int blockLengthBytes,
        final int profile,
        final int firstId,
        final int secondId,
        final int thirdId) {
        reset();
        final boolean oneByte = profile == ONE_BYTE_PROFILE;
        if (!oneByte && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
            return;
        }
        final int elementHeaderBytes = oneByte ? ONE_BYTE_HEADER_BYTES : TWO_BYTE_HEADER_BYTES;
        int position = 0;
        while (position + elementHeaderBytes < blockLengthBytes) {
            final int first = buffer.getByte(blockIndex + position) & 0xFF;
            if (first == PADDING_BYTE) {
                position++;
                continue;
            }
            final int id;
            final int lengthBytes;
            if (oneByte) {
                id = first >>> 4;
                lengthBytes = (first & 0x0F) + 1;
                // A non-zero byte with ID 0 has L != 0: libwebrtc treats it as the end of the block.
                if (id == ONE_BYTE_RESERVED_ID || id == PADDING_ID) {
                    break;
                }
            } else {
                id = first;
                lengthBytes = buffer.getByte(blockIndex + position + 1) & 0xFF;
            }
            if (position + elementHeaderBytes + lengthBytes > blockLengthBytes) {
                break;
            }
            final int dataIndex = blockIndex + position + elementHeaderBytes;
            if (id == firstId) {
                firstDataIndex = dataIndex;
                firstLengthBytes = lengthBytes;
            } else if (id == secondId) {
                secondDataIndex = dataIndex;
                secondLengthBytes = lengthBytes;
            } else if (id == thirdId) {
                thirdDataIndex = dataIndex;
                thirdLengthBytes = lengthBytes;
            }
            position += elementHeaderBytes + lengthBytes;
        }
    }

    /** Forgets the last walk: every id absent. */
    void reset() {
        firstDataIndex = ABSENT;
        firstLengthBytes = 0;
        secondDataIndex = ABSENT;
        secondLengthBytes = 0;
        thirdDataIndex = ABSENT;
        thirdLengthBytes = 0;
    }

    /** Buffer index of the data of the last element with the first id, or {@link #ABSENT}. */
    int firstDataIndex() {
        return firstDataIndex;
    }

    /** Data length of that element in bytes (0..255); meaningless when absent. */
    int firstLengthBytes() {
        return firstLengthBytes;
    }

    /** Buffer index of the data of the last element with the second id, or {@link #ABSENT}. */
    int secondDataIndex() {
        return secondDataIndex;
    }

    /** Data length of that element in bytes (0..255); meaningless when absent. */
    int secondLengthBytes() {
        return secondLengthBytes;
    }

    /** Buffer index of the data of the last element with the third id, or {@link #ABSENT}. */
    int thirdDataIndex() {
        return thirdDataIndex;
    }

    /** Data length of that element in bytes (0..255); meaningless when absent. */
    int thirdLengthBytes() {
        return thirdLengthBytes;
    }
}
