package dev.bwe.pipeline.rtp;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the parse stage sees of a packet, built the way a ring slot is filled: the first bytes of
 * the packet copied at a non-zero offset into a bounded buffer, the full length, and the last byte.
 */
final class Slot {
    /** A typical slot capacity for header bytes. */
    static final int CAPACITY_BYTES = 256;
    /** Slot data starts here, so that parsing at an offset is always exercised. */
    static final int OFFSET = 16;

    private Slot() {
    }

    /** Parses a packet captured in full. */
    static int parseWhole(final RtpHeaderParser parser, final byte[] packet, final ExtensionIds ids) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + packet.length]);
        buffer.putBytes(OFFSET, packet);
        return parser.parse(buffer, OFFSET, packet.length, packet.length, lastByte(packet), ids);
    }

    /**
     * Parses a packet of which only the first {@code capturedLength} bytes were copied, into a
     * buffer that ends right after them: a read past the capture fails the test with an
     * {@link IndexOutOfBoundsException} instead of reading stale bytes.
     */
    static int parseCaptured(
        final RtpHeaderParser parser, final byte[] packet, final int capturedLength, final ExtensionIds ids) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + capturedLength]);
        buffer.putBytes(OFFSET, packet, 0, capturedLength);
        return parser.parse(buffer, OFFSET, capturedLength, packet.length, lastByte(packet), ids);
    }

    static int lastByte(final byte[] packet) {
        return packet.length == 0 ? 0 : packet[packet.length - 1] & 0xFF;
    }
}
