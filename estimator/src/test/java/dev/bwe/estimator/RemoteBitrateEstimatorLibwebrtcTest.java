package dev.bwe.estimator;

import static dev.bwe.estimator.LibwebrtcEstimatorFixture.ACCEPTED_BITRATE_ERROR_BPS;
import static dev.bwe.estimator.LibwebrtcEstimatorFixture.DEFAULT_SSRC;
import static dev.bwe.estimator.LibwebrtcEstimatorFixture.NUM_INITIAL_PACKETS;
import static dev.bwe.estimator.LibwebrtcEstimatorFixture.absSendTime;
import static dev.bwe.estimator.LibwebrtcEstimatorFixture.addAbsSendTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every scenario of libwebrtc's {@code remote_bitrate_estimator_abs_send_time_unittest.cc} (reference
 * §3.2) with its expected numbers. Where the reference gives an exact model value, it is asserted
 * exactly as well, so that any departure from libwebrtc's arithmetic shows.
 */
class RemoteBitrateEstimatorLibwebrtcTest {
    private final LibwebrtcEstimatorFixture f = new LibwebrtcEstimatorFixture();

    @Test
    void initialBehaviorConvergesTo674840Within50kbps() {
        final int framerate = 50;
        final int frameIntervalMs = 1000 / framerate;
        final int frameIntervalAbsSendTime = absSendTime(1, framerate);
        int absoluteSendTime = 0;
        assertThat(f.estimator.latestEstimateBps()).isZero();
        f.advanceMs(1000);
        assertThat(f.estimator.latestEstimateBps()).isZero();
        assertThat(f.observer.updated).isFalse();
        f.observer.reset();
        f.advanceMs(1000);
        for (int i = 0; i < 5 * framerate + 1 + NUM_INITIAL_PACKETS; i++) {
            if (i == NUM_INITIAL_PACKETS) {
                assertThat(f.estimator.latestEstimateBps()).isZero();
                assertThat(f.observer.updated).isFalse();
                f.observer.reset();
            }
            f.incomingPacket(DEFAULT_SSRC, LibwebrtcStreamGenerator.MTU_BYTES, f.clockMs(), absoluteSendTime);
            f.advanceMs(frameIntervalMs);
            absoluteSendTime = addAbsSendTime(absoluteSendTime, frameIntervalAbsSendTime);
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(674_840L, within((long) ACCEPTED_BITRATE_ERROR_BPS));
        assertThat(f.observer.latestBitrateBps).isEqualTo(698_099L);
        assertThat(f.estimator.latestEstimateBps()).isEqualTo(f.observer.latestBitrateBps);
        f.observer.reset();
        f.estimator.removeStream(DEFAULT_SSRC);
        assertThat(f.estimator.latestEstimateBps()).isZero();
    }

    @Test
    void rateIncreaseReorderingKeepsTheEstimate() {
        final int framerate = 50;
        final int frameIntervalMs = 1000 / framerate;
        final int frameIntervalAbsSendTime = absSendTime(1, framerate);
        int absoluteSendTime = 0;
        for (int i = 0; i < 5 * framerate + 1 + NUM_INITIAL_PACKETS; i++) {
            if (i == NUM_INITIAL_PACKETS) {
                assertThat(f.observer.updated).isFalse();
            }
            f.incomingPacket(DEFAULT_SSRC, LibwebrtcStreamGenerator.MTU_BYTES, f.clockMs(), absoluteSendTime);
            f.advanceMs(frameIntervalMs);
            absoluteSendTime = addAbsSendTime(absoluteSendTime, frameIntervalAbsSendTime);
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(674_840L, within((long) ACCEPTED_BITRATE_ERROR_BPS));
        assertThat(f.observer.latestBitrateBps).isEqualTo(698_099L);
        for (int i = 0; i < 10; i++) {
            f.advanceMs(2 * frameIntervalMs);
            absoluteSendTime = addAbsSendTime(absoluteSendTime, 2 * frameIntervalAbsSendTime);
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), absoluteSendTime);
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), addAbsSendTime(absoluteSendTime, -frameIntervalAbsSendTime));
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(674_840L, within((long) ACCEPTED_BITRATE_ERROR_BPS));
        assertThat(f.observer.latestBitrateBps).isEqualTo(698_099L);
    }

    @Test
    void rateIncreaseRtpTimestampsReaches500kbpsInExactly1237Frames() {
        long bitrateBps = 30_000;
        int iterations = 0;
        f.addDefaultStream();
        while (bitrateBps < 500_000) {
            final boolean overuse = f.generateAndProcessFrame((int) bitrateBps);
            if (overuse) {
                assertThat(f.observer.latestBitrateBps).isGreaterThan(bitrateBps);
                bitrateBps = f.observer.latestBitrateBps;
                f.observer.reset();
            } else if (f.observer.updated) {
                bitrateBps = f.observer.latestBitrateBps;
                f.observer.reset();
            }
            ++iterations;
            assertThat(iterations).isLessThanOrEqualTo(1237);
        }
        assertThat(iterations).isEqualTo(1237);
        assertThat(bitrateBps).isEqualTo(500_711L);
    }

    @ParameterizedTest(name = "{0} stream(s), wrap={1}: drop after {2} ms (offset change {3} ms)")
    @CsvSource({
        "1, false, 633, 0",
        "1, false, 267, 30000",
        "1, false, 267, -30000",
        "1, true, 633, 0",
        "2, true, 700, 0",
        "3, true, 633, 0",
        "13, true, 667, 0",
        "19, true, 667, 0",
        "30, true, 667, 0",
    })
    void capacityDropIsDetectedWithin33msOfTheReference(final int streams, final boolean wrap,
                                                        final long expectedDropDeltaMs, final long offsetChangeMs) {
        final int framerate = 30;
        final int startBitrateBps = 900_000;
        final int initialCapacityBps = 1_000_000;
        final int reducedCapacityBps = 500_000;
        final int steadyStateTimeS;
        if (streams <= 1) {
            steadyStateTimeS = 10;
            f.addDefaultStream();
        } else {
            steadyStateTimeS = 10 * streams;
            int bitrateSum = 0;
            final int denom = streams * (streams - 1);
            for (int i = 0; i < streams; i++) {
                int bitrate = startBitrateBps / 2;
                if (i > 0) {
                    bitrate = (startBitrateBps * i + denom / 2) / denom;
                }
                // libwebrtc: uint32_t mask = ~0ull << (32 - i); the 64-bit shift truncates to 0 for i = 0.
                final int mask = (int) (-1L << (32 - i));
                f.generator.addStream(new LibwebrtcStreamGenerator.RtpStream(framerate, bitrate, DEFAULT_SSRC + i,
                    90_000, 0xFFFFF000 ^ mask));
                bitrateSum += bitrate;
            }
            assertThat(bitrateSum).isEqualTo(startBitrateBps);
        }
        if (wrap) {
            f.generator.setRtpTimestampOffset(DEFAULT_SSRC, (int) (0xFFFFFFFFL - steadyStateTimeS * 90_000L));
        }
        f.generator.setCapacityBps(initialCapacityBps);
        long bitrateBps = f.steadyStateRun(steadyStateTimeS * framerate, startBitrateBps, 800_000, 1_100_000,
            initialCapacityBps);
        assertThat(bitrateBps).isBetween(850_000L, 1_050_000L);
        f.observer.reset();

        f.arrivalTimeOffsetMs += offsetChangeMs;
        f.generator.setCapacityBps(reducedCapacityBps);
        final long overuseStartTimeMs = f.clockMs();
        long bitrateDropTimeMs = -1;
        for (int i = 0; i < 100 * streams; i++) {
            f.generateAndProcessFrame((int) bitrateBps);
            if (bitrateDropTimeMs == -1 && f.observer.latestBitrateBps <= reducedCapacityBps) {
                bitrateDropTimeMs = f.clockMs();
            }
            if (f.observer.updated) {
                bitrateBps = f.observer.latestBitrateBps;
            }
        }
        assertThat(bitrateDropTimeMs - overuseStartTimeMs).isCloseTo(expectedDropDeltaMs, within(33L));

        for (int i = 0; i < streams; i++) {
            assertThat(f.estimator.latestEstimateBps()).isEqualTo(bitrateBps);
            f.estimator.removeStream(DEFAULT_SSRC + i);
        }
        assertThat(f.estimator.latestEstimateBps()).isZero();
    }

    @Test
    void timestampGroupingBacksOffUnderOveruseOfSmallPacketGroups() {
        final int framerate = 50;
        final int frameIntervalMs = 1000 / framerate;
        final int frameIntervalAbsSendTime = absSendTime(1, framerate);
        int absoluteSendTime = addAbsSendTime(1 << 24, -(50 * frameIntervalAbsSendTime));
        assertThat(absoluteSendTime).isEqualTo(16_515_066);
        for (int i = 0; i <= 6 * framerate; i++) {
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), absoluteSendTime);
            f.advanceMs(frameIntervalMs);
            absoluteSendTime = addAbsSendTime(absoluteSendTime, frameIntervalAbsSendTime);
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isGreaterThanOrEqualTo(400_000L).isEqualTo(610_000L);

        final int groupLength = 15;
        final int groupLengthAbsSendTime = absSendTime(groupLength, 90_000);
        final int singleRtpTickAbsSendTime = absSendTime(1, 90_000);
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < groupLength; j++) {
                f.incomingPacket(DEFAULT_SSRC, 100, f.clockMs(), absoluteSendTime);
                f.advanceMs(frameIntervalMs / groupLength);
                absoluteSendTime = addAbsSendTime(absoluteSendTime, singleRtpTickAbsSendTime);
            }
            f.advanceMs(10);
            absoluteSendTime = addAbsSendTime(absoluteSendTime,
                addAbsSendTime(frameIntervalAbsSendTime, -groupLengthAbsSendTime));
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isLessThan(400_000L).isEqualTo(342_480L);
    }

    @ParameterizedTest(name = "silence of {0} s across the abs-send-time wrap lowers the estimate")
    @CsvSource({"35", "640"})
    void wrappingAfterSilenceIsNotMistakenForReordering(final int silenceS) {
        final int framerate = 100;
        final int frameIntervalMs = 1000 / framerate;
        final int frameIntervalAbsSendTime = absSendTime(1, framerate);
        int absoluteSendTime = 0;
        for (int i = 0; i < 3000; i++) {
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), absoluteSendTime);
            f.advanceMs(frameIntervalMs);
            absoluteSendTime = addAbsSendTime(absoluteSendTime, frameIntervalAbsSendTime);
        }
        final long before = f.estimator.latestEstimateBps();
        f.advanceMs(silenceS * 1000L);
        absoluteSendTime = addAbsSendTime(absoluteSendTime, absSendTime(silenceS, 1));
        for (int i = 0; i < 21; i++) {
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), absoluteSendTime);
            f.advanceMs(2 * frameIntervalMs);
            absoluteSendTime = addAbsSendTime(absoluteSendTime, frameIntervalAbsSendTime);
        }
        final long after = f.estimator.latestEstimateBps();
        assertThat(after).isLessThan(before);
        assertThat(before).isEqualTo(1_210_000L);
        assertThat(after).isEqualTo(351_110L);
    }

    @Test
    void timeoutWithoutPacketsReleasesTheStream() {
        f.incomingPacket(0, 1000, f.clockMs(), 0);
        f.advanceMs(2001);
        assertThat(f.estimator.timeoutStreams(f.clockUs)).isEqualTo(1);
        f.advanceMs(1000);
        assertThat(f.estimator.timeoutStreams(f.clockUs)).isZero();
        assertThat(f.estimator.ssrcs().size()).isZero();
        assertThat(f.estimator.latestEstimateBps()).isZero();
    }

    @Test
    void probeDetectionFindsThe1600kbpsBurst() {
        for (int i = 0; i < 5; i++) {
            f.advanceMs(10);
            final long nowMs = f.clockMs();
            f.incomingPacket(0, 1000, nowMs, absSendTime(nowMs, 1000));
        }
        for (int i = 0; i < 5; i++) {
            f.advanceMs(5);
            final long nowMs = f.clockMs();
            f.incomingPacket(0, 1000, nowMs, absSendTime(nowMs, 1000));
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isGreaterThan(1_500_000L).isEqualTo(1_601_000L);
    }

    @Test
    void probeDetectionIgnoresNonPacedPackets() {
        for (int i = 0; i < 5; i++) {
            f.advanceMs(5);
            final long nowMs = f.clockMs();
            f.incomingPacket(0, 1000, nowMs, absSendTime(nowMs, 1000));
            f.advanceMs(5);
            f.incomingPacket(0, 100, nowMs, absSendTime(nowMs, 1000));
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isGreaterThan(800_000L).isEqualTo(801_000L);
    }

    @Test
    void probeDetectionTooHighBitrateUsesTheDispersedRate() {
        long sendTimeMs = 0;
        for (int i = 0; i < 5; i++) {
            f.advanceMs(10);
            sendTimeMs += 10;
            f.incomingPacket(0, 1000, f.clockMs(), absSendTime(sendTimeMs, 1000));
        }
        for (int i = 0; i < 5; i++) {
            f.advanceMs(8);
            sendTimeMs += 5;
            f.incomingPacket(0, 1000, f.clockMs(), absSendTime(sendTimeMs, 1000));
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(800_000L, within(10_000L)).isEqualTo(801_000L);
    }

    @Test
    void probeDetectionSlightlyFasterArrival() {
        probeBurst(5, 10);
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isGreaterThan(800_000L).isEqualTo(801_000L);
    }

    @Test
    void probeDetectionFasterArrivalIsNotAProbe() {
        probeBurst(1, 10);
        assertThat(f.observer.updated).isFalse();
    }

    @Test
    void probeDetectionSlowerArrival() {
        probeBurst(7, 5);
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(1_140_000L, within(10_000L)).isEqualTo(1_143_857L);
    }

    @Test
    void probeDetectionSlowerArrivalHighBitrate() {
        probeBurst(2, 1);
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(4_000_000L, within(10_000L)).isEqualTo(4_001_000L);
    }

    @Test
    void probingIgnoresSmallPackets() {
        for (int i = 0; i < 5; i++) {
            f.advanceMs(10);
            final long nowMs = f.clockMs();
            f.incomingPacket(0, 200, nowMs, absSendTime(nowMs, 1000));
        }
        assertThat(f.observer.updated).isFalse();
        for (int i = 0; i < 5; i++) {
            f.advanceMs(10);
            final long nowMs = f.clockMs();
            f.incomingPacket(0, 1000, nowMs, absSendTime(nowMs, 1000));
        }
        f.advanceMs(1000);
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(800_000L, within(10_000L)).isEqualTo(801_000L);
    }

    /** Five 1000-byte packets, arrival spaced {@code arrivalStepMs}, send spaced {@code sendStepMs}. */
    private void probeBurst(final int arrivalStepMs, final int sendStepMs) {
        long sendTimeMs = 0;
        for (int i = 0; i < 5; i++) {
            f.advanceMs(arrivalStepMs);
            sendTimeMs += sendStepMs;
            f.incomingPacket(0, 1000, f.clockMs(), absSendTime(sendTimeMs, 1000));
        }
    }
}
