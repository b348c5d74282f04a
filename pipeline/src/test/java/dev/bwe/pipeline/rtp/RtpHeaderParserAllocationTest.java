package dev.bwe.pipeline.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The parse stage runs once per received packet on a latency-critical thread: after warm-up,
 * parsing and reading every getter must allocate nothing at all, accepted or rejected.
 */
class RtpHeaderParserAllocationTest {
    private static final int MEASURED_PARSES = 200_000;
    private static final int WARM_UP_ROUNDS = 5;

    /** One prepared call: a slot, its lengths, its last byte and the session's ids. */
    private record Call(UnsafeBuffer buffer, int captured, int length, int lastByte, ExtensionIds ids) {
    }

    private final RtpHeaderParser parser = new RtpHeaderParser();

    @Test
    void parsingAMixOfValidAndInvalidPacketsAllocatesNothing() {
        final Call[] calls = mix();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();

        long expectedChecksum = 0;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            expectedChecksum = parseAll(calls);
        }
        final long before = threads.getThreadAllocatedBytes(threadId);
        final long checksum = parseAll(calls);
        final long after = threads.getThreadAllocatedBytes(threadId);

        assertThat(checksum).as("same work as in warm-up").isEqualTo(expectedChecksum);
        assertThat(after - before).as("bytes allocated by %d parses", MEASURED_PARSES).isZero();
    }

    /** Parses {@link #MEASURED_PARSES} slots round-robin and folds every result into a checksum. */
    private long parseAll(final Call[] calls) {
        long checksum = 0;
        for (int i = 0; i < MEASURED_PARSES; i++) {
            final Call call = calls[i % calls.length];
            final int status =
                parser.parse(call.buffer, Slot.OFFSET, call.captured, call.length, call.lastByte, call.ids);
            checksum = checksum * 31 + status;
            checksum = checksum * 31 + parser.ssrc() + parser.sequenceNumber() + parser.timestamp()
                + parser.payloadType() + (parser.marker() ? 1 : 0) + parser.csrcCount()
                + parser.headerLengthBytes() + parser.paddingBytes() + parser.payloadSizeBytes()
                + (parser.hasAbsSendTime() ? parser.absSendTime24() : 0)
                + (parser.hasAbsCaptureTime() ? parser.absCaptureTimeNtp() : 0)
                + (parser.hasCaptureClockOffset() ? parser.captureClockOffset() : 0)
                + parser.malformedExtensionCount();
        }
        return checksum;
    }

    private static Call[] mix() {
        final List<Call> calls = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 48; i++) {
            final RandomRtpPackets.Expected packet = RandomRtpPackets.next(random);
            calls.add(slot(packet.bytes(), Math.min(packet.bytes().length, Slot.CAPACITY_BYTES), packet.ids()));
        }
        final ExtensionIds ids = ExtensionIds.of(3, 5);
        final byte[] valid = new RtpPacketBuilder().oneByteExtensions()
            .element(3, (byte) 1, (byte) 2, (byte) 3).element(5, new byte[16]).payloadSizeBytes(500).padding(9).build();
        calls.add(slot(valid, Slot.CAPACITY_BYTES, ids));
        calls.add(slot(valid, 10, ids)); // header exceeds capture
        calls.add(slot(Arrays.copyOf(valid, 11), 11, ids)); // too short
        calls.add(slot(new RtpPacketBuilder().version(1).build(), 12, ids)); // bad version
        calls.add(slot(RtpPacketBuilder.hex("80 c9 00 01 00 00 00 01"), 8, ids)); // RTCP
        calls.add(slot(new RtpPacketBuilder().csrcCountField(15).build(), 12, ids)); // CSRC overrun
        calls.add(slot(new RtpPacketBuilder().oneByteExtensions().blockLengthWordsField(99).build(), 16, ids));
        final byte[] zeroPadding = new RtpPacketBuilder().payloadSizeBytes(4).paddingBitOnly().build();
        zeroPadding[zeroPadding.length - 1] = 0;
        calls.add(slot(zeroPadding, zeroPadding.length, ids)); // bad padding
        calls.add(slot(new RtpPacketBuilder().payloadSizeBytes(40).build(), 52, ids)); // no send time
        calls.add(slot(new RtpPacketBuilder().oneByteExtensions().element(3, (byte) 1).build(), 20, ids)); // malformed
        calls.add(new Call(new UnsafeBuffer(new byte[Slot.OFFSET + 4]), 8, 8, 0, ids)); // bad slot
        return calls.toArray(new Call[0]);
    }

    private static Call slot(final byte[] packet, final int captured, final ExtensionIds ids) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Slot.OFFSET + captured]);
        buffer.putBytes(Slot.OFFSET, packet, 0, captured);
        return new Call(buffer, captured, packet.length, Slot.lastByte(packet), ids);
    }
}
