package dev.bwe.pipeline.rtp;

import static dev.bwe.pipeline.rtp.RtpPacketBuilder.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The byte vectors of libwebrtc's {@code rtp_packet_unittest.cc} (reference §4.4). Their elements
 * are toffset (id 1, 3 bytes), audio level (id 9, 1 byte) and playout delay (id 0xF0, 3 bytes):
 * registering those ids as our time extensions shows what the walk finds, and the 1-byte audio
 * level shows a size abs-send-time and abs-capture-time both refuse.
 */
class LibwebrtcVectorsTest {
    private static final String FIXED_HEADER = "90 64 12 34 65 43 12 78 12 34 56 78";
    private static final byte[] ONE_BYTE =
        hex(FIXED_HEADER + "be de 00 02 12 00 56 ce 90 da 00 00");
    private static final byte[] INVALID_PADDING_ELEMENT =
        hex(FIXED_HEADER + "be de 00 03 12 00 56 ce 00 02 00 00 90 da 00 00");
    private static final byte[] RESERVED_ID =
        hex(FIXED_HEADER + "be de 00 03 12 00 56 ce 00 f0 00 00 90 da 00 00");
    private static final byte[] TWO_BYTE =
        hex(FIXED_HEADER + "10 00 00 04 f0 03 00 30 22 01 03 00 56 ce 09 01 da 00 00 00");
    private static final byte[] ABS_SEND_TIME_ID_3 = hex(FIXED_HEADER + "be de 00 01 32 12 34 56");

    private final RtpHeaderParser parser = new RtpHeaderParser();

    private ParseStatus parse(final byte[] packet, final int absSendTimeId, final int absCaptureTimeId) {
        return ParseStatus.fromCode(Slot.parseWhole(parser, packet, ExtensionIds.of(absSendTimeId, absCaptureTimeId)));
    }

    private void assertFixedHeader(final int headerLengthBytes, final int packetLengthBytes) {
        assertThat(parser.marker()).isFalse();
        assertThat(parser.payloadType()).isEqualTo(100);
        assertThat(parser.sequenceNumber()).isEqualTo(0x1234);
        assertThat(parser.timestamp()).isEqualTo(0x65431278);
        assertThat(parser.ssrc()).isEqualTo(0x12345678);
        assertThat(parser.csrcCount()).isZero();
        assertThat(parser.headerLengthBytes()).isEqualTo(headerLengthBytes);
        assertThat(parser.paddingBytes()).isZero();
        assertThat(parser.payloadSizeBytes()).isEqualTo(packetLengthBytes - headerLengthBytes);
    }

    @Test
    void oneByteFormFindsThreeByteToffsetAsAbsSendTime() {
        assertThat(parse(ONE_BYTE, 1, 0)).isEqualTo(ParseStatus.OK);
        assertFixedHeader(24, 24);
        assertThat(parser.hasAbsSendTime()).isTrue();
        assertThat(parser.absSendTime24()).isEqualTo(0x0056CE);
        assertThat(parser.hasAbsCaptureTime()).isFalse();
        assertThat(parser.malformedExtensionCount()).isZero();
    }

    @Test
    void oneByteFormRefusesOneByteAudioLevelAsEitherTimeExtension() {
        assertThat(parse(ONE_BYTE, 9, 0)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.hasAbsSendTime()).isFalse();
        assertThat(parser.malformedExtensionCount()).isEqualTo(1);
        assertFixedHeader(24, 24);

        assertThat(parse(ONE_BYTE, 1, 9)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x0056CE);
        assertThat(parser.hasAbsCaptureTime()).isFalse();
        assertThat(parser.malformedExtensionCount()).isEqualTo(1);
    }

    @Test
    void idZeroWithNonZeroLengthStopsTheWalkButKeepsEarlierElements() {
        assertThat(parse(INVALID_PADDING_ELEMENT, 1, 9)).isEqualTo(ParseStatus.OK);
        assertFixedHeader(28, 28);
        assertThat(parser.absSendTime24()).isEqualTo(0x0056CE);
        // The audio level after the 0x02 byte is never reached, so it is absent, not malformed.
        assertThat(parser.malformedExtensionCount()).isZero();

        assertThat(parse(INVALID_PADDING_ELEMENT, 9, 0)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isZero();
    }

    @Test
    void reservedIdFifteenStopsTheWalkButKeepsEarlierElements() {
        assertThat(parse(RESERVED_ID, 1, 9)).isEqualTo(ParseStatus.OK);
        assertFixedHeader(28, 28);
        assertThat(parser.absSendTime24()).isEqualTo(0x0056CE);
        assertThat(parser.malformedExtensionCount()).isZero();

        assertThat(parse(RESERVED_ID, 9, 0)).isEqualTo(ParseStatus.NO_SEND_TIME);
    }

    @Test
    void twoByteFormFindsIdAboveFourteenAndTheElementsAfterIt() {
        assertThat(parse(TWO_BYTE, 0xF0, 0)).isEqualTo(ParseStatus.OK);
        assertFixedHeader(32, 32);
        assertThat(parser.absSendTime24()).isEqualTo(0x003022);

        assertThat(parse(TWO_BYTE, 1, 0xF0)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x0056CE);
        // Playout delay is 3 bytes: not a valid abs-capture-time.
        assertThat(parser.hasAbsCaptureTime()).isFalse();
        assertThat(parser.malformedExtensionCount()).isEqualTo(1);

        assertThat(parse(TWO_BYTE, 9, 0)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isEqualTo(1);
    }

    @Test
    void derivedAbsSendTimeExampleReadsItsValue() {
        assertThat(parse(ABS_SEND_TIME_ID_3, 3, 0)).isEqualTo(ParseStatus.OK);
        assertFixedHeader(20, 20);
        assertThat(parser.hasAbsSendTime()).isTrue();
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
    }

    @Test
    void unnegotiatedIdsFindNothing() {
        for (final byte[] packet : new byte[][] {ONE_BYTE, INVALID_PADDING_ELEMENT, RESERVED_ID, TWO_BYTE}) {
            assertThat(parse(packet, 0, 0)).isEqualTo(ParseStatus.NO_SEND_TIME);
            assertThat(parser.malformedExtensionCount()).isZero();
            assertThat(parser.ssrc()).isEqualTo(0x12345678);
        }
        assertThat(parse(ABS_SEND_TIME_ID_3, 2, 4)).isEqualTo(ParseStatus.NO_SEND_TIME);
    }
}
