package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembLayout.EXP_MANTISSA_HIGH_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.FIRST_BYTE;
import static dev.bwe.estimator.remb.RembLayout.IDENTIFIER_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.IDENTIFIER_REMB;
import static dev.bwe.estimator.remb.RembLayout.MANTISSA_LOW_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.MAX_MANTISSA;
import static dev.bwe.estimator.remb.RembLayout.MEDIA_SSRC_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.PT_PSFB;
import static dev.bwe.estimator.remb.RembLayout.SENDER_SSRC_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.SSRC_BYTES;
import static dev.bwe.estimator.remb.RembLayout.SSRC_COUNT_OFFSET;
import static dev.bwe.estimator.remb.RembLayout.SSRC_LIST_OFFSET;

import dev.bwe.estimator.SsrcSet;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * Writes an RTCP REMB packet into a caller's buffer, byte for byte as libwebrtc's {@code Remb::Create}.
 *
 * <p>A flyweight: {@link #wrap(MutableDirectBuffer, int)} once (or whenever the destination changes), then
 * {@code encode} as often as needed. Encoding allocates nothing; it throws only on caller errors, and it
 * checks everything (SSRC count, bitrate sign, room in the buffer) before writing the first byte, so a
 * rejected call leaves the buffer untouched.
 *
 * <p>The bitrate is stored as an 18-bit mantissa and a 6-bit exponent. Like libwebrtc, the mantissa is
 * <em>truncated</em> (shifted right until it fits), never rounded: the receiver of the REMB sees at most
 * the estimate, never more, so a relay can't make a sender overshoot by rounding up.
 *
 * <p>Not thread-safe; one encoder per thread.
 */
public final class RembEncoder {
    /** The most SSRCs a REMB can list: the count field is one byte ({@code Remb::kMaxNumberOfSsrcs}). */
    public static final int MAX_SSRC_COUNT = RembLayout.MAX_SSRC_COUNT;

    private static final ByteOrder NETWORK_ORDER = ByteOrder.BIG_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Points the encoder at the place the next packet goes.
     *
     * @param buffer destination; packets are written from {@code offset} on
     * @param offset index in {@code buffer} of the packet's first byte
     * @return this encoder
     */
    public RembEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        if (buffer == null) {
            throw new NullPointerException("buffer");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Size of a REMB listing {@code ssrcCount} SSRCs: 20 + 4 &times; ssrcCount bytes.
     *
     * @param ssrcCount number of SSRCs, 0 to {@link #MAX_SSRC_COUNT}
     * @return the packet's length in bytes
     * @throws IllegalArgumentException when ssrcCount is outside 0..255
     */
    public static int encodedLength(final int ssrcCount) {
        checkSsrcCount(ssrcCount);
        return SSRC_LIST_OFFSET + SSRC_BYTES * ssrcCount;
    }

    /**
     * Encodes a REMB carrying {@code bitrateBps} for the SSRCs of {@code ssrcs}, in their order.
     *
     * @param senderSsrc SSRC of the packet sender (the relay's own RTCP SSRC), unsigned
     * @param bitrateBps the estimate, bits per second, &gt;= 0; truncated to 18 significant bits
     * @param ssrcs the media SSRCs the estimate applies to, at most 255
     * @return the number of bytes written, {@code encodedLength(ssrcs.size())}
     * @throws IllegalArgumentException on more than 255 SSRCs, a negative bitrate, or too little room
     * @throws IllegalStateException when no buffer was wrapped
     */
    public int encode(final int senderSsrc, final long bitrateBps, final SsrcSet ssrcs) {
        final int count = ssrcs.size();
        final int lengthBytes = checkedLength(count, bitrateBps);
        final MutableDirectBuffer dst = buffer;
        final int at = offset;
        writeFixedPart(dst, at, lengthBytes, senderSsrc, bitrateBps, count);
        for (int i = 0; i < count; i++) {
            dst.putInt(at + SSRC_LIST_OFFSET + SSRC_BYTES * i, ssrcs.get(i), NETWORK_ORDER);
        }
        return lengthBytes;
    }

    /**
     * Encodes a REMB carrying {@code bitrateBps} for {@code ssrcs[0..count)}, in that order.
     *
     * @param senderSsrc SSRC of the packet sender (the relay's own RTCP SSRC), unsigned
     * @param bitrateBps the estimate, bits per second, &gt;= 0; truncated to 18 significant bits
     * @param ssrcs array holding the media SSRCs the estimate applies to
     * @param count how many leading entries of {@code ssrcs} to list, 0 to 255
     * @return the number of bytes written, {@code encodedLength(count)}
     * @throws IllegalArgumentException on more than 255 SSRCs, a count beyond the array, a negative bitrate,
     *     or too little room
     * @throws IllegalStateException when no buffer was wrapped
     */
    public int encode(final int senderSsrc, final long bitrateBps, final int[] ssrcs, final int count) {
        if (count > ssrcs.length) {
            throw new IllegalArgumentException(
                "count " + count + " exceeds the SSRC array's length " + ssrcs.length);
        }
        final int lengthBytes = checkedLength(count, bitrateBps);
        final MutableDirectBuffer dst = buffer;
        final int at = offset;
        writeFixedPart(dst, at, lengthBytes, senderSsrc, bitrateBps, count);
        for (int i = 0; i < count; i++) {
            dst.putInt(at + SSRC_LIST_OFFSET + SSRC_BYTES * i, ssrcs[i], NETWORK_ORDER);
        }
        return lengthBytes;
    }

    /** Validates every argument and the room in the buffer; returns the packet length in bytes. */
    private int checkedLength(final int ssrcCount, final long bitrateBps) {
        checkSsrcCount(ssrcCount);
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("bitrateBps must be >= 0 but was " + bitrateBps);
        }
        if (buffer == null) {
            throw new IllegalStateException("no buffer: call wrap(buffer, offset) before encode");
        }
        final int lengthBytes = SSRC_LIST_OFFSET + SSRC_BYTES * ssrcCount;
        // long arithmetic: offset + length must not wrap around for offsets near Integer.MAX_VALUE.
        if ((long) offset + lengthBytes > buffer.capacity()) {
            throw new IllegalArgumentException("buffer too small for a REMB with " + ssrcCount + " SSRCs: need "
                + lengthBytes + " bytes at offset " + offset + ", capacity is " + buffer.capacity());
        }
        return lengthBytes;
    }

    private static void checkSsrcCount(final int ssrcCount) {
        if (ssrcCount < 0 || ssrcCount > MAX_SSRC_COUNT) {
            throw new IllegalArgumentException(
                "a REMB lists 0 to " + MAX_SSRC_COUNT + " SSRCs, not " + ssrcCount);
        }
    }

    private static void writeFixedPart(
        final MutableDirectBuffer dst,
        final int at,
        final int lengthBytes,
        final int senderSsrc,
        final long bitrateBps,
        final int ssrcCount) {
        // Remb::Create: halve until the value fits 18 bits, dropping the low bits (truncation, not rounding).
        long mantissa = bitrateBps;
        int exponent = 0;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>>= 1;
            exponent++;
        }
        dst.putByte(at, (byte) FIRST_BYTE);
        dst.putByte(at + 1, (byte) PT_PSFB);
        // RTCP length: size in 32-bit words minus one.
        dst.putShort(at + 2, (short) (lengthBytes / 4 - 1), NETWORK_ORDER);
        dst.putInt(at + SENDER_SSRC_OFFSET, senderSsrc, NETWORK_ORDER);
        // The media SSRC of a REMB is unused and always 0: the SSRCs it applies to are in the list.
        dst.putInt(at + MEDIA_SSRC_OFFSET, 0, NETWORK_ORDER);
        dst.putInt(at + IDENTIFIER_OFFSET, IDENTIFIER_REMB, NETWORK_ORDER);
        dst.putByte(at + SSRC_COUNT_OFFSET, (byte) ssrcCount);
        // Exponent in the high 6 bits, mantissa bits 17..16 in the low 2 bits: OR, the two never overlap.
        dst.putByte(at + EXP_MANTISSA_HIGH_OFFSET, (byte) ((exponent << 2) | (int) (mantissa >>> 16)));
        dst.putShort(at + MANTISSA_LOW_OFFSET, (short) (mantissa & 0xFFFF), NETWORK_ORDER);
    }
}
