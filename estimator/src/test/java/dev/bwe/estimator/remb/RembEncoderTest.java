package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembTestSupport.BITRATE_64BIT_BPS;
import static dev.bwe.estimator.remb.RembTestSupport.BITRATE_64BIT_PACKET;
import static dev.bwe.estimator.remb.RembTestSupport.CHROME_BITRATE_BPS;
import static dev.bwe.estimator.remb.RembTestSupport.CHROME_PACKET;
import static dev.bwe.estimator.remb.RembTestSupport.CHROME_SENDER_SSRC;
import static dev.bwe.estimator.remb.RembTestSupport.CHROME_SSRCS;
import static dev.bwe.estimator.remb.RembTestSupport.LIBWEBRTC_BITRATE_BPS;
import static dev.bwe.estimator.remb.RembTestSupport.LIBWEBRTC_PACKET;
import static dev.bwe.estimator.remb.RembTestSupport.LIBWEBRTC_SENDER_SSRC;
import static dev.bwe.estimator.remb.RembTestSupport.LIBWEBRTC_SSRCS;
import static dev.bwe.estimator.remb.RembTestSupport.bytesOf;
import static dev.bwe.estimator.remb.RembTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembTestSupport.ArraySsrcSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RembEncoderTest {
    private static final byte FILL = (byte) 0xA5;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final RembEncoder encoder = new RembEncoder();

    @Test
    void encodesLibwebrtcUnitTestPacketByteForByte() {
        final int written = encoder.wrap(buffer, 0)
            .encode(LIBWEBRTC_SENDER_SSRC, LIBWEBRTC_BITRATE_BPS, new ArraySsrcSet(LIBWEBRTC_SSRCS));

        assertThat(written).isEqualTo(32);
        assertThat(bytesOf(buffer, 0, written)).containsExactly(hex(LIBWEBRTC_PACKET));
    }

    @Test
    void encodesChromePacketFromPionByteForByte() {
        final int written = encoder.wrap(buffer, 0)
            .encode(CHROME_SENDER_SSRC, CHROME_BITRATE_BPS, new ArraySsrcSet(CHROME_SSRCS));

        assertThat(written).isEqualTo(24);
        assertThat(bytesOf(buffer, 0, written)).containsExactly(hex(CHROME_PACKET));
    }

    @Test
    void encodesA64BitBitrateWithExponent30AndNoSsrcs() {
        final int written = encoder.wrap(buffer, 0).encode(0, BITRATE_64BIT_BPS, SsrcSet.EMPTY);

        assertThat(written).isEqualTo(20);
        assertThat(bytesOf(buffer, 0, written)).containsExactly(hex(BITRATE_64BIT_PACKET));
    }

    @Test
    void arrayOverloadWritesTheSameBytesAsTheSsrcSetOne() {
        final int[] ssrcs = {0x23456789, 0x2345678A, 0x2345678B, 0x7777};
        final int written = encoder.wrap(buffer, 0)
            .encode(LIBWEBRTC_SENDER_SSRC, LIBWEBRTC_BITRATE_BPS, ssrcs, 3);

        assertThat(written).isEqualTo(32);
        assertThat(bytesOf(buffer, 0, written)).containsExactly(hex(LIBWEBRTC_PACKET));
    }

    @Test
    void writesAtTheWrappedOffsetAndNothingOutsideThePacket() {
        buffer.setMemory(0, buffer.capacity(), FILL);
        final int written = encoder.wrap(buffer, 7)
            .encode(CHROME_SENDER_SSRC, CHROME_BITRATE_BPS, new ArraySsrcSet(CHROME_SSRCS));

        assertThat(bytesOf(buffer, 7, written)).containsExactly(hex(CHROME_PACKET));
        assertThat(bytesOf(buffer, 0, 7)).containsOnly(FILL);
        assertThat(bytesOf(buffer, 7 + written, 64)).containsOnly(FILL);
    }

    @Test
    void truncatesTheMantissaInsteadOfRounding() {
        // 0x3FFFF * 2 + 1 needs 19 bits: one shift drops the low 1, which rounding would have carried up.
        encoder.wrap(buffer, 0).encode(0, 0x3FFFFL * 2 + 1, SsrcSet.EMPTY);

        assertThat(buffer.getByte(17) & 0xFF).isEqualTo((1 << 2) | 0x3);
        assertThat(buffer.getShort(18, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF).isEqualTo(0xFFFF);
    }

    @Test
    void encodesLongMaxValueWithExponent45() {
        encoder.wrap(buffer, 0).encode(0, Long.MAX_VALUE, SsrcSet.EMPTY);

        // 63 significant bits, 18 kept: exponent 45, mantissa all ones.
        assertThat(buffer.getByte(17) & 0xFF).isEqualTo((45 << 2) | 0x3);
        assertThat(buffer.getShort(18, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF).isEqualTo(0xFFFF);
    }

    @Test
    void encodedLengthIs20PlusFourBytesPerSsrc() {
        assertThat(RembEncoder.encodedLength(0)).isEqualTo(20);
        assertThat(RembEncoder.encodedLength(1)).isEqualTo(24);
        assertThat(RembEncoder.encodedLength(255)).isEqualTo(20 + 4 * 255);
        assertThatThrownBy(() -> RembEncoder.encodedLength(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RembEncoder.encodedLength(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accepts255SsrcsAndRejects256() {
        final int[] ssrcs = new int[256];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = i;
        }

        assertThat(encoder.wrap(buffer, 0).encode(1, 1000, ssrcs, 255)).isEqualTo(20 + 4 * 255);
        assertThat(buffer.getByte(16) & 0xFF).isEqualTo(255);

        buffer.setMemory(0, buffer.capacity(), FILL);
        assertThatThrownBy(() -> encoder.encode(1, 1000, ssrcs, 256))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("0 to 255 SSRCs, not 256");
        assertThatThrownBy(() -> encoder.encode(1, 1000, new ArraySsrcSet(ssrcs)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("0 to 255 SSRCs, not 256");
        assertThat(bytesOf(buffer, 0, buffer.capacity())).containsOnly(FILL);
    }

    @Test
    void rejectsANegativeBitrateWithoutWriting() {
        buffer.setMemory(0, buffer.capacity(), FILL);

        assertThatThrownBy(() -> encoder.wrap(buffer, 0).encode(1, -1, SsrcSet.EMPTY))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bitrateBps must be >= 0 but was -1");
        assertThat(bytesOf(buffer, 0, buffer.capacity())).containsOnly(FILL);
    }

    @Test
    void rejectsABufferOneByteTooSmallWithoutWritingAnything() {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[10 + 31]);
        small.setMemory(0, small.capacity(), FILL);

        assertThatThrownBy(() -> encoder.wrap(small, 10)
            .encode(LIBWEBRTC_SENDER_SSRC, LIBWEBRTC_BITRATE_BPS, new ArraySsrcSet(LIBWEBRTC_SSRCS)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("buffer too small")
            .hasMessageContaining("need 32 bytes at offset 10, capacity is 41");
        assertThat(bytesOf(small, 0, small.capacity())).containsOnly(FILL);
    }

    @Test
    void fillsABufferOfExactlyThePacketSize() {
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[10 + 32]);

        assertThat(encoder.wrap(exact, 10)
            .encode(LIBWEBRTC_SENDER_SSRC, LIBWEBRTC_BITRATE_BPS, new ArraySsrcSet(LIBWEBRTC_SSRCS)))
            .isEqualTo(32);
        assertThat(bytesOf(exact, 10, 32)).containsExactly(hex(LIBWEBRTC_PACKET));
    }

    @Test
    void rejectsACountBeyondTheArrayAndANegativeCount() {
        encoder.wrap(buffer, 0);

        assertThatThrownBy(() -> encoder.encode(1, 1000, new int[2], 3))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("count 3 exceeds the SSRC array's length 2");
        assertThatThrownBy(() -> encoder.encode(1, 1000, new int[2], -1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToEncodeBeforeABufferIsWrapped() {
        assertThatThrownBy(() -> new RembEncoder().encode(1, 1000, SsrcSet.EMPTY))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("wrap");
    }

    @Test
    void rejectsANegativeOffset() {
        assertThatThrownBy(() -> encoder.wrap(buffer, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
