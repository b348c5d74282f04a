package dev.bwe.estimator;

import static dev.bwe.estimator.LibwebrtcEstimatorFixture.ACCEPTED_BITRATE_ERROR_BPS;
import static dev.bwe.estimator.LibwebrtcEstimatorFixture.DEFAULT_SSRC;
import static dev.bwe.estimator.LibwebrtcEstimatorFixture.NUM_INITIAL_PACKETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every scenario of libwebrtc's {@code remote_bitrate_estimator_single_stream_unittest.cc} (reference
 * §3.3) with its expected numbers; where the reference gives an exact model value it is asserted
 * exactly too. The helpers are libwebrtc's (§3.1), with {@code Process()} called where they call it.
 */
class SingleStreamEstimatorLibwebrtcTest {
    private static final int FRAMERATE_50 = 50;
    private static final int FRAME_INTERVAL_MS = 1000 / FRAMERATE_50;
    private static final int RTP_TICKS_PER_FRAME = 90 * FRAME_INTERVAL_MS;

    private final SingleStreamEstimatorFixture f = new SingleStreamEstimatorFixture();

    @Test
    void initialBehaviorConvergesTo508017Within50kbps() {
        int timestamp = 0;
        assertThat(f.estimator.latestEstimateBps()).isZero();
        f.advanceMs(1000);
        f.process();
        assertThat(f.estimator.latestEstimateBps()).isZero();
        assertThat(f.observer.updated).isFalse();
        f.observer.reset();
        f.advanceMs(1000);
        for (int i = 0; i < 5 * FRAMERATE_50 + 1 + NUM_INITIAL_PACKETS; i++) {
            if (i == NUM_INITIAL_PACKETS) {
                f.process();
                assertThat(f.estimator.latestEstimateBps()).isZero();
                assertThat(f.observer.updated).isFalse();
                f.observer.reset();
            }
            f.incomingPacket(DEFAULT_SSRC, LibwebrtcStreamGenerator.MTU_BYTES, f.clockMs(), timestamp);
            f.advanceMs(FRAME_INTERVAL_MS);
            timestamp += RTP_TICKS_PER_FRAME;
        }
        f.process();
        final long bitrateBps = f.estimator.latestEstimateBps();
        assertThat(bitrateBps).isCloseTo(508_017L, within((long) ACCEPTED_BITRATE_ERROR_BPS)).isEqualTo(471_400L);
        assertThat(f.observer.updated).isTrue();
        f.observer.reset();
        assertThat(f.observer.latestBitrateBps).isEqualTo(bitrateBps);
        f.estimator.removeStream(DEFAULT_SSRC);
        assertThat(f.estimator.latestEstimateBps()).isZero();
    }

    @Test
    void rateIncreaseReorderingKeepsTheEstimate() {
        int timestamp = 0;
        for (int i = 0; i < 5 * FRAMERATE_50 + 1 + NUM_INITIAL_PACKETS; i++) {
            if (i == NUM_INITIAL_PACKETS) {
                f.process();
                assertThat(f.observer.updated).isFalse();
            }
            f.incomingPacket(DEFAULT_SSRC, LibwebrtcStreamGenerator.MTU_BYTES, f.clockMs(), timestamp);
            f.advanceMs(FRAME_INTERVAL_MS);
            timestamp += RTP_TICKS_PER_FRAME;
        }
        f.process();
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(506_422L, within((long) ACCEPTED_BITRATE_ERROR_BPS))
            .isEqualTo(471_400L);
        for (int i = 0; i < 10; i++) {
            f.advanceMs(2 * FRAME_INTERVAL_MS);
            timestamp += 2 * RTP_TICKS_PER_FRAME;
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), timestamp);
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), timestamp - RTP_TICKS_PER_FRAME);
        }
        f.process();
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isCloseTo(506_422L, within((long) ACCEPTED_BITRATE_ERROR_BPS))
            .isEqualTo(486_137L);
    }

    @Test
    void rateIncreaseRtpTimestampsReaches500kbpsInExactly1267Frames() {
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
            assertThat(iterations).isLessThanOrEqualTo(1267);
        }
        assertThat(iterations).isEqualTo(1267);
    }

    @ParameterizedTest(name = "{0} stream(s), wrap={1}: drop after {2} ms")
    @CsvSource({
        "1, false, 633",
        "1, true, 633",
        "2, true, 567",
        "3, true, 567",
        "13, true, 767",
        "19, true, 767",
        "30, true, 733",
    })
    void capacityDropIsDetectedWithin33msOfTheReference(final int streams, final boolean wrap,
                                                        final long expectedDropDeltaMs) {
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
        // The reference model lands on the expected value itself.
        assertThat(bitrateDropTimeMs - overuseStartTimeMs).isEqualTo(expectedDropDeltaMs);

        for (int i = 0; i < streams; i++) {
            assertThat(f.estimator.latestEstimateBps()).isEqualTo(bitrateBps);
            f.estimator.removeStream(DEFAULT_SSRC + i);
        }
        assertThat(f.estimator.latestEstimateBps()).isZero();
    }

    @Test
    void timestampGroupingBacksOffUnderOveruseOfSmallPacketGroups() {
        int timestamp = 0;
        for (int i = 0; i <= 6 * FRAMERATE_50; i++) {
            f.incomingPacket(DEFAULT_SSRC, 1000, f.clockMs(), timestamp);
            f.process();
            f.advanceMs(FRAME_INTERVAL_MS);
            timestamp += RTP_TICKS_PER_FRAME;
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isGreaterThanOrEqualTo(400_000L);

        final int groupLength = 15;
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < groupLength; j++) {
                f.incomingPacket(DEFAULT_SSRC, 100, f.clockMs(), timestamp);
                f.advanceMs(FRAME_INTERVAL_MS / groupLength);
                timestamp += 1;
            }
            f.advanceMs(10);
            timestamp += RTP_TICKS_PER_FRAME - groupLength;
            f.process();
        }
        assertThat(f.observer.updated).isTrue();
        assertThat(f.observer.latestBitrateBps).isLessThan(400_000L);
    }
}
