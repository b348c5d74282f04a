package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libwebrtc's {@code overuse_detector_unittest.cc} (reference §3.5): the Kalman filter and the
 * adaptive-threshold detector behind a 90 kHz {@link InterArrival}, driven by libwebrtc's own
 * pseudo-random generator so that every frame count is reproduced exactly.
 */
class OveruseDetectorTest {
    private static final int PACKET_SIZE_BYTES = 1200;
    private static final long SEED = 123456789L;

    /**
     * The C++ fixture: fresh per test. The RTP timestamp starts at 10 frames of 90 kHz ticks; the
     * inter-arrival groups are 5 ms (450 ticks) long.
     */
    static final class Fixture {
        final InterArrival interArrival = new InterArrival(5 * 90, 1.0 / 90.0);
        final OveruseEstimator estimator = new OveruseEstimator();
        final OveruseDetector detector = new OveruseDetector();
        final LibwebrtcRandom random = new LibwebrtcRandom(SEED);
        long nowMs;
        long receiveTimeMs;
        int rtpTimestamp = 10 * 90;

        /** {@code UpdateDetector}: one packet through inter-arrival, filter and detector. */
        void updateDetector(final int rtpTimestamp, final long receiveTimeMs, final int packetSizeBytes) {
            if (interArrival.computeDeltas(rtpTimestamp, receiveTimeMs, receiveTimeMs, packetSizeBytes)) {
                // The C++ test divides by 90.0 itself rather than using the coefficient.
                final double timestampDeltaMs = Integer.toUnsignedLong(interArrival.timestampDelta()) / 90.0;
                estimator.update(interArrival.arrivalTimeDeltaMs(), timestampDeltaMs,
                    interArrival.packetSizeDelta(), detector.state(), receiveTimeMs);
                detector.detect(estimator.offset(), timestampDeltaMs, estimator.numOfDeltas(), receiveTimeMs);
            }
        }

        /**
         * {@code Run100000Samples}: a steady stream with Gaussian arrival jitter (drawn even when the
         * deviation is 0, which keeps the random stream aligned). Returns the number of separate
         * over-use episodes: over-using frames that do not directly follow another one.
         */
        int run100000Samples(final int packetsPerFrame, final int meanMs, final int standardDeviationMs) {
            int uniqueOveruse = 0;
            int lastOveruse = -1;
            for (int i = 0; i < 100_000; i++) {
                for (int j = 0; j < packetsPerFrame; j++) {
                    updateDetector(rtpTimestamp, receiveTimeMs, PACKET_SIZE_BYTES);
                }
                rtpTimestamp += meanMs * 90;
                nowMs += meanMs;
                advanceReceiveTime(standardDeviationMs);
                if (detector.state() == BandwidthUsage.OVERUSING) {
                    if (lastOveruse + 1 != i) {
                        uniqueOveruse++;
                    }
                    lastOveruse = i;
                }
            }
            return uniqueOveruse;
        }

        /**
         * {@code RunUntilOveruse}: continues the same stream, but frames now arrive {@code driftMs} later
         * than they were sent apart. Returns the 1-based frame after which the detector over-uses, or -1
         * after 1000 frames.
         */
        int runUntilOveruse(final int packetsPerFrame, final int meanMs, final int standardDeviationMs,
                            final int driftPerFrameMs) {
            for (int i = 0; i < 1000; i++) {
                for (int j = 0; j < packetsPerFrame; j++) {
                    updateDetector(rtpTimestamp, receiveTimeMs, PACKET_SIZE_BYTES);
                }
                rtpTimestamp += meanMs * 90;
                nowMs += meanMs + driftPerFrameMs;
                advanceReceiveTime(standardDeviationMs);
                if (detector.state() == BandwidthUsage.OVERUSING) {
                    return i + 1;
                }
            }
            return -1;
        }

        private void advanceReceiveTime(final int standardDeviationMs) {
            // Arrival never goes backwards; the jitter is rounded half-up, then truncated toward zero.
            final long jitterMs = (long) (random.gaussian(0, standardDeviationMs) + 0.5);
            receiveTimeMs = Math.max(receiveTimeMs, nowMs + jitterMs);
        }
    }

    static Stream<Arguments> randomisedCases() {
        // name, packets per frame, frame duration ms, drift per frame ms, sigma ms, frames until overuse
        return Stream.of(
            Arguments.of("SimpleOveruse2000Kbit30fps", 6, 33, 1, 0, 7),
            Arguments.of("SimpleOveruse100kbit10fps", 1, 100, 1, 0, 7),
            Arguments.of("LowGaussianVariance30Kbit3fps", 1, 333, 1, 3, 20),
            Arguments.of("LowGaussianVarianceFastDrift30Kbit3fps", 1, 333, 100, 3, 4),
            Arguments.of("HighGaussianVariance30Kbit3fps", 1, 333, 1, 10, 44),
            Arguments.of("HighGaussianVarianceFastDrift30Kbit3fps", 1, 333, 100, 10, 4),
            Arguments.of("LowGaussianVariance100Kbit5fps", 2, 200, 1, 3, 20),
            Arguments.of("HighGaussianVariance100Kbit5fps", 2, 200, 1, 10, 44),
            Arguments.of("LowGaussianVariance100Kbit10fps", 1, 100, 1, 3, 20),
            Arguments.of("HighGaussianVariance100Kbit10fps", 1, 100, 1, 10, 44),
            Arguments.of("LowGaussianVariance300Kbit30fps", 1, 33, 1, 3, 19),
            Arguments.of("LowGaussianVarianceFastDrift300Kbit30fps", 1, 33, 10, 3, 5),
            Arguments.of("HighGaussianVariance300Kbit30fps", 1, 33, 1, 10, 44),
            Arguments.of("HighGaussianVarianceFastDrift300Kbit30fps", 1, 33, 10, 10, 10),
            Arguments.of("LowGaussianVariance1000Kbit30fps", 3, 33, 1, 3, 19),
            Arguments.of("LowGaussianVarianceFastDrift1000Kbit30fps", 3, 33, 10, 3, 5),
            Arguments.of("HighGaussianVariance1000Kbit30fps", 3, 33, 1, 10, 44),
            Arguments.of("HighGaussianVarianceFastDrift1000Kbit30fps", 3, 33, 10, 10, 10),
            Arguments.of("LowGaussianVariance2000Kbit30fps", 6, 33, 1, 3, 19),
            Arguments.of("LowGaussianVarianceFastDrift2000Kbit30fps", 6, 33, 10, 3, 5),
            Arguments.of("HighGaussianVariance2000Kbit30fps", 6, 33, 1, 10, 44),
            Arguments.of("HighGaussianVarianceFastDrift2000Kbit30fps", 6, 33, 10, 10, 10));
    }

    @ParameterizedTest(name = "{0}: no overuse in 100000 steady frames, overuse after exactly {5} drifting frames")
    @MethodSource("randomisedCases")
    void detectsDriftAfterExactlyAsManyFramesAsLibwebrtc(final String libwebrtcTestName, final int packetsPerFrame,
                                                         final int frameDurationMs, final int driftPerFrameMs,
                                                         final int sigmaMs, final int expectedFramesUntilOveruse) {
        final Fixture fixture = new Fixture();

        final int uniqueOveruse = fixture.run100000Samples(packetsPerFrame, frameDurationMs, sigmaMs);
        final int framesUntilOveruse =
            fixture.runUntilOveruse(packetsPerFrame, frameDurationMs, sigmaMs, driftPerFrameMs);

        assertThat(uniqueOveruse).as("unique_overuse").isZero();
        assertThat(framesUntilOveruse).as("frames_until_overuse").isEqualTo(expectedFramesUntilOveruse);
    }

    /** Deterministic streams: no random draws except in {@code OveruseWithLowVariance2000Kbit30fps}. */
    @Nested
    class DeterministicStreams {
        private final Fixture fixture = new Fixture();

        /** {@code SimpleNonOveruse30fps}. */
        @Test
        void staysNormalOnAPerfectlyRegular30fpsStream() {
            int rtpTimestamp = 10 * 90;
            for (int i = 0; i < 1000; i++) {
                fixture.updateDetector(rtpTimestamp, fixture.nowMs, PACKET_SIZE_BYTES);
                fixture.nowMs += 33;
                rtpTimestamp += 33 * 90;
                assertThat(fixture.detector.state()).as("frame %d", i).isEqualTo(BandwidthUsage.NORMAL);
            }
        }

        /** {@code SimpleNonOveruseWithReceiveVariance}: arrivals alternate 15 ms and 5 ms apart. */
        @Test
        void staysNormalWhenArrivalSpacingAlternates() {
            int rtpTimestamp = 10 * 90;
            for (int i = 0; i < 1000; i++) {
                fixture.updateDetector(rtpTimestamp, fixture.nowMs, PACKET_SIZE_BYTES);
                rtpTimestamp += 10 * 90;
                fixture.nowMs += i % 2 == 1 ? 10 - 5 : 10 + 5;
                assertThat(fixture.detector.state()).as("frame %d", i).isEqualTo(BandwidthUsage.NORMAL);
            }
        }

        /** {@code SimpleNonOveruseWithRtpTimestampVariance}: send spacing alternates 15 ms and 5 ms. */
        @Test
        void staysNormalWhenSendSpacingAlternates() {
            int rtpTimestamp = 10 * 90;
            for (int i = 0; i < 1000; i++) {
                fixture.updateDetector(rtpTimestamp, fixture.nowMs, PACKET_SIZE_BYTES);
                fixture.nowMs += 10;
                rtpTimestamp += i % 2 == 1 ? (10 - 5) * 90 : (10 + 5) * 90;
                assertThat(fixture.detector.state()).as("frame %d", i).isEqualTo(BandwidthUsage.NORMAL);
            }
        }

        /**
         * {@code OveruseWithLowVariance2000Kbit30fps}: 1000 frames of 6 packets with ±1 ms jitter, then
         * three frames that each arrive 6 ms late; the first packet after them triggers over-use.
         */
        @Test
        void detectsSixMsPerFrameDriftAfterThreeFramesAt2000Kbit() {
            final int frameDurationMs = 33;
            int rtpTimestamp = frameDurationMs * 90;
            int offsetMs = 0;
            for (int i = 0; i < 1000; i++) {
                sixPackets(rtpTimestamp);
                rtpTimestamp += frameDurationMs * 90;
                if (i % 2 == 1) {
                    offsetMs = fixture.random.rand(0, 1);
                    fixture.nowMs += frameDurationMs - offsetMs;
                } else {
                    fixture.nowMs += frameDurationMs + offsetMs;
                }
                assertThat(fixture.detector.state()).as("steady frame %d", i).isEqualTo(BandwidthUsage.NORMAL);
            }
            for (int j = 0; j < 3; j++) {
                sixPackets(rtpTimestamp);
                fixture.nowMs += frameDurationMs + 6;
                rtpTimestamp += frameDurationMs * 90;
                assertThat(fixture.detector.state()).as("drifting frame %d", j).isEqualTo(BandwidthUsage.NORMAL);
            }

            fixture.updateDetector(rtpTimestamp, fixture.nowMs, PACKET_SIZE_BYTES);

            assertThat(fixture.detector.state()).isEqualTo(BandwidthUsage.OVERUSING);
        }

        private void sixPackets(final int rtpTimestamp) {
            for (int k = 0; k < 6; k++) {
                fixture.updateDetector(rtpTimestamp, fixture.nowMs, PACKET_SIZE_BYTES);
            }
        }
    }

    /** Calls to {@link OveruseDetector#detect} alone, 5 ms apart, with a 3000 ms send delta. */
    @Nested
    class AdaptiveThreshold {
        private static final double TS_DELTA_MS = 3000.0;
        private static final int BATCH_LENGTH = 10;

        private final OveruseDetector detector = new OveruseDetector();
        private long nowMs;
        private int numDeltas = 60;

        /** Feeds {@code count} equal offsets; true when any of them produced over-use. */
        private boolean batch(final int count, final double offset) {
            boolean overuseDetected = false;
            for (int i = 0; i < count; i++) {
                if (detector.detect(offset, TS_DELTA_MS, numDeltas, nowMs) == BandwidthUsage.OVERUSING) {
                    overuseDetected = true;
                }
                numDeltas++;
                nowMs += 5;
            }
            return overuseDetected;
        }

        /** {@code ThresholdAdapts}. */
        @Test
        void thresholdRisesWithASustainedOffsetAndFallsBackWithALowOne() {
            final double offset = 0.21;
            // The factors are computed as in the C++ test so the doubles are the same.
            assertThat(batch(BATCH_LENGTH, offset)).as("0.21 over-uses at first").isTrue();
            assertThat(batch(BATCH_LENGTH, 1.1 * offset)).as("a higher offset over-uses and lifts γ").isTrue();
            assertThat(batch(BATCH_LENGTH, offset)).as("0.21 no longer over-uses").isFalse();
            assertThat(batch(15 * BATCH_LENGTH, 0.7 * offset)).as("a low offset brings γ down").isFalse();
            assertThat(batch(BATCH_LENGTH, offset)).as("0.21 over-uses again").isTrue();
        }

        /** {@code DoesntAdaptToSpikes}. */
        @Test
        void aSpikeFarAboveTheThresholdTriggersWithoutLiftingIt() {
            batch(BATCH_LENGTH, 1.0);
            nowMs += 100;
            assertThat(batch(3, 20.0)).as("the spike over-uses").isTrue();
            assertThat(batch(BATCH_LENGTH, 1.0)).as("the normal offset still over-uses").isTrue();
        }
    }
}
