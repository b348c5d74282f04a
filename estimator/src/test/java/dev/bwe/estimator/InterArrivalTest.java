package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * libwebrtc's {@code inter_arrival_unittest.cc} (reference §3.4). Every step runs against two
 * instances fed the same send times, in µs, converted to each domain:
 * <ul>
 *   <li>RTP: 90 kHz ticks, group length {@code makeRtpTimestamp(5000)} = 450, 1/90 ms per tick;</li>
 *   <li>AST: upshifted abs-send-time ticks (2^-26 s), group length {@code makeAbsSendTime(5000)} =
 *       335616 (the test's rounded conversion, not the estimator's 335544), 1000/2^26 ms per tick.</li>
 * </ul>
 * "False" steps must return false and leave the reported deltas untouched, the Java counterpart of
 * the C++ sentinels 101/303/909. "True" steps must return true with the exact arrival and size
 * deltas and a send delta within {@code near} ticks ({@code near << 8} in the AST domain).
 */
class InterArrivalTest {
    private static final long TIMESTAMP_GROUP_LENGTH_US = 5000;
    private static final long MIN_STEP_US = 20;
    private static final long TRIGGER_NEW_GROUP_US = TIMESTAMP_GROUP_LENGTH_US + MIN_STEP_US;
    private static final long BURST_THRESHOLD_MS = 5;
    private static final double RTP_TIMESTAMP_TO_MS = 1.0 / 90.0;
    private static final double AST_TO_MS = 1000.0 / (1 << 26);

    /** RTP timestamp 0xFFFFFFFE. */
    private static final long START_RTP_TIMESTAMP_WRAP_US = 47_721_858_827L;
    /** Abs-send-time 0xFFFFFF, so 0xFFFFFF00 upshifted (libwebrtc's comment says 0xfffffffe: RTP only). */
    private static final long START_ABS_SEND_TIME_WRAP_US = 63_999_995L;

    private final InterArrival rtp = new InterArrival(makeRtpTimestamp(TIMESTAMP_GROUP_LENGTH_US), RTP_TIMESTAMP_TO_MS);
    private final InterArrival ast = new InterArrival(makeAbsSendTime(TIMESTAMP_GROUP_LENGTH_US), AST_TO_MS);

    /** The test's RTP conversion: 90 kHz, rounded, truncated to 32 bits. */
    static int makeRtpTimestamp(final long us) {
        return (int) ((us * 90 + 500) / 1000);
    }

    /** The test's abs-send-time conversion: 6.18 fixed point rounded to nearest, masked to 24 bits, upshifted. */
    static int makeAbsSendTime(final long us) {
        final long absSendTime24 = (((us << 18) + 500_000) / 1_000_000) & 0xFFFFFF;
        return (int) (absSendTime24 << 8);
    }

    private void expectFalse(final long timestampUs, final long arrivalTimeMs, final int packetSizeBytes) {
        expectFalseIn(rtp, makeRtpTimestamp(timestampUs), arrivalTimeMs, packetSizeBytes);
        expectFalseIn(ast, makeAbsSendTime(timestampUs), arrivalTimeMs, packetSizeBytes);
    }

    private void expectTrue(final long timestampUs, final long arrivalTimeMs, final int packetSizeBytes,
                            final long expectedTimestampDeltaUs, final long expectedArrivalTimeDeltaMs,
                            final int expectedPacketSizeDelta, final int timestampNear) {
        expectTrueIn(rtp, makeRtpTimestamp(timestampUs), arrivalTimeMs, packetSizeBytes,
            makeRtpTimestamp(expectedTimestampDeltaUs), expectedArrivalTimeDeltaMs, expectedPacketSizeDelta,
            timestampNear);
        expectTrueIn(ast, makeAbsSendTime(timestampUs), arrivalTimeMs, packetSizeBytes,
            makeAbsSendTime(expectedTimestampDeltaUs), expectedArrivalTimeDeltaMs, expectedPacketSizeDelta,
            timestampNear << 8);
    }

    /** Both RTP and AST test with system time = arrival time. */
    private static void expectFalseIn(final InterArrival interArrival, final int timestamp, final long arrivalTimeMs,
                                      final int packetSizeBytes) {
        expectFalseIn(interArrival, timestamp, arrivalTimeMs, arrivalTimeMs, packetSizeBytes);
    }

    private static void expectFalseIn(final InterArrival interArrival, final int timestamp, final long arrivalTimeMs,
                                      final long systemTimeMs, final int packetSizeBytes) {
        final int timestampDeltaBefore = interArrival.timestampDelta();
        final long arrivalTimeDeltaBefore = interArrival.arrivalTimeDeltaMs();
        final int packetSizeDeltaBefore = interArrival.packetSizeDelta();

        final boolean computed = interArrival.computeDeltas(timestamp, arrivalTimeMs, systemTimeMs, packetSizeBytes);

        assertThat(computed).as("delta reported for ts %08x at %d ms", timestamp, arrivalTimeMs).isFalse();
        assertThat(interArrival.timestampDelta()).as("timestamp delta untouched").isEqualTo(timestampDeltaBefore);
        assertThat(interArrival.arrivalTimeDeltaMs()).as("arrival delta untouched").isEqualTo(arrivalTimeDeltaBefore);
        assertThat(interArrival.packetSizeDelta()).as("size delta untouched").isEqualTo(packetSizeDeltaBefore);
    }

    private static void expectTrueIn(final InterArrival interArrival, final int timestamp, final long arrivalTimeMs,
                                     final int packetSizeBytes, final int expectedTimestampDelta,
                                     final long expectedArrivalTimeDeltaMs, final int expectedPacketSizeDelta,
                                     final int timestampNear) {
        final boolean computed = interArrival.computeDeltas(timestamp, arrivalTimeMs, arrivalTimeMs, packetSizeBytes);

        assertThat(computed).as("delta reported for ts %08x at %d ms", timestamp, arrivalTimeMs).isTrue();
        // EXPECT_NEAR on the unsigned 32-bit values.
        final long errorTicks =
            Integer.toUnsignedLong(interArrival.timestampDelta()) - Integer.toUnsignedLong(expectedTimestampDelta);
        assertThat(Math.abs(errorTicks)).as("timestamp delta %08x vs expected %08x",
            interArrival.timestampDelta(), expectedTimestampDelta).isLessThanOrEqualTo(timestampNear);
        assertThat(interArrival.arrivalTimeDeltaMs()).as("arrival delta").isEqualTo(expectedArrivalTimeDeltaMs);
        assertThat(interArrival.packetSizeDelta()).as("size delta").isEqualTo(expectedPacketSizeDelta);
    }

    @Test
    void testDomainsUseTheTestsRoundedConversionsNotTheEstimatorsGroupLength() {
        assertThat(makeRtpTimestamp(TIMESTAMP_GROUP_LENGTH_US)).isEqualTo(450);
        assertThat(makeAbsSendTime(TIMESTAMP_GROUP_LENGTH_US)).isEqualTo(335_616);
        assertThat(InterArrival.ABS_SEND_TIME_GROUP_LENGTH_TICKS).isEqualTo(335_544);
        assertThat(makeRtpTimestamp(START_RTP_TIMESTAMP_WRAP_US)).isEqualTo(0xFFFFFFFE);
        assertThat(makeAbsSendTime(START_ABS_SEND_TIME_WRAP_US)).isEqualTo(0xFFFFFF00);
    }

    /** {@code FirstPacket}. */
    @Test
    void firstPacketReportsNothing() {
        expectFalse(0, 17, 1);
    }

    /** {@code FirstGroup}. */
    @Test
    void deltaOfTheFirstTwoGroupsAppearsOnlyWithTheThirdGroupsFirstPacket() {
        long arrivalTimeMs = 17;
        final long g1ArrivalTimeMs = arrivalTimeMs;
        expectFalse(0, arrivalTimeMs, 1);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        final long g2ArrivalTimeMs = arrivalTimeMs;
        expectFalse(TRIGGER_NEW_GROUP_US, arrivalTimeMs, 2);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectTrue(2 * TRIGGER_NEW_GROUP_US, arrivalTimeMs, 1,
            TRIGGER_NEW_GROUP_US, g2ArrivalTimeMs - g1ArrivalTimeMs, 1, 0);
    }

    /** {@code SecondGroup}. */
    @Test
    void eachFurtherGroupReportsTheDeltaOfTheTwoBeforeIt() {
        long arrivalTimeMs = 17;
        final long g1ArrivalTimeMs = arrivalTimeMs;
        expectFalse(0, arrivalTimeMs, 1);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        final long g2ArrivalTimeMs = arrivalTimeMs;
        expectFalse(TRIGGER_NEW_GROUP_US, arrivalTimeMs, 2);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        final long g3ArrivalTimeMs = arrivalTimeMs;
        expectTrue(2 * TRIGGER_NEW_GROUP_US, arrivalTimeMs, 1,
            TRIGGER_NEW_GROUP_US, g2ArrivalTimeMs - g1ArrivalTimeMs, 1, 0);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectTrue(3 * TRIGGER_NEW_GROUP_US, arrivalTimeMs, 2,
            TRIGGER_NEW_GROUP_US, g3ArrivalTimeMs - g2ArrivalTimeMs, -1, 0);
    }

    /** {@code AccumulatedGroup}: the group's send time is its latest, its arrival its last. */
    @Test
    void packetsWithinTheGroupLengthAccumulateIntoOneGroup() {
        long arrivalTimeMs = 17;
        final long g1ArrivalTimeMs = arrivalTimeMs;
        expectFalse(0, arrivalTimeMs, 1);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectFalse(TRIGGER_NEW_GROUP_US, 28, 2);
        long timestampUs = TRIGGER_NEW_GROUP_US;
        for (int i = 0; i < 10; i++) {
            arrivalTimeMs += BURST_THRESHOLD_MS + 1;
            timestampUs += MIN_STEP_US;
            expectFalse(timestampUs, arrivalTimeMs, 1);
        }
        final long g2ArrivalTimeMs = arrivalTimeMs;
        final long g2TimestampUs = timestampUs;

        expectTrue(2 * TRIGGER_NEW_GROUP_US, 500, 100,
            g2TimestampUs, g2ArrivalTimeMs - g1ArrivalTimeMs, (2 + 10) - 1, 0);
    }

    /** {@code OutOfOrderPacket}. */
    @Test
    void packetOlderThanTheCurrentGroupIsDroppedWithoutSideEffects() {
        long arrivalTimeMs = 17;
        long timestampUs = 0;
        expectFalse(timestampUs, arrivalTimeMs, 1);
        final long g1TimestampUs = timestampUs;
        final long g1ArrivalTimeMs = arrivalTimeMs;

        arrivalTimeMs += 11;
        timestampUs += TRIGGER_NEW_GROUP_US;
        expectFalse(timestampUs, 28, 2);
        for (int i = 0; i < 10; i++) {
            arrivalTimeMs += BURST_THRESHOLD_MS + 1;
            timestampUs += MIN_STEP_US;
            expectFalse(timestampUs, arrivalTimeMs, 1);
        }
        final long g2TimestampUs = timestampUs;
        final long g2ArrivalTimeMs = arrivalTimeMs;

        expectFalse(g1TimestampUs, 281, 100);

        expectTrue(2 * TRIGGER_NEW_GROUP_US, 500, 100,
            g2TimestampUs - g1TimestampUs, g2ArrivalTimeMs - g1ArrivalTimeMs, (2 + 10) - 1, 0);
    }

    /** {@code OutOfOrderWithinGroup}: reordering inside a group is fine; the group keeps its latest send time. */
    @Test
    void packetsReorderedWithinAGroupStillAccumulate() {
        long arrivalTimeMs = 17;
        long timestampUs = 0;
        expectFalse(timestampUs, arrivalTimeMs, 1);
        final long g1TimestampUs = timestampUs;
        final long g1ArrivalTimeMs = arrivalTimeMs;

        timestampUs += TRIGGER_NEW_GROUP_US;
        arrivalTimeMs += 11;
        expectFalse(TRIGGER_NEW_GROUP_US, 28, 2);
        timestampUs += 10 * MIN_STEP_US;
        final long g2TimestampUs = timestampUs;
        for (int i = 0; i < 10; i++) {
            arrivalTimeMs += BURST_THRESHOLD_MS + 1;
            expectFalse(timestampUs, arrivalTimeMs, 1);
            timestampUs -= MIN_STEP_US;
        }
        final long g2ArrivalTimeMs = arrivalTimeMs;

        expectFalse(g1TimestampUs, 281, 100);

        expectTrue(2 * TRIGGER_NEW_GROUP_US, 500, 100,
            g2TimestampUs - g1TimestampUs, g2ArrivalTimeMs - g1ArrivalTimeMs, (2 + 10) - 1, 0);
    }

    /** {@code TwoBursts}: packets sent 30 ms apart but arriving 5 ms apart after a gap are one burst. */
    @Test
    void packetsQueuedBehindAGapArriveAsOneBurstGroup() {
        final long g1ArrivalTimeMs = 17;
        expectFalse(0, g1ArrivalTimeMs, 1);

        long timestampUs = TRIGGER_NEW_GROUP_US;
        long arrivalTimeMs = 100;
        for (int i = 0; i < 10; i++) {
            timestampUs += 30_000;
            arrivalTimeMs += BURST_THRESHOLD_MS;
            expectFalse(timestampUs, arrivalTimeMs, 1);
        }
        final long g2ArrivalTimeMs = arrivalTimeMs;
        final long g2TimestampUs = timestampUs;

        timestampUs += 30_000;
        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectTrue(timestampUs, arrivalTimeMs, 100,
            g2TimestampUs, g2ArrivalTimeMs - g1ArrivalTimeMs, 10 - 1, 0);
    }

    /** {@code NoBursts}: an arrival gap of 6 ms is above the 5 ms burst threshold. */
    @Test
    void packetArrivingMoreThanFiveMsLaterStartsANewGroup() {
        expectFalse(0, 17, 1);

        final long timestampUs = TRIGGER_NEW_GROUP_US;
        final long arrivalTimeMs = 28;
        expectFalse(timestampUs, arrivalTimeMs, 2);

        expectTrue(TRIGGER_NEW_GROUP_US + 30_000, arrivalTimeMs + BURST_THRESHOLD_MS + 1, 100,
            timestampUs, arrivalTimeMs - 17, 2 - 1, 0);
    }

    /** {@code RtpTimestampWrap}. */
    @Test
    void groupsStraddlingTheRtpTimestampWrapGiveCorrectDeltas() {
        wrapTestHelper(START_RTP_TIMESTAMP_WRAP_US, 1, false);
    }

    /** {@code AbsSendTimeWrap}. */
    @Test
    void groupsStraddlingTheAbsSendTimeWrapGiveCorrectDeltas() {
        wrapTestHelper(START_ABS_SEND_TIME_WRAP_US, 1, false);
    }

    /** {@code RtpTimestampWrapOutOfOrderWithinGroup}. */
    @Test
    void groupReorderedAcrossTheRtpTimestampWrapGivesCorrectDeltas() {
        wrapTestHelper(START_RTP_TIMESTAMP_WRAP_US, 1, true);
    }

    /** {@code AbsSendTimeWrapOutOfOrderWithinGroup}. */
    @Test
    void groupReorderedAcrossTheAbsSendTimeWrapGivesCorrectDeltas() {
        wrapTestHelper(START_ABS_SEND_TIME_WRAP_US, 1, true);
    }

    /**
     * libwebrtc's {@code WrapTestHelper}: groups step a quarter of {@code wrapStartUs} at a time (so no
     * step looks like a half-range jump), arrivals 6 ms apart; the fifth group straddles the wrap with
     * ten small packets, and packets just before the wrap or at the group boundary are dropped.
     */
    private void wrapTestHelper(final long wrapStartUs, final int timestampNear, final boolean unorderlyWithinGroup) {
        long arrivalTimeMs = 17;
        expectFalse(0, arrivalTimeMs, 1);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectFalse(wrapStartUs / 4, arrivalTimeMs, 1);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectTrue(wrapStartUs / 2, arrivalTimeMs, 1, wrapStartUs / 4, 6, 0, 0);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        final long g4ArrivalTimeMs = arrivalTimeMs;
        expectTrue(wrapStartUs / 2 + wrapStartUs / 4, arrivalTimeMs, 1, wrapStartUs / 4, 6, 0, timestampNear);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectTrue(wrapStartUs, arrivalTimeMs, 2, wrapStartUs / 4, 6, 0, timestampNear);
        for (int i = 0; i < 10; i++) {
            arrivalTimeMs += BURST_THRESHOLD_MS + 1;
            if (unorderlyWithinGroup) {
                // Decreasing send times, still after the group's first: they accumulate.
                expectFalse(wrapStartUs + MIN_STEP_US * (9 - i), arrivalTimeMs, 1);
            } else {
                expectFalse(wrapStartUs + MIN_STEP_US * i, arrivalTimeMs, 1);
            }
        }
        final long g5ArrivalTimeMs = arrivalTimeMs;

        // Sent before the current group started: out of order, dropped.
        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectFalse(wrapStartUs - 100, arrivalTimeMs, 100);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        final long g6ArrivalTimeMs = arrivalTimeMs;
        expectTrue(wrapStartUs + TRIGGER_NEW_GROUP_US, arrivalTimeMs, 10,
            wrapStartUs / 4 + 9 * MIN_STEP_US, g5ArrivalTimeMs - g4ArrivalTimeMs, (2 + 10) - 1, timestampNear);

        // Before the sixth group's first packet: dropped.
        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectFalse(wrapStartUs + TIMESTAMP_GROUP_LENGTH_US, arrivalTimeMs, 100);

        arrivalTimeMs += BURST_THRESHOLD_MS + 1;
        expectTrue(wrapStartUs + 2 * TRIGGER_NEW_GROUP_US, arrivalTimeMs, 100,
            TRIGGER_NEW_GROUP_US - 9 * MIN_STEP_US, g6ArrivalTimeMs - g5ArrivalTimeMs, 10 - (2 + 10), timestampNear);
    }

    // Beyond libwebrtc's suite: the two boundaries of reference §1.2 that its tests never reach.

    /** A packet exactly one group length after the group's first still belongs to it ("strictly greater"). */
    @Test
    void packetExactlyOneGroupLengthAfterTheFirstStaysInTheGroup() {
        final InterArrival interArrival = new InterArrival(450, RTP_TIMESTAMP_TO_MS);
        expectFalseIn(interArrival, 0, 17, 1);
        // 11 ms after a 5 ms send step: late, so not a burst; 450 ticks is not more than the length.
        expectFalseIn(interArrival, 450, 28, 1);
        // 1 ms after the group's latest: far enough not to round into it, so this opens group two.
        expectFalseIn(interArrival, 540, 39, 1);

        expectTrueIn(interArrival, 1080, 50, 1, 540 - 450, 39 - 28, 1 - 2, 0);
    }

    /** Packets queued behind a gap join one burst group only while within 100 ms of its first arrival. */
    @Test
    void burstGroupEndsOneHundredMsAfterItsFirstArrival() {
        final InterArrival interArrival = new InterArrival(450, RTP_TIMESTAMP_TO_MS);
        expectFalseIn(interArrival, 0, 0, 1);
        int timestamp = 90_000;
        long arrivalTimeMs = 1000;
        // Sent 30 ms apart, arriving 5 ms apart: each one is early, a burst member.
        for (int i = 0; i < 20; i++) {
            expectFalseIn(interArrival, timestamp, arrivalTimeMs, 1);
            timestamp += 30 * 90;
            arrivalTimeMs += 5;
        }

        // 100 ms after the burst's first arrival: a new group, which completes the burst group.
        expectTrueIn(interArrival, timestamp, arrivalTimeMs, 1, 90_000 + 19 * 30 * 90, 1095 - 0, 20 - 1, 0);
    }

    /**
     * Send, arrival and system clocks in ms with a 1 ms tick ({@code InterArrival(5, 1.0)}), 30 ms per
     * packet: the jump tests' stream.
     */
    private static final class JumpStream {
        static final int PACKET_SIZE_BYTES = 1000;
        static final int TIME_DELTA_MS = 30;

        final InterArrival interArrival = new InterArrival(5, 1.0);
        int sendTimeMs = 10_000;
        long arrivalTimeMs = 20_000;
        long systemTimeMs = 30_000;

        void next() {
            sendTimeMs += TIME_DELTA_MS;
            arrivalTimeMs += TIME_DELTA_MS;
            systemTimeMs += TIME_DELTA_MS;
        }

        void expectFalse() {
            expectFalseIn(interArrival, sendTimeMs, arrivalTimeMs, systemTimeMs, PACKET_SIZE_BYTES);
        }

        void expectThirtyMsApart() {
            assertThat(interArrival.computeDeltas(sendTimeMs, arrivalTimeMs, systemTimeMs, PACKET_SIZE_BYTES))
                .as("delta reported").isTrue();
            assertThat(interArrival.timestampDelta()).isEqualTo(TIME_DELTA_MS);
            assertThat(interArrival.arrivalTimeDeltaMs()).isEqualTo(TIME_DELTA_MS);
            assertThat(interArrival.packetSizeDelta()).isZero();
        }
    }

    /** {@code PositiveArrivalTimeJump}: the arrival clock jumps 3 s ahead of the system clock. */
    @Test
    void arrivalClockJumpingThreeSecondsAheadResetsOnTheNextGroup() {
        final JumpStream stream = new JumpStream();
        stream.expectFalse();
        stream.next();
        stream.expectFalse();

        stream.next();
        stream.arrivalTimeMs += InterArrival.ARRIVAL_TIME_OFFSET_THRESHOLD_MS;
        // Still the delta of the two groups before the jump.
        stream.expectThirtyMsApart();

        // The group that contains the jump is compared now: reset, and this packet is not kept.
        stream.next();
        stream.expectFalse();

        // Two more packets to fill two groups again.
        for (int i = 0; i < 2; i++) {
            stream.next();
            stream.expectFalse();
        }

        stream.next();
        stream.expectThirtyMsApart();
    }

    /** {@code NegativeArrivalTimeJump}: the arrival clock steps back one second. */
    @Test
    void arrivalClockSteppingBackResetsAfterThreeReorderedGroups() {
        final JumpStream stream = new JumpStream();
        stream.expectFalse();
        stream.next();
        stream.expectFalse();
        stream.next();
        stream.expectThirtyMsApart();

        // The first late packet joins the current group as a burst (it arrives "early"); the next
        // three each find that group ending before its predecessor (reordered), and the third
        // resets; two more packets refill two groups.
        stream.arrivalTimeMs -= 1000;
        for (int i = 0; i < InterArrival.REORDERED_RESET_THRESHOLD + 3; i++) {
            stream.next();
            stream.expectFalse();
        }

        stream.next();
        stream.expectThirtyMsApart();
    }
}
