package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembLayout.EXP_MANTISSA_HIGH_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.FIXED_PAYLOAD_BYTES;
import static dev.bwe.estimator.remb.RembLayout.FMT_AFB;
import static dev.bwe.estimator.remb.RembLayout.IDENTIFIER_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.IDENTIFIER_REMB;
import static dev.bwe.estimator.remb.RembLayout.MANTISSA_LOW_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.MEDIA_SSRC_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.MIN_PAYLOAD_BYTES;
import static dev.bwe.estimator.remb.RembLayout.PT_PSFB;
import static dev.bwe.estimator.remb.RembLayout.RTCP_HEADER_LENGTH_BYTES;
import static dev.bwe.estimator.remb.RembLayout.RTCP_VERSION;
import static dev.bwe.estimator.remb.RembLayout.SENDER_SSRC_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.SSRC_BYTES;
import static dev.bwe.estimator.remb.RembLayout.SSRC_COUNT_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.SSRC_LIST_OFFSET;

import dev.bwe.estimator.SsrcSet;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Reads an RTCP REMB packet in place, accepting what libwebrtc's {@code CommonHeader::Parse} followed by
 * {@code Remb::Parse} (2024, with its signed 64-bit bitrate check) accepts, padding included. One thing is
 * stricter: {@link #wrap(DirectBuffer, int, int)} wants the packet's exact length and reports extra bytes
 * as {@link RembDecodeError#TRAILING_BYTES}, where libwebrtc would go on to parse them as the next packet
 * of a compound; {@link #wrapCompound(DirectBuffer, int, int)} is the way to read a compound packet.
 *
 * <p>A flyweight: {@link #wrap(DirectBuffer, int, int)} validates the whole packet once and caches the
 * fixed fields; the SSRC list is read from the buffer on demand, so the view is only good while the
 * buffer's bytes stay as they were. Decoding never allocates and never throws on malformed input: the
 * outcome is a {@link RembDecodeError}. The accessors throw {@link IllegalStateException} when the last
 * wrap was rejected, so a caller that forgot to check cannot act on garbage.
 *
 * <p>The decoder is also the {@link SsrcSet} of the SSRCs it lists, in packet order. libwebrtc sends them
 * ascending (the keys of a {@code std::map}); other senders may not, and the order is not checked, as
 * libwebrtc does not check it either.
 *
 * <p>Not thread-safe; one decoder per thread.
 */
public final class RembDecoder implements SsrcSet {
    private static final ByteOrder NETWORK_ORDER = ByteOrder.BIG_ENDIAN;
    private static final int PADDING_BIT = 0x20;
    private static final int FMT_MASK = 0x1F;

    private DirectBuffer buffer;
    private int offset;
    private RembDecodeError error = RembDecodeError.NOT_WRAPPED;
    private int senderSsrc;
    private int mediaSsrc;
    private long bitrateBps;
    private int ssrcCount;

    /**
     * Validates the REMB of exactly {@code length} bytes at {@code offset}.
     *
     * <p>{@code length} must be the RTCP packet's full size, padding included, as its length field says.
     * For a compound packet use {@link #wrapCompound(DirectBuffer, int, int)}.
     *
     * @param buffer the bytes; not copied, must not change while the decoder is in use
     * @param offset index of the RTCP header's first byte
     * @param length bytes from {@code offset} that belong to this packet
     * @return true when the packet is a valid REMB, false otherwise (see {@link #error()})
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        senderSsrc = 0;
        mediaSsrc = 0;
        bitrateBps = 0;
        ssrcCount = 0;
        error = validate(buffer, offset, length);
        return error == RembDecodeError.NONE;
    }

    /**
     * Finds the first REMB in the compound RTCP packet {@code buffer[offset, offset + length)} and
     * validates it, as {@link #wrap(DirectBuffer, int, int)} does with that REMB's own length.
     *
     * @return true when a valid REMB was found; false with {@link RembDecodeError#NOT_FOUND} when there is
     *     none (or the compound packet breaks before one), or with the REMB's own error when it is malformed
     */
    public boolean wrapCompound(final DirectBuffer buffer, final int offset, final int length) {
        final int rembOffset = findRemb(buffer, offset, length);
        if (rembOffset < 0) {
            this.buffer = buffer;
            this.offset = offset;
            senderSsrc = 0;
            mediaSsrc = 0;
            bitrateBps = 0;
            ssrcCount = 0;
            error = RembDecodeError.NOT_FOUND;
            return false;
        }
        return wrap(buffer, rembOffset, rtcpPacketLength(buffer, rembOffset));
    }

    /**
     * Walks the RTCP packets of a compound packet by their length fields and returns the offset of the
     * first one that is a PSFB/AFB packet carrying the 'REMB' identifier, without validating the rest of
     * it (wrap it to do that).
     *
     * <p>The walk stops, returning -1, at the first header that is not RTCP version 2 or whose length runs
     * past {@code offset + length}: after such a header the packet boundaries can't be trusted.
     *
     * @param buffer the compound packet's bytes
     * @param offset index of the first RTCP header
     * @param length size of the compound packet in bytes
     * @return the offset of the REMB's RTCP header in {@code buffer}, or -1 when there is none
     */
    public static int findRemb(final DirectBuffer buffer, final int offset, final int length) {
        if (offset < 0 || length < 0 || (long) offset + length > buffer.capacity()) {
            return -1;
        }
        final int end = offset + length;
        int at = offset;
        while (end - at >= RTCP_HEADER_LENGTH_BYTES) {
            final int firstByte = buffer.getByte(at) & 0xFF;
            if (firstByte >>> 6 != RTCP_VERSION) {
                return -1;
            }
            final int packetBytes = rtcpPacketLength(buffer, at);
            if (packetBytes > end - at) {
                return -1;
            }
            final boolean afb = (buffer.getByte(at + 1) & 0xFF) == PT_PSFB && (firstByte & FMT_MASK) == FMT_AFB;
            if (afb && packetBytes >= IDENTIFIER_OFFSET + 4
                && buffer.getInt(at + IDENTIFIER_OFFSET, NETWORK_ORDER) == IDENTIFIER_REMB) {
                return at;
            }
            at += packetBytes;
        }
        return -1;
    }

    /** Full size in bytes of the RTCP packet whose header is at {@code offset}: (length field + 1) &times; 4. */
    private static int rtcpPacketLength(final DirectBuffer buffer, final int offset) {
        return ((buffer.getShort(offset + 2, NETWORK_ORDER) & 0xFFFF) + 1) * 4;
    }

    private RembDecodeError validate(final DirectBuffer buffer, final int offset, final int length) {
        if (offset < 0 || length < 0 || (long) offset + length > buffer.capacity()) {
            return RembDecodeError.OUT_OF_BOUNDS;
        }
        // CommonHeader::Parse.
        if (length < RTCP_HEADER_LENGTH_BYTES) {
            return RembDecodeError.TRUNCATED_HEADER;
        }
        final int firstByte = buffer.getByte(offset) & 0xFF;
        if (firstByte >>> 6 != RTCP_VERSION) {
            return RembDecodeError.BAD_VERSION;
        }
        if ((buffer.getByte(offset + 1) & 0xFF) != PT_PSFB) {
            return RembDecodeError.NOT_PSFB;
        }
        if ((firstByte & FMT_MASK) != FMT_AFB) {
            return RembDecodeError.NOT_AFB;
        }
        final int packetBytes = rtcpPacketLength(buffer, offset);
        if (packetBytes > length) {
            return RembDecodeError.TRUNCATED;
        }
        if (packetBytes < length) {
            return RembDecodeError.TRAILING_BYTES;
        }
        int payloadBytes = packetBytes - RTCP_HEADER_LENGTH_BYTES;
        if ((firstByte & PADDING_BIT) != 0) {
            // The last byte counts the padding, itself included; 0 or more than the payload is corrupt.
            final int paddingBytes = payloadBytes == 0 ? 0 : buffer.getByte(offset + packetBytes - 1) & 0xFF;
            if (paddingBytes == 0 || paddingBytes > payloadBytes) {
                return RembDecodeError.BAD_PADDING;
            }
            payloadBytes -= paddingBytes;
        }
        // Remb::Parse.
        if (payloadBytes < MIN_PAYLOAD_BYTES) {
            return RembDecodeError.PAYLOAD_TOO_SHORT;
        }
        if (buffer.getInt(offset + IDENTIFIER_OFFSET, NETWORK_ORDER) != IDENTIFIER_REMB) {
            return RembDecodeError.NOT_REMB;
        }
        final int count = buffer.getByte(offset + SSRC_COUNT_OFFSET) & 0xFF;
        if (payloadBytes != FIXED_PAYLOAD_BYTES + SSRC_BYTES * count) {
            return RembDecodeError.SSRC_COUNT_MISMATCH;
        }
        final int expMantissaHigh = buffer.getByte(offset + EXP_MANTISSA_HIGH_OFFSET) & 0xFF;
        final int exponent = expMantissaHigh >>> 2;
        // Mantissa bits 17..16 are the low 2 bits of byte 17 (mask 3), bits 15..0 the next two bytes.
        final long mantissa = ((long) (expMantissaHigh & 0x3) << 16)
            | (buffer.getShort(offset + MANTISSA_LOW_OFFSET, NETWORK_ORDER) & 0xFFFF);
        final long bitrate = mantissa << exponent;
        // The value is mantissa * 2^exp; reject it when bits were shifted out or it landed on the sign bit.
        if (bitrate >>> exponent != mantissa || bitrate < 0) {
            return RembDecodeError.BITRATE_OVERFLOW;
        }
        senderSsrc = buffer.getInt(offset + SENDER_SSRC_OFFSET, NETWORK_ORDER);
        mediaSsrc = buffer.getInt(offset + MEDIA_SSRC_OFFSET, NETWORK_ORDER);
        bitrateBps = bitrate;
        ssrcCount = count;
        return RembDecodeError.NONE;
    }

    /** Whether the last wrap found a valid REMB. */
    public boolean isValid() {
        return error == RembDecodeError.NONE;
    }

    /** Why the last wrap was rejected, or {@link RembDecodeError#NONE}. */
    public RembDecodeError error() {
        return error;
    }

    /** Offset in the buffer of the REMB's RTCP header (useful after {@link #wrapCompound}). */
    public int offset() {
        checkValid();
        return offset;
    }

    /** SSRC of the packet sender, unsigned. */
    public int senderSsrc() {
        checkValid();
        return senderSsrc;
    }

    /** The media SSRC field: 0 from a conforming sender; read, not checked, as libwebrtc does. */
    public int mediaSsrc() {
        checkValid();
        return mediaSsrc;
    }

    /** The announced maximum bitrate, bits per second: mantissa &times; 2^exp, exactly. */
    public long bitrateBps() {
        checkValid();
        return bitrateBps;
    }

    /** Number of SSRCs in the feedback list. */
    public int ssrcCount() {
        checkValid();
        return ssrcCount;
    }

    /**
     * The SSRC at {@code index} of the feedback list, unsigned, in packet order.
     *
     * @throws IndexOutOfBoundsException unless 0 &lt;= index &lt; {@link #ssrcCount()}
     */
    public int ssrc(final int index) {
        checkValid();
        if (index < 0 || index >= ssrcCount) {
            throw new IndexOutOfBoundsException("SSRC index " + index + " outside 0.." + (ssrcCount - 1));
        }
        return buffer.getInt(offset + SSRC_LIST_OFFSET + SSRC_BYTES * index, NETWORK_ORDER);
    }

    /** Same as {@link #ssrcCount()}. */
    @Override
    public int size() {
        return ssrcCount();
    }

    /** Same as {@link #ssrc(int)}. */
    @Override
    public int get(final int index) {
        return ssrc(index);
    }

    private void checkValid() {
        if (error != RembDecodeError.NONE) {
            throw new IllegalStateException("no valid REMB: " + error);
        }
    }
}
