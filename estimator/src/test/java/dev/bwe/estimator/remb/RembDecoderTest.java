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
import static dev.bwe.estimator.remb.RembTestSupport.bufferOf;
import static dev.bwe.estimator.remb.RembTestSupport.hex;
import static dev.bwe.estimator.remb.RembTestSupport.ssrcsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RembDecoderTest {
    private final RembDecoder decoder = new RembDecoder();

    private boolean decode(final byte[] packet) {
        return decoder.wrap(new UnsafeBuffer(packet), 0, packet.length);
    }

    @Test
    void decodesLibwebrtcUnitTestPacketExactly() {
        assertThat(decode(hex(LIBWEBRTC_PACKET))).isTrue();

        assertThat(decoder.error()).isEqualTo(RembDecodeError.NONE);
        assertThat(decoder.senderSsrc()).isEqualTo(LIBWEBRTC_SENDER_SSRC);
        assertThat(decoder.mediaSsrc()).isZero();
        assertThat(decoder.bitrateBps()).isEqualTo(LIBWEBRTC_BITRATE_BPS);
        assertThat(decoder.ssrcCount()).isEqualTo(3);
        assertThat(ssrcsOf(decoder)).containsExactly(LIBWEBRTC_SSRCS);
    }

    @Test
    void decodesChromePacketFromPionExactly() {
        assertThat(decode(hex(CHROME_PACKET))).isTrue();

        assertThat(decoder.senderSsrc()).isEqualTo(CHROME_SENDER_SSRC);
        assertThat(decoder.bitrateBps()).isEqualTo(CHROME_BITRATE_BPS);
        assertThat(decoder.ssrcCount()).isEqualTo(1);
        assertThat(decoder.ssrc(0)).isEqualTo(CHROME_SSRCS[0]);
    }

    @Test
    void decodesA64BitBitrateWithNoSsrcs() {
        assertThat(decode(hex(BITRATE_64BIT_PACKET))).isTrue();

        assertThat(decoder.senderSsrc()).isZero();
        assertThat(decoder.bitrateBps()).isEqualTo(BITRATE_64BIT_BPS);
        assertThat(decoder.ssrcCount()).isZero();
        assertThat(decoder.size()).isZero();
    }

    @Test
    void decodesAtAnOffsetInsideALargerBuffer() {
        final byte[] packet = hex(CHROME_PACKET);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[100]);
        buffer.putBytes(33, packet);

        assertThat(decoder.wrap(buffer, 33, packet.length)).isTrue();
        assertThat(decoder.offset()).isEqualTo(33);
        assertThat(decoder.bitrateBps()).isEqualTo(CHROME_BITRATE_BPS);
        assertThat(decoder.ssrc(0)).isEqualTo(CHROME_SSRCS[0]);
    }

    @Test
    void rejectsA16BytePacketWhoseRtcpLengthIs3() {
        final byte[] packet = java.util.Arrays.copyOf(hex(LIBWEBRTC_PACKET), 16);
        packet[3] = 3;

        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.PAYLOAD_TOO_SHORT);
    }

    @Test
    void rejectsAnIdentifierOtherThanRemb() {
        final byte[] packet = hex(LIBWEBRTC_PACKET);
        packet[12] = 'N';

        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.NOT_REMB);
    }

    @Test
    void rejectsExponent63BecauseTheBitrateDoesNotFit64Bits() {
        final byte[] packet = hex(LIBWEBRTC_PACKET);
        packet[17] |= (byte) 0xFC;
        packet[19] |= 0x02;

        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.BITRATE_OVERFLOW);
    }

    @Test
    void rejectsExponent56WithMantissa200BecauseTheBitrateDoesNotFitSigned64Bits() {
        // 200 << 56 fits an unsigned 64-bit value but is negative as a signed one.
        final byte[] packet = hex(LIBWEBRTC_PACKET);
        packet[17] = (byte) (56 << 2);
        packet[18] = 0;
        packet[19] = (byte) 200;

        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.BITRATE_OVERFLOW);
    }

    @Test
    void acceptsTheLargestBitrateThatFitsASignedLongAndRejectsTheNextExponent() {
        final byte[] packet = hex(BITRATE_64BIT_PACKET);
        packet[17] = (byte) ((45 << 2) | 0x3);
        packet[18] = (byte) 0xFF;
        packet[19] = (byte) 0xFF;
        assertThat(decode(packet)).isTrue();
        assertThat(decoder.bitrateBps()).isEqualTo(0x3FFFFL << 45);

        packet[17] = (byte) ((46 << 2) | 0x3);
        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.BITRATE_OVERFLOW);
    }

    @Test
    void acceptsMantissaZeroWithAnyExponentAsZeroBps() {
        final byte[] packet = hex(BITRATE_64BIT_PACKET);
        packet[17] = (byte) (63 << 2);
        packet[18] = 0;
        packet[19] = 0;

        assertThat(decode(packet)).isTrue();
        assertThat(decoder.bitrateBps()).isZero();
    }

    @Test
    void rejectsAnSsrcCountOfFourWithBytesForThree() {
        final byte[] packet = hex(LIBWEBRTC_PACKET);
        packet[16]++;

        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.SSRC_COUNT_MISMATCH);
    }

    @Test
    void rejectsEveryTruncationOfEveryVectorWithoutThrowing() {
        for (final String vector : new String[] {LIBWEBRTC_PACKET, CHROME_PACKET, BITRATE_64BIT_PACKET}) {
            final UnsafeBuffer buffer = bufferOf(hex(vector));
            for (int length = 0; length < buffer.capacity(); length++) {
                assertThat(decoder.wrap(buffer, 0, length)).as("%s cut to %d bytes", vector, length).isFalse();
                assertThat(decoder.error()).as("%s cut to %d bytes", vector, length)
                    .isEqualTo(length < 4 ? RembDecodeError.TRUNCATED_HEADER : RembDecodeError.TRUNCATED);
            }
            assertThat(decoder.wrap(buffer, 0, buffer.capacity())).isTrue();
        }
    }

    @Test
    void rejectsALengthLongerThanThePacketAnnounces() {
        final byte[] packet = java.util.Arrays.copyOf(hex(CHROME_PACKET), 28);

        assertThat(decoder.wrap(new UnsafeBuffer(packet), 0, 28)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.TRAILING_BYTES);
    }

    @Test
    void rejectsRtcpVersionsOtherThan2() {
        for (final int version : new int[] {0, 1, 3}) {
            final byte[] packet = hex(CHROME_PACKET);
            packet[0] = (byte) ((version << 6) | 15);

            assertThat(decode(packet)).as("version %d", version).isFalse();
            assertThat(decoder.error()).isEqualTo(RembDecodeError.BAD_VERSION);
        }
    }

    @Test
    void rejectsPacketTypesOtherThanPayloadSpecificFeedback() {
        for (final int packetType : new int[] {200, 201, 205, 207}) {
            final byte[] packet = hex(CHROME_PACKET);
            packet[1] = (byte) packetType;

            assertThat(decode(packet)).as("PT %d", packetType).isFalse();
            assertThat(decoder.error()).isEqualTo(RembDecodeError.NOT_PSFB);
        }
    }

    @Test
    void rejectsFeedbackFormatsOtherThanApplicationLayerFeedback() {
        for (final int format : new int[] {0, 1, 4, 14, 31}) {
            final byte[] packet = hex(CHROME_PACKET);
            packet[0] = (byte) (0x80 | format);

            assertThat(decode(packet)).as("FMT %d", format).isFalse();
            assertThat(decoder.error()).isEqualTo(RembDecodeError.NOT_AFB);
        }
    }

    @Test
    void acceptsRtcpPaddingAsLibwebrtcCommonHeaderDoes() {
        final byte[] packet = java.util.Arrays.copyOf(hex(CHROME_PACKET), 28);
        packet[0] |= 0x20;
        packet[3] = 6;
        packet[27] = 4;

        assertThat(decode(packet)).isTrue();
        assertThat(decoder.bitrateBps()).isEqualTo(CHROME_BITRATE_BPS);
        assertThat(ssrcsOf(decoder)).containsExactly(CHROME_SSRCS);
    }

    @Test
    void rejectsAZeroPaddingCountAndPaddingLargerThanThePayload() {
        final byte[] packet = java.util.Arrays.copyOf(hex(CHROME_PACKET), 28);
        packet[0] |= 0x20;
        packet[3] = 6;

        packet[27] = 0;
        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.BAD_PADDING);

        packet[27] = 25;
        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.BAD_PADDING);

        // Padding that leaves the payload one SSRC short is a count mismatch, not a padding error.
        packet[27] = 8;
        assertThat(decode(packet)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.SSRC_COUNT_MISMATCH);
    }

    @Test
    void rejectsARangeOutsideTheBufferWithoutThrowing() {
        final UnsafeBuffer buffer = bufferOf(hex(CHROME_PACKET));

        assertThat(decoder.wrap(buffer, 1, 24)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.OUT_OF_BOUNDS);
        assertThat(decoder.wrap(buffer, -1, 4)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.OUT_OF_BOUNDS);
        assertThat(decoder.wrap(buffer, 0, -4)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.OUT_OF_BOUNDS);
        assertThat(decoder.wrap(buffer, Integer.MAX_VALUE, Integer.MAX_VALUE)).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.OUT_OF_BOUNDS);
    }

    @Test
    void refusesAccessorsUntilAValidPacketIsWrapped() {
        assertThat(decoder.error()).isEqualTo(RembDecodeError.NOT_WRAPPED);
        assertThat(decoder.isValid()).isFalse();
        assertThatThrownBy(decoder::bitrateBps)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("NOT_WRAPPED");

        assertThat(decode(hex(CHROME_PACKET))).isTrue();
        assertThat(decoder.isValid()).isTrue();

        final byte[] notRemb = hex(CHROME_PACKET);
        notRemb[15] = 'C';
        assertThat(decode(notRemb)).isFalse();
        assertThatThrownBy(decoder::senderSsrc).hasMessageContaining("NOT_REMB");
        assertThatThrownBy(decoder::size).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> decoder.ssrc(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAnSsrcIndexOutsideTheList() {
        assertThat(decode(hex(LIBWEBRTC_PACKET))).isTrue();

        assertThatThrownBy(() -> decoder.ssrc(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> decoder.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 0xB0BL, 20240618L, -7L})
    void neverThrowsOnMutatedOrRandomBytes(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] vectors = {hex(LIBWEBRTC_PACKET), hex(CHROME_PACKET), hex(BITRATE_64BIT_PACKET)};
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            final byte[] packet = vectors[random.nextInt(vectors.length)];
            buffer.setMemory(0, buffer.capacity(), (byte) 0);
            buffer.putBytes(0, packet);
            final int flips = random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                final int at = random.nextInt(packet.length);
                buffer.putByte(at, (byte) (buffer.getByte(at) ^ (1 << random.nextInt(8))));
            }
            if (random.nextInt(8) == 0) {
                for (int at = 0; at < buffer.capacity(); at++) {
                    buffer.putByte(at, (byte) random.nextInt(256));
                }
            }
            final int length = random.nextInt(buffer.capacity() + 1);
            if (decoder.wrap(buffer, 0, length)) {
                accepted++;
                assertThat(decoder.bitrateBps()).isNotNegative();
                assertThat(20 + 4 * decoder.ssrcCount()).isLessThanOrEqualTo(length);
                for (int s = 0; s < decoder.ssrcCount(); s++) {
                    decoder.ssrc(s);
                }
            } else {
                assertThat(decoder.error()).isNotEqualTo(RembDecodeError.NONE);
            }
            assertThat(RembDecoder.findRemb(buffer, 0, length)).isBetween(-1, 0);
        }
        assertThat(accepted).as("some mutations leave a valid REMB").isPositive();
    }
}
