package dev.bwe.pipeline.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: every valid packet the independent {@link RtpPacketBuilder} writes (random CSRCs, a
 * one- or two-byte extension block with abs-send-time among random other elements, optional
 * abs-capture-time, random padding) parses back to exactly the values it was built from, both
 * when the slot holds the whole packet and when it holds only the header.
 */
class RtpHeaderRoundTripTest {
    private static final int PACKETS_PER_SEED = 10_000;

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1L, 0x5EEDL, 20261122L})
    void randomValidPacketsRoundTrip(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final RtpHeaderParser parser = new RtpHeaderParser();
        for (int i = 0; i < PACKETS_PER_SEED; i++) {
            final RandomRtpPackets.Expected expected = RandomRtpPackets.next(random);
            final byte[] packet = expected.bytes();
            final String where = "seed " + seed + " packet " + i;

            assertThat(ParseStatus.fromCode(Slot.parseWhole(parser, packet, expected.ids())))
                .as(where).isEqualTo(ParseStatus.OK);
            assertFields(parser, expected, where);

            final int captured = random.nextInt(expected.headerLengthBytes(), packet.length + 1);
            assertThat(ParseStatus.fromCode(Slot.parseCaptured(parser, packet, captured, expected.ids())))
                .as(where + " captured " + captured).isEqualTo(ParseStatus.OK);
            assertFields(parser, expected, where + " captured " + captured);
        }
    }

    private static void assertFields(
        final RtpHeaderParser parser, final RandomRtpPackets.Expected expected, final String where) {
        assertThat(parser.marker()).as(where).isEqualTo(expected.marker());
        assertThat(parser.payloadType()).as(where).isEqualTo(expected.payloadType());
        assertThat(parser.sequenceNumber()).as(where).isEqualTo(expected.sequenceNumber());
        assertThat(parser.timestamp()).as(where).isEqualTo(expected.timestamp());
        assertThat(parser.ssrc()).as(where).isEqualTo(expected.ssrc());
        assertThat(parser.csrcCount()).as(where).isEqualTo(expected.csrcCount());
        assertThat(parser.headerLengthBytes()).as(where).isEqualTo(expected.headerLengthBytes());
        assertThat(parser.paddingBytes()).as(where).isEqualTo(expected.paddingBytes());
        assertThat(parser.payloadSizeBytes()).as(where).isEqualTo(expected.payloadSizeBytes());
        assertThat(parser.hasAbsSendTime()).as(where).isTrue();
        assertThat(parser.absSendTime24()).as(where).isEqualTo(expected.absSendTime24());
        assertThat(parser.hasAbsCaptureTime()).as(where).isEqualTo(expected.hasAbsCaptureTime());
        assertThat(parser.absCaptureTimeNtp()).as(where).isEqualTo(expected.absCaptureTimeNtp());
        assertThat(parser.hasCaptureClockOffset()).as(where).isEqualTo(expected.hasCaptureClockOffset());
        assertThat(parser.captureClockOffset()).as(where).isEqualTo(expected.captureClockOffset());
        assertThat(parser.malformedExtensionCount()).as(where).isZero();
    }
}
