package dev.bwe.pipeline.rtp;

import static dev.bwe.pipeline.rtp.RtpPacketBuilder.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Hand-built packets: one per reject reason, and the extension and padding rules one at a time. */
class RtpHeaderParserTest {
    private static final int SEND_ID = 3;
    private static final int CAPTURE_ID = 5;
    private static final ExtensionIds IDS = ExtensionIds.of(SEND_ID, CAPTURE_ID);
    private static final byte[] SEND_TIME = {0x12, 0x34, 0x56};

    private final RtpHeaderParser parser = new RtpHeaderParser();

    private static RtpPacketBuilder packetWithSendTime() {
        return new RtpPacketBuilder()
            .payloadType(96)
            .sequenceNumber(0xBEEF)
            .timestamp(0xCAFEBABE)
            .ssrc(0xDEADBEEF)
            .oneByteExtensions()
            .element(SEND_ID, SEND_TIME)
            .payloadSizeBytes(100);
    }

    private ParseStatus parseWhole(final byte[] packet) {
        return ParseStatus.fromCode(Slot.parseWhole(parser, packet, IDS));
    }

    private ParseStatus parseCaptured(final byte[] packet, final int capturedLength) {
        return ParseStatus.fromCode(Slot.parseCaptured(parser, packet, capturedLength, IDS));
    }

    private ParseStatus parseRaw(
        final UnsafeBuffer buffer, final int offset, final int captured, final int length, final int lastByte) {
        return ParseStatus.fromCode(parser.parse(buffer, offset, captured, length, lastByte, IDS));
    }

    private void assertCleared() {
        assertThat(parser.ssrc()).isZero();
        assertThat(parser.sequenceNumber()).isZero();
        assertThat(parser.timestamp()).isZero();
        assertThat(parser.payloadType()).isZero();
        assertThat(parser.marker()).isFalse();
        assertThat(parser.headerLengthBytes()).isZero();
        assertThat(parser.payloadSizeBytes()).isZero();
        assertThat(parser.paddingBytes()).isZero();
        assertThat(parser.hasAbsSendTime()).isFalse();
        assertThat(parser.hasAbsCaptureTime()).isFalse();
        assertThat(parser.hasCaptureClockOffset()).isFalse();
        assertThat(parser.malformedExtensionCount()).isZero();
    }

    @Test
    void acceptsAPacketWithAbsSendTimeAndReadsEveryField() {
        final byte[] packet = packetWithSendTime().marker(true).payloadType(127).csrcs(7, 8).build();

        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.marker()).isTrue();
        assertThat(parser.payloadType()).isEqualTo(127);
        assertThat(parser.sequenceNumber()).isEqualTo(0xBEEF);
        assertThat(parser.timestamp()).isEqualTo(0xCAFEBABE);
        assertThat(parser.ssrc()).isEqualTo(0xDEADBEEF);
        assertThat(parser.csrcCount()).isEqualTo(2);
        assertThat(parser.headerLengthBytes()).isEqualTo(12 + 8 + 4 + 4);
        assertThat(parser.paddingBytes()).isZero();
        assertThat(parser.payloadSizeBytes()).isEqualTo(100);
        assertThat(parser.hasAbsSendTime()).isTrue();
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
        assertThat(parser.hasAbsCaptureTime()).isFalse();
    }

    @Test
    void rejectsPacketsShorterThanTheFixedHeader() {
        final byte[] packet = packetWithSendTime().build();
        for (final int length : new int[] {0, 1, 11}) {
            final byte[] truncated = Arrays.copyOf(packet, length);
            assertThat(parseWhole(truncated)).as("length %d", length).isEqualTo(ParseStatus.TOO_SHORT);
            assertCleared();
        }
    }

    @Test
    void rejectsVersionsOtherThanTwo() {
        for (final int version : new int[] {0, 1, 3}) {
            assertThat(parseWhole(packetWithSendTime().version(version).build()))
                .as("version %d", version)
                .isEqualTo(ParseStatus.BAD_VERSION);
            assertCleared();
        }
    }

    @Test
    void classifiesMultiplexedRtcpAsNotRtpEvenWhenShorterThanAnRtpHeader() {
        final byte[] receiverReport = hex("80 c9 00 01 00 00 00 01");
        final byte[] remb = hex("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 1a 20 df 48 74 ed 16");
        assertThat(parseWhole(receiverReport)).isEqualTo(ParseStatus.NOT_RTP);
        assertThat(parseWhole(remb)).isEqualTo(ParseStatus.NOT_RTP);
        for (final int secondByte : new int[] {192, 200, 223}) {
            final byte[] packet = packetWithSendTime().build();
            packet[1] = (byte) secondByte;
            assertThat(parseWhole(packet)).as("second byte %d", secondByte).isEqualTo(ParseStatus.NOT_RTP);
        }
    }

    @Test
    void acceptsTheSecondBytesJustOutsideTheRtcpRange() {
        // 191 = marker + PT 63, 224 = marker + PT 96: both legal RTP under rtcp-mux.
        assertThat(parseWhole(packetWithSendTime().marker(true).payloadType(63).build())).isEqualTo(ParseStatus.OK);
        assertThat(parseWhole(packetWithSendTime().marker(true).payloadType(96).build())).isEqualTo(ParseStatus.OK);
        // Without the marker, PT 64..95 is not RTCP's byte range.
        assertThat(parseWhole(packetWithSendTime().payloadType(72).build())).isEqualTo(ParseStatus.OK);
    }

    @Test
    void rejectsACsrcListRunningPastThePacket() {
        final byte[] packet = new RtpPacketBuilder().csrcCountField(15).csrcs(1, 2).payloadSizeBytes(8).build();
        assertThat(packet.length).isEqualTo(12 + 8 + 8);
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.CSRC_OVERRUN);
        assertCleared();
    }

    @Test
    void rejectsAnExtensionBlockHeaderRunningPastThePacket() {
        final byte[] packet = Arrays.copyOf(packetWithSendTime().payloadSizeBytes(0).build(), 14);
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.BAD_EXTENSION_BLOCK);
    }

    @Test
    void rejectsAnExtensionBlockLongerThanThePacket() {
        final byte[] packet = packetWithSendTime().blockLengthWordsField(100).payloadSizeBytes(20).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.BAD_EXTENSION_BLOCK);
        assertCleared();
    }

    @Test
    void acceptsAnExtensionBlockEndingExactlyAtThePacketEnd() {
        final byte[] packet = packetWithSendTime().payloadSizeBytes(0).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.payloadSizeBytes()).isZero();
    }

    @Test
    void acceptsAnEmptyExtensionBlock() {
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions().payloadSizeBytes(10).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.headerLengthBytes()).isEqualTo(16);
        assertThat(parser.payloadSizeBytes()).isEqualTo(10);
    }

    @Test
    void readsValidPaddingAndCountsItInThePayloadSize() {
        final byte[] packet = packetWithSendTime().payloadSizeBytes(50).padding(30).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.paddingBytes()).isEqualTo(30);
        assertThat(parser.payloadSizeBytes()).isEqualTo(80);
    }

    @Test
    void acceptsPaddingThatFillsEverythingAfterTheHeader() {
        final byte[] packet = packetWithSendTime().payloadSizeBytes(0).padding(255).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.paddingBytes()).isEqualTo(255);
        assertThat(parser.payloadSizeBytes()).isEqualTo(255);
    }

    @Test
    void rejectsAZeroPaddingCount() {
        final byte[] packet = packetWithSendTime().payloadSizeBytes(10).paddingBitOnly().build();
        packet[packet.length - 1] = 0;
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.BAD_PADDING);
        assertCleared();
    }

    @Test
    void rejectsPaddingThatOverlapsTheHeader() {
        // 20-byte header + 5-byte payload whose last byte says 26 bytes of padding.
        final byte[] packet = packetWithSendTime().payloadSizeBytes(5).paddingBitOnly().build();
        packet[packet.length - 1] = 26;
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.BAD_PADDING);

        packet[packet.length - 1] = 5;
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.payloadSizeBytes()).isEqualTo(5);
    }

    @Test
    void readsPaddingFromTheLastByteWhenThePacketIsLongerThanTheCapture() {
        final RtpPacketBuilder builder = packetWithSendTime().payloadSizeBytes(1000).padding(17);
        final byte[] packet = builder.build();
        assertThat(parseCaptured(packet, builder.headerLengthBytes())).isEqualTo(ParseStatus.OK);
        assertThat(parser.paddingBytes()).isEqualTo(17);
        assertThat(parser.payloadSizeBytes()).isEqualTo(1017);
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
    }

    @Test
    void rejectsHeadersLongerThanTheCaptureAtEachStage() {
        final byte[] packet = packetWithSendTime().csrcs(1, 2, 3).payloadSizeBytes(300).build();
        final int headerLength = 12 + 12 + 4 + 4;
        assertThat(parseCaptured(packet, 1)).isEqualTo(ParseStatus.HEADER_EXCEEDS_CAPTURE);
        assertThat(parseCaptured(packet, 11)).isEqualTo(ParseStatus.HEADER_EXCEEDS_CAPTURE);
        assertThat(parseCaptured(packet, 20)).as("inside the CSRCs").isEqualTo(ParseStatus.HEADER_EXCEEDS_CAPTURE);
        assertThat(parseCaptured(packet, 26)).as("inside the block header").isEqualTo(
            ParseStatus.HEADER_EXCEEDS_CAPTURE);
        assertThat(parseCaptured(packet, headerLength - 1)).as("inside the block").isEqualTo(
            ParseStatus.HEADER_EXCEEDS_CAPTURE);
        assertCleared();
        assertThat(parseCaptured(packet, headerLength)).isEqualTo(ParseStatus.OK);
        assertThat(parser.payloadSizeBytes()).isEqualTo(300);
    }

    @Test
    void reportsStructuralErrorsBeforeCaptureShortfalls() {
        final byte[] packet = packetWithSendTime().blockLengthWordsField(1000).payloadSizeBytes(100).build();
        assertThat(parseCaptured(packet, 20)).isEqualTo(ParseStatus.BAD_EXTENSION_BLOCK);
    }

    @Test
    void reportsNoSendTimeWithoutAnExtensionBlock() {
        final byte[] packet = new RtpPacketBuilder().ssrc(42).payloadSizeBytes(10).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.NO_SEND_TIME);
        // The header is well-formed, so its fields stay readable for per-stream counting.
        assertThat(parser.ssrc()).isEqualTo(42);
        assertThat(parser.payloadSizeBytes()).isEqualTo(10);
    }

    @Test
    void reportsNoSendTimeWhenOnlyOtherExtensionsArePresent() {
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions().element(1, (byte) 1, (byte) 2, (byte) 3)
            .element(4, (byte) 9).payloadSizeBytes(10).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isZero();
    }

    @Test
    void treatsAbsSendTimeOfTheWrongSizeAsAbsentAndCountsIt() {
        for (final int size : new int[] {1, 2, 4, 16}) {
            final byte[] packet = new RtpPacketBuilder().oneByteExtensions().element(SEND_ID, new byte[size]).build();
            assertThat(parseWhole(packet)).as("size %d", size).isEqualTo(ParseStatus.NO_SEND_TIME);
            assertThat(parser.hasAbsSendTime()).isFalse();
            assertThat(parser.malformedExtensionCount()).isEqualTo(1);
        }
    }

    @Test
    void readsEightByteAbsCaptureTime() {
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
            .element(CAPTURE_ID, hex("e5 6b 1a 2c 80 00 00 01")).payloadSizeBytes(10).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.hasAbsSendTime()).isFalse();
        assertThat(parser.hasAbsCaptureTime()).isTrue();
        assertThat(parser.absCaptureTimeNtp()).isEqualTo(0xE56B1A2C80000001L);
        assertThat(parser.hasCaptureClockOffset()).isFalse();
        assertThat(parser.captureClockOffset()).isZero();
    }

    @Test
    void readsSixteenByteAbsCaptureTimeWithASignedClockOffset() {
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
            .element(CAPTURE_ID, hex("e5 6b 1a 2c 80 00 00 01 ff ff ff fe 80 00 00 00"))
            .element(SEND_ID, SEND_TIME).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
        assertThat(parser.absCaptureTimeNtp()).isEqualTo(0xE56B1A2C80000001L);
        assertThat(parser.hasCaptureClockOffset()).isTrue();
        // -1.5 s in Q32.32.
        assertThat(parser.captureClockOffset()).isEqualTo(-(3L << 31));
    }

    @Test
    void treatsAbsCaptureTimeOfOtherSizesAsAbsentAndCountsIt() {
        for (final int size : new int[] {1, 7, 9, 15}) {
            final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
                .element(CAPTURE_ID, new byte[size]).element(SEND_ID, SEND_TIME).build();
            assertThat(parseWhole(packet)).as("size %d", size).isEqualTo(ParseStatus.OK);
            assertThat(parser.hasAbsCaptureTime()).isFalse();
            assertThat(parser.malformedExtensionCount()).isEqualTo(1);
        }
        final byte[] both = new RtpPacketBuilder().oneByteExtensions()
            .element(CAPTURE_ID, new byte[4]).element(SEND_ID, new byte[4]).build();
        assertThat(parseWhole(both)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isEqualTo(2);
    }

    @Test
    void lastDuplicateElementWins() {
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
            .element(SEND_ID, (byte) 1, (byte) 1, (byte) 1)
            .element(7, (byte) 0)
            .element(SEND_ID, (byte) 2, (byte) 2, (byte) 2).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x020202);
    }

    @Test
    void aMalformedLastDuplicateHidesAValidEarlierOne() {
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
            .element(SEND_ID, SEND_TIME)
            .element(SEND_ID, (byte) 2, (byte) 2).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isEqualTo(1);

        final byte[] reversed = new RtpPacketBuilder().oneByteExtensions()
            .element(SEND_ID, (byte) 2, (byte) 2)
            .element(SEND_ID, SEND_TIME).build();
        assertThat(parseWhole(reversed)).isEqualTo(ParseStatus.OK);
        assertThat(parser.malformedExtensionCount()).isZero();
    }

    @Test
    void skipsZeroPaddingBytesBetweenElements() {
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
            .element(1, (byte) 9).blockBytes(0, 0, 0).element(SEND_ID, SEND_TIME).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
    }

    @Test
    void anElementRunningPastTheBlockStopsTheWalkButTheBlockStillEndsTheHeader() {
        // Element id 1 claims 16 bytes; the block is 8 bytes long.
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
            .element(SEND_ID, SEND_TIME).blockBytes(0x1F, 1, 2, 3).payloadSizeBytes(4).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
        assertThat(parser.headerLengthBytes()).isEqualTo(24);
        assertThat(parser.payloadSizeBytes()).isEqualTo(4);

        final byte[] sendTimeCut = new RtpPacketBuilder().oneByteExtensions()
            .blockBytes(0x10, 1, SEND_ID << 4 | 2, 0x12).build();
        assertThat(parseWhole(sendTimeCut)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isZero();
    }

    @Test
    void oneByteIdFifteenStopsTheWalkEvenWhenNegotiatedForTheTwoByteForm() {
        final ExtensionIds highIds = ExtensionIds.of(15, 14);
        final byte[] packet = new RtpPacketBuilder().oneByteExtensions()
            .blockBytes(0xF2, 1, 2, 3).element(14, new byte[8]).build();
        // 0xF2 is ID 15: the walk stops before the abs-capture-time element.
        assertThat(ParseStatus.fromCode(Slot.parseWhole(parser, packet, highIds))).isEqualTo(ParseStatus.NO_SEND_TIME);
    }

    @Test
    void twoByteFormCarriesIdsAboveFourteenAndDataAboveSixteenBytes() {
        final ExtensionIds highIds = ExtensionIds.of(17, 200);
        final byte[] capture = hex("00 00 00 01 00 00 00 02 00 00 00 00 ff ff ff ff");
        final byte[] packet = new RtpPacketBuilder().twoByteExtensions(0)
            .element(30, new byte[40])
            .element(200, capture)
            .blockBytes(0, 0)
            .element(17, SEND_TIME)
            .element(31, new byte[0])
            .payloadSizeBytes(10)
            .build();
        assertThat(ParseStatus.fromCode(Slot.parseWhole(parser, packet, highIds))).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
        assertThat(parser.absCaptureTimeNtp()).isEqualTo(0x0000000100000002L);
        assertThat(parser.captureClockOffset()).isEqualTo(0x00000000FFFFFFFFL);
        assertThat(parser.payloadSizeBytes()).isEqualTo(10);
    }

    @Test
    void twoByteFormNeverReadsAnElementHeaderFromTheLastTwoBytesOfTheBlock() {
        // libwebrtc walks only while more than 2 bytes are left, so "03 00" at the end is unseen,
        // not an empty (malformed) abs-send-time.
        final byte[] packet = new RtpPacketBuilder().twoByteExtensions(0).blockBytes(9, 0, SEND_ID, 0).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isZero();

        final byte[] seen = new RtpPacketBuilder().twoByteExtensions(0).blockBytes(SEND_ID, 0, 9, 0).build();
        assertThat(parseWhole(seen)).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.malformedExtensionCount()).isEqualTo(1);
    }

    @Test
    void twoByteFormAcceptsAnyAppBits() {
        final byte[] packet = new RtpPacketBuilder().twoByteExtensions(0xF).element(SEND_ID, SEND_TIME).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
    }

    @Test
    void twoByteFormReadsEmptyElementsAndThreeByteSendTime() {
        final byte[] packet = new RtpPacketBuilder().twoByteExtensions(0)
            .element(9, new byte[0]).element(SEND_ID, SEND_TIME).build();
        assertThat(parseWhole(packet)).isEqualTo(ParseStatus.OK);
        assertThat(parser.absSendTime24()).isEqualTo(0x123456);
    }

    @Test
    void skipsBlocksWithOtherProfilesButKeepsThePacket() {
        for (final int profile : new int[] {0x0000, 0x1010, 0xBEDF, 0xFFFF}) {
            final byte[] packet = new RtpPacketBuilder().extensionProfile(profile)
                .blockBytes(SEND_ID << 4 | 2, 0x12, 0x34, 0x56).payloadSizeBytes(7).build();
            assertThat(parseWhole(packet)).as("profile %04x", profile).isEqualTo(ParseStatus.NO_SEND_TIME);
            assertThat(parser.headerLengthBytes()).isEqualTo(20);
            assertThat(parser.payloadSizeBytes()).isEqualTo(7);
        }
    }

    @Test
    void rejectsInconsistentSlotsWithoutThrowing() {
        final byte[] packet = packetWithSendTime().payloadSizeBytes(10).build();
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        final int length = packet.length;
        final int last = Slot.lastByte(packet);

        assertThat(ParseStatus.fromCode(parser.parse(null, 0, length, length, last, IDS)))
            .isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(ParseStatus.fromCode(parser.parse(buffer, 0, length, length, last, null)))
            .isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, -1, length, length, last)).as("negative offset").isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, 0, -1, length, last)).as("negative capture").isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, 0, length, length - 1, last)).as("capture > packet").isEqualTo(
            ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, 1, length, length, last)).as("past the buffer").isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, length + 1, 0, 100, last)).as("offset past the buffer").isEqualTo(
            ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, Integer.MAX_VALUE, 10, 100, last)).as("overflow").isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, 0, length, length, 256)).as("last byte > 255").isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, 0, length, length, -1)).as("negative last byte").isEqualTo(ParseStatus.BAD_SLOT);
        assertThat(parseRaw(buffer, 0, length, length, last ^ 1)).as("last byte differs").isEqualTo(
            ParseStatus.BAD_SLOT);
        assertCleared();

        assertThat(parseRaw(buffer, 0, length, length, last)).isEqualTo(ParseStatus.OK);
        assertThat(parseRaw(buffer, 0, length - 1, length, last ^ 1)).as("last byte not captured").isEqualTo(
            ParseStatus.OK);
    }

    @Test
    void aRejectedParseClearsTheFieldsOfTheLastAcceptedOne() {
        final byte[] good = new RtpPacketBuilder().oneByteExtensions()
            .element(CAPTURE_ID, new byte[16]).element(SEND_ID, SEND_TIME).marker(true).ssrc(5).build();
        assertThat(parseWhole(good)).isEqualTo(ParseStatus.OK);
        assertThat(parser.hasCaptureClockOffset()).isTrue();

        final byte[] bad = good.clone();
        bad[0] = 0x40;
        assertThat(parseWhole(bad)).isEqualTo(ParseStatus.BAD_VERSION);
        assertCleared();

        assertThat(parseWhole(new RtpPacketBuilder().ssrc(6).build())).isEqualTo(ParseStatus.NO_SEND_TIME);
        assertThat(parser.ssrc()).isEqualTo(6);
        assertThat(parser.hasAbsSendTime()).isFalse();
        assertThat(parser.hasCaptureClockOffset()).isFalse();
    }
}
