package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembTestSupport.CHROME_BITRATE_BPS;
import static dev.bwe.estimator.remb.RembTestSupport.CHROME_PACKET;
import static dev.bwe.estimator.remb.RembTestSupport.CHROME_SSRCS;
import static dev.bwe.estimator.remb.RembTestSupport.LIBWEBRTC_BITRATE_BPS;
import static dev.bwe.estimator.remb.RembTestSupport.LIBWEBRTC_PACKET;
import static dev.bwe.estimator.remb.RembTestSupport.LIBWEBRTC_SSRCS;
import static dev.bwe.estimator.remb.RembTestSupport.hex;
import static dev.bwe.estimator.remb.RembTestSupport.ssrcsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.remb.RembTestSupport.ArraySsrcSet;
import java.io.ByteArrayOutputStream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RembCompoundPacketTest {
    /** Receiver report from SSRC 0x11111111 with one 24-byte report block: 32 bytes. */
    private static final String RECEIVER_REPORT = "81 c9 00 07 11 11 11 11"
        + " 22 22 22 22 00 00 00 00 00 00 12 34 00 00 00 10 00 00 00 00 00 00 00 00";
    /** Sender report with no report blocks: 28 bytes. */
    private static final String SENDER_REPORT = "80 c8 00 06 11 11 11 11"
        + " e1 23 45 67 89 ab cd ef 00 01 02 03 00 00 00 0a 00 00 03 e8";
    /** SDES with one chunk: CNAME "ab", end, padding to 32 bits: 12 bytes. */
    private static final String SDES = "81 ca 00 02 11 11 11 11 01 02 61 62";
    /** PLI (PSFB FMT 1): 12 bytes. */
    private static final String PLI = "81 ce 00 02 11 11 11 11 22 22 22 22";
    /** An application-layer feedback packet that is not a REMB ('GOOG'): 16 bytes. */
    private static final String OTHER_AFB = "8f ce 00 03 11 11 11 11 00 00 00 00 47 4f 4f 47";

    private final RembDecoder decoder = new RembDecoder();

    private static UnsafeBuffer compound(final int leadingBytes, final String... packets) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[leadingBytes], 0, leadingBytes);
        for (final String packet : packets) {
            final byte[] b = hex(packet);
            bytes.write(b, 0, b.length);
        }
        return new UnsafeBuffer(bytes.toByteArray());
    }

    @Test
    void findsTheRembAfterAReceiverReport() {
        final UnsafeBuffer buffer = compound(0, RECEIVER_REPORT, LIBWEBRTC_PACKET);

        assertThat(RembDecoder.findRemb(buffer, 0, buffer.capacity())).isEqualTo(32);
        assertThat(decoder.wrapCompound(buffer, 0, buffer.capacity())).isTrue();
        assertThat(decoder.offset()).isEqualTo(32);
        assertThat(decoder.bitrateBps()).isEqualTo(LIBWEBRTC_BITRATE_BPS);
        assertThat(ssrcsOf(decoder)).containsExactly(LIBWEBRTC_SSRCS);
    }

    @Test
    void findsTheRembBehindSenderReportSdesPliAndAnotherAfbAtAnOffset() {
        final UnsafeBuffer buffer = compound(5, SENDER_REPORT, SDES, PLI, OTHER_AFB, CHROME_PACKET);
        final int length = buffer.capacity() - 5;

        assertThat(RembDecoder.findRemb(buffer, 5, length)).isEqualTo(5 + 28 + 12 + 12 + 16);
        assertThat(decoder.wrapCompound(buffer, 5, length)).isTrue();
        assertThat(decoder.bitrateBps()).isEqualTo(CHROME_BITRATE_BPS);
        assertThat(ssrcsOf(decoder)).containsExactly(CHROME_SSRCS);
    }

    @Test
    void findsARembThatComesFirst() {
        final UnsafeBuffer buffer = compound(0, CHROME_PACKET, RECEIVER_REPORT);

        assertThat(RembDecoder.findRemb(buffer, 0, buffer.capacity())).isZero();
        assertThat(decoder.wrapCompound(buffer, 0, buffer.capacity())).isTrue();
    }

    @Test
    void decodesAReceiverReportPlusRembThatTheEncoderAppended() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32 + RembEncoder.encodedLength(3)]);
        buffer.putBytes(0, hex(RECEIVER_REPORT));
        final int rembBytes = new RembEncoder().wrap(buffer, 32)
            .encode(0x11111111, 2_500_000, new ArraySsrcSet(1, 2, 0xFFFFFFFF));

        assertThat(decoder.wrapCompound(buffer, 0, 32 + rembBytes)).isTrue();
        assertThat(decoder.senderSsrc()).isEqualTo(0x11111111);
        assertThat(decoder.bitrateBps()).isEqualTo(2_500_000 >>> 4 << 4);
        assertThat(ssrcsOf(decoder)).containsExactly(1, 2, 0xFFFFFFFF);
    }

    @Test
    void reportsNotFoundWithoutARemb() {
        final UnsafeBuffer buffer = compound(0, RECEIVER_REPORT, SDES, PLI, OTHER_AFB);

        assertThat(RembDecoder.findRemb(buffer, 0, buffer.capacity())).isEqualTo(-1);
        assertThat(decoder.wrapCompound(buffer, 0, buffer.capacity())).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.NOT_FOUND);
        assertThat(RembDecoder.findRemb(buffer, 0, 0)).isEqualTo(-1);
    }

    @Test
    void stopsAtAPacketWhoseLengthRunsPastTheCompound() {
        final UnsafeBuffer buffer = compound(0, RECEIVER_REPORT, CHROME_PACKET);
        buffer.putByte(3, (byte) 0x08); // the RR now claims 36 bytes and would swallow the REMB's header

        assertThat(RembDecoder.findRemb(buffer, 0, buffer.capacity())).isEqualTo(-1);
        final UnsafeBuffer cut = compound(0, RECEIVER_REPORT, CHROME_PACKET);
        for (int length = 0; length < cut.capacity(); length++) {
            assertThat(RembDecoder.findRemb(cut, 0, length)).as("cut to %d bytes", length).isEqualTo(-1);
        }
    }

    @Test
    void stopsAtAHeaderThatIsNotRtcpVersion2() {
        final UnsafeBuffer buffer = compound(0, SDES, RECEIVER_REPORT, CHROME_PACKET);
        buffer.putByte(12, (byte) 0x41);

        assertThat(RembDecoder.findRemb(buffer, 0, buffer.capacity())).isEqualTo(-1);
    }

    @Test
    void reportsTheRembsOwnErrorWhenTheFoundRembIsMalformed() {
        final UnsafeBuffer buffer = compound(0, RECEIVER_REPORT, LIBWEBRTC_PACKET);
        buffer.putByte(32 + 16, (byte) 4);

        assertThat(decoder.wrapCompound(buffer, 0, buffer.capacity())).isFalse();
        assertThat(decoder.error()).isEqualTo(RembDecodeError.SSRC_COUNT_MISMATCH);
    }

    @Test
    void returnsNotFoundForARangeOutsideTheBuffer() {
        final UnsafeBuffer buffer = compound(0, CHROME_PACKET);

        assertThat(RembDecoder.findRemb(buffer, 1, buffer.capacity())).isEqualTo(-1);
        assertThat(RembDecoder.findRemb(buffer, -1, 8)).isEqualTo(-1);
        assertThat(RembDecoder.findRemb(buffer, 0, -1)).isEqualTo(-1);
    }
}
