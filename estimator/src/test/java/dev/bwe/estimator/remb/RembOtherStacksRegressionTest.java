package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembTestSupport.hex;
import static dev.bwe.estimator.remb.RembTestSupport.ssrcsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembTestSupport.ArraySsrcSet;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * REMB codec bugs other stacks shipped (reference §5 item 3), each pinned with a value that the buggy
 * code gets wrong.
 */
class RembOtherStacksRegressionTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final RembEncoder encoder = new RembEncoder().wrap(buffer, 0);
    private final RembDecoder decoder = new RembDecoder();

    /** A 20-byte REMB with no SSRCs and the given byte 17 and mantissa low 16 bits. */
    private RembDecoder decodeFields(final int expAndMantissaHigh, final int mantissaLow) {
        final byte[] packet = hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 00 00 00 00");
        packet[17] = (byte) expAndMantissaHigh;
        packet[18] = (byte) (mantissaLow >>> 8);
        packet[19] = (byte) mantissaLow;
        assertThat(decoder.wrap(new UnsafeBuffer(packet), 0, packet.length)).isTrue();
        return decoder;
    }

    @Test
    void mantissaHighBitsAreWorth2To16NotShiftedBy2() {
        // jitsi-rtp #53 shifted the two high mantissa bits left by 2: 0x3 << 2 | 0x0001 = 13, not 0x30001.
        assertThat(decodeFields(0x03, 0x0001).bitrateBps()).isEqualTo(0x30001);

        encoder.encode(1, 0x30001, SsrcSet.EMPTY);
        assertThat(buffer.getByte(17)).isEqualTo((byte) 0x03);
        assertThat(buffer.getShort(18, ByteOrder.BIG_ENDIAN)).isEqualTo((short) 0x0001);
    }

    @Test
    void mantissaHighBitsAreMaskedWith3Not4() {
        // sipsorcery #1073 masked with & 4, which reads the exponent's low bit as mantissa and drops bit 16.
        // Byte 17 = 0b000001_01: exponent 1, mantissa bits 17..16 = 01.
        assertThat(decodeFields(0x05, 0x0000).bitrateBps()).isEqualTo(0x10000L << 1);
        // Byte 17 = 0b000001_10: exponent 1, mantissa bits 17..16 = 10.
        assertThat(decodeFields(0x06, 0x0000).bitrateBps()).isEqualTo(0x20000L << 1);
    }

    @Test
    void exponentAndMantissaHighBitsAreOredNotAnded() {
        // sipsorcery #1073 wrote (exp << 2) & (mantissa >> 16), which is always 0 here.
        encoder.encode(1, 0x3FFFFL << 5, SsrcSet.EMPTY);

        assertThat(buffer.getByte(17) & 0xFF).isEqualTo((5 << 2) | 0x3);
        assertThat(decoder.wrap(buffer, 0, 20)).isTrue();
        assertThat(decoder.bitrateBps()).isEqualTo(0x3FFFFL << 5);
    }

    @Test
    void exponentIsAPowerOfTwoNotASquare() {
        // libdatachannel #1460 computed pow(exp, 2): exp 3 gave 9 instead of 8, exp 10 gave 100 not 1024.
        assertThat(decodeFields(3 << 2, 1).bitrateBps()).isEqualTo(8);
        assertThat(decodeFields(10 << 2, 1).bitrateBps()).isEqualTo(1024);
        assertThat(decodeFields((30 << 2) | 0x3, 0xFB93).bitrateBps()).isEqualTo(0x3FB93L << 30);
    }

    @Test
    void ssrcsComeFromTheFeedbackListNotTheMediaSsrcField() {
        // libdatachannel #1500 and sipsorcery #1466 read the media SSRC (always 0) as the stream.
        final byte[] packet = hex("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 00 10 00 ca fe ba be");

        assertThat(decoder.wrap(new UnsafeBuffer(packet), 0, packet.length)).isTrue();
        assertThat(decoder.mediaSsrc()).isZero();
        assertThat(ssrcsOf(decoder)).containsExactly(0xCAFEBABE);

        // A non-zero media SSRC field is read but ignored, as libwebrtc does.
        packet[11] = 0x07;
        assertThat(decoder.wrap(new UnsafeBuffer(packet), 0, packet.length)).isTrue();
        assertThat(decoder.mediaSsrc()).isEqualTo(7);
        assertThat(ssrcsOf(decoder)).containsExactly(0xCAFEBABE);
    }

    @Test
    void everySsrcOfTheFeedbackListIsKeptNotJustTheFirst() {
        // sipsorcery #1472 handled a single SSRC only.
        final int[] ssrcs = {0x00000001, 0x7FFFFFFF, 0x80000000, 0xDEADBEEF, 0xFFFFFFFF};
        final int written = encoder.encode(42, 1_000_000, new ArraySsrcSet(ssrcs));

        assertThat(buffer.getByte(16)).isEqualTo((byte) 5);
        assertThat(decoder.wrap(buffer, 0, written)).isTrue();
        assertThat(decoder.ssrcCount()).isEqualTo(5);
        assertThat(ssrcsOf(decoder)).containsExactly(ssrcs);
    }
}
