package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The trendline filter (reference Appendix; libwebrtc {@code goog_cc/trendline_estimator.cc}). */
class TrendlineEstimatorTest {
    private static final double EXACT = 1e-12;

    /** Feeds one delta, sent {@code sendDeltaMs} after the previous one, arriving at {@code arrivalTimeMs}. */
    private static void feed(final TrendlineEstimator filter, final long arrivalDeltaMs, final double sendDeltaMs,
                             final long arrivalTimeMs) {
        filter.update(arrivalDeltaMs, sendDeltaMs, 0, BandwidthUsage.NORMAL, arrivalTimeMs);
    }

    @Test
    void defaultsAreLibwebrtcs() {
        final TrendlineEstimator filter = new TrendlineEstimator();
        assertThat(filter.windowSize()).isEqualTo(20);
        assertThat(filter.smoothingCoef()).isEqualTo(0.9);
        assertThat(filter.thresholdGain()).isEqualTo(4.0);
        assertThat(filter.trend()).isZero();
        assertThat(filter.offset()).isZero();
        assertThat(filter.numOfDeltas()).isZero();
    }

    @Test
    void rejectsWindowsTooSmallForALineAndNonsenseCoefficients() {
        assertThatThrownBy(() -> new TrendlineEstimator(1, 0.9, 4.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrendlineEstimator(20, 1.0, 4.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrendlineEstimator(20, -0.1, 4.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrendlineEstimator(20, 0.9, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrendlineEstimator(20, 0.9, Double.NaN))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Without smoothing the fitted points are the accumulated delay itself: +1 ms per delta over 10 ms
     * arrival steps is a slope of exactly 0.1, reported once the three-point window is full.
     */
    @Test
    void linearlyGrowingAccumulatedDelayGivesItsSlope() {
        final TrendlineEstimator filter = new TrendlineEstimator(3, 0.0, 4.0);
        feed(filter, 11, 10.0, 1000);
        feed(filter, 11, 10.0, 1010);
        assertThat(filter.trend()).as("window not full").isZero();
        feed(filter, 11, 10.0, 1020);

        assertThat(filter.accumulatedDelayMs()).isEqualTo(3.0);
        assertThat(filter.trend()).isCloseTo(0.1, within(EXACT));
        assertThat(filter.offset()).isCloseTo(0.4, within(EXACT));
    }

    /**
     * Smoothing 0.5 worked by hand: accumulated 2, 4, 6 ms smooth to 1, 2.5, 4.25 ms at x = 0, 10,
     * 20 ms, and three equally spaced points have slope (y3 − y1) / (x3 − x1) = 3.25 / 20.
     */
    @Test
    void smoothedDelayIsWhatGetsFitted() {
        final TrendlineEstimator filter = new TrendlineEstimator(3, 0.5, 4.0);
        feed(filter, 22, 20.0, 500);
        assertThat(filter.smoothedDelayMs()).isEqualTo(1.0);
        feed(filter, 22, 20.0, 510);
        assertThat(filter.smoothedDelayMs()).isEqualTo(2.5);
        feed(filter, 22, 20.0, 520);
        assertThat(filter.smoothedDelayMs()).isEqualTo(4.25);

        assertThat(filter.trend()).isCloseTo(0.1625, within(EXACT));
    }

    /** Once full, each delta pushes the oldest point out of the ring, many times round. */
    @Test
    void windowSlidesOverTheRing() {
        final TrendlineEstimator filter = new TrendlineEstimator(3, 0.0, 4.0);
        // Accumulated delay 10, 20, then +1 per delta: 21, 22, 23, …
        feed(filter, 20, 10.0, 0);
        feed(filter, 20, 10.0, 10);
        feed(filter, 11, 10.0, 20);
        assertThat(filter.trend()).as("points (0,10) (10,20) (20,21)").isCloseTo(0.55, within(EXACT));
        feed(filter, 11, 10.0, 30);
        assertThat(filter.trend()).as("the first point has left").isCloseTo(0.1, within(EXACT));
        feed(filter, 10, 10.0, 40);
        assertThat(filter.trend()).as("points (20,21) (30,22) (40,22)").isCloseTo(0.05, within(EXACT));

        long arrivalTimeMs = 40;
        for (int i = 0; i < 1000; i++) {
            arrivalTimeMs += 10;
            // +2 ms of delay per 10 ms of arrival, a thousand times round the three-slot ring.
            feed(filter, 12, 10.0, arrivalTimeMs);
        }
        assertThat(filter.trend()).as("steady +2 ms per 10 ms").isCloseTo(0.2, within(1e-9));
    }

    @Test
    void constantQueuingDelayGivesAFlatTrendAndNoOveruse() {
        final TrendlineEstimator filter = new TrendlineEstimator();
        final OveruseDetector detector = new OveruseDetector();
        long arrivalTimeMs = 10_000;
        for (int i = 0; i < 2000; i++) {
            // 1 ms of jitter alternating around a constant delay: the accumulated delay stays in [0, 1].
            final long arrivalDeltaMs = i % 2 == 0 ? 21 : 19;
            arrivalTimeMs += arrivalDeltaMs;
            filter.update(arrivalDeltaMs, 20.0, 0, detector.state(), arrivalTimeMs);
            detector.detect(filter.offset(), 20.0, filter.numOfDeltas(), arrivalTimeMs);
            assertThat(detector.state()).as("delta %d", i).isEqualTo(BandwidthUsage.NORMAL);
        }
        assertThat(Math.abs(filter.trend())).isLessThan(1e-3);
    }

    /**
     * A steady 50 fps abs-send-time stream through {@link InterArrival}, then one whose packets arrive
     * 2 ms later each frame (a queue building at ~10 % over capacity): Normal throughout the steady
     * part, over-use within a second of the drift starting.
     */
    @Test
    void detectorReportsOverusingOnAGrowingQueue() {
        final InterArrival interArrival = InterArrival.forAbsSendTime();
        final TrendlineEstimator filter = new TrendlineEstimator();
        final OveruseDetector detector = new OveruseDetector();
        long sendTimeUs = 5_000_000;
        long arrivalTimeMs = 20_000;
        int framesUntilOveruse = -1;
        for (int frame = 0; frame < 1000 && framesUntilOveruse < 0; frame++) {
            final boolean drifting = frame >= 500;
            final int ticks = AbsSendTime.toTicks(AbsSendTime.fromMicros(sendTimeUs));
            if (interArrival.computeDeltas(ticks, arrivalTimeMs, arrivalTimeMs, 1200)) {
                final double sendDeltaMs = Integer.toUnsignedLong(interArrival.timestampDelta())
                    * AbsSendTime.TIMESTAMP_TO_MS;
                filter.update(interArrival.arrivalTimeDeltaMs(), sendDeltaMs, interArrival.packetSizeDelta(),
                    detector.state(), arrivalTimeMs);
                detector.detect(filter.offset(), sendDeltaMs, filter.numOfDeltas(), arrivalTimeMs);
            }
            if (!drifting) {
                assertThat(detector.state()).as("steady frame %d", frame).isEqualTo(BandwidthUsage.NORMAL);
            } else if (detector.state() == BandwidthUsage.OVERUSING) {
                framesUntilOveruse = frame - 500 + 1;
            }
            sendTimeUs += 20_000;
            arrivalTimeMs += drifting ? 22 : 20;
        }

        assertThat(filter.trend()).isPositive();
        assertThat(framesUntilOveruse).as("frames of drift until over-use").isBetween(1, 50);
    }

    /**
     * The class comment's claim: {@link OveruseDetector} fed {@code offset()} makes the same decisions as
     * libwebrtc's trendline detector fed the raw trend. The oracle below is that detector, written from
     * {@code TrendlineEstimator::Detect} / {@code UpdateThreshold}, with the gain applied inside.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 0xBEEFL})
    void sharedDetectorAppliesTheTrendlinesModifiedTrendRuleExactly(final long seed) {
        final Random random = new Random(seed);
        final TrendlineEstimator filter = new TrendlineEstimator();
        final OveruseDetector detector = new OveruseDetector();
        final LibwebrtcTrendlineDetector oracle = new LibwebrtcTrendlineDetector(filter.thresholdGain());
        final Set<BandwidthUsage> seen = EnumSet.noneOf(BandwidthUsage.class);
        long arrivalTimeMs = 1_000;
        for (int i = 0; i < 20_000; i++) {
            // Phases of 300 deltas: steady, filling (+3 ms per delta), draining (−3 ms per delta).
            final int phase = (i / 300) % 4;
            final double driftMs = phase == 1 ? 3 : phase == 3 ? -3 : 0;
            final long arrivalDeltaMs = Math.max(0, Math.round(20 + driftMs + 2 * random.nextGaussian()));
            arrivalTimeMs += arrivalDeltaMs;

            filter.update(arrivalDeltaMs, 20.0, 0, detector.state(), arrivalTimeMs);
            final BandwidthUsage shared = detector.detect(filter.offset(), 20.0, filter.numOfDeltas(), arrivalTimeMs);
            final BandwidthUsage expected = oracle.detect(filter.trend(), 20.0, filter.numOfDeltas(), arrivalTimeMs);

            assertThat(shared).as("delta %d", i).isEqualTo(expected);
            assertThat(detector.thresholdMs()).as("threshold after delta %d", i).isEqualTo(oracle.thresholdMs);
            seen.add(shared);
        }
        assertThat(seen).as("the stream exercises every state").containsExactlyInAnyOrder(BandwidthUsage.values());
    }

    /** libwebrtc's trendline detector, the reference for the test above. */
    private static final class LibwebrtcTrendlineDetector {
        private final double thresholdGain;
        double thresholdMs = 12.5;
        private long lastUpdateMs = -1;
        private double prevTrend;
        private double timeOverUsingMs = -1;
        private int overuseCounter;
        private BandwidthUsage hypothesis = BandwidthUsage.NORMAL;

        LibwebrtcTrendlineDetector(final double thresholdGain) {
            this.thresholdGain = thresholdGain;
        }

        BandwidthUsage detect(final double trend, final double tsDeltaMs, final int numOfDeltas, final long nowMs) {
            if (numOfDeltas < 2) {
                hypothesis = BandwidthUsage.NORMAL;
                return hypothesis;
            }
            final double modifiedTrend = Math.min(numOfDeltas, 60) * trend * thresholdGain;
            if (modifiedTrend > thresholdMs) {
                timeOverUsingMs = timeOverUsingMs == -1 ? tsDeltaMs / 2 : timeOverUsingMs + tsDeltaMs;
                overuseCounter++;
                if (timeOverUsingMs > 10 && overuseCounter > 1 && trend >= prevTrend) {
                    timeOverUsingMs = 0;
                    overuseCounter = 0;
                    hypothesis = BandwidthUsage.OVERUSING;
                }
            } else if (modifiedTrend < -thresholdMs) {
                timeOverUsingMs = -1;
                overuseCounter = 0;
                hypothesis = BandwidthUsage.UNDERUSING;
            } else {
                timeOverUsingMs = -1;
                overuseCounter = 0;
                hypothesis = BandwidthUsage.NORMAL;
            }
            prevTrend = trend;
            if (lastUpdateMs == -1) {
                lastUpdateMs = nowMs;
            }
            final double absTrend = Math.abs(modifiedTrend);
            if (absTrend > thresholdMs + 15.0) {
                lastUpdateMs = nowMs;
                return hypothesis;
            }
            final double k = absTrend < thresholdMs ? 0.039 : 0.0087;
            thresholdMs += k * (absTrend - thresholdMs) * Math.min(nowMs - lastUpdateMs, 100);
            thresholdMs = Math.max(6.0, Math.min(600.0, thresholdMs));
            lastUpdateMs = nowMs;
            return hypothesis;
        }
    }

    /** With every point at the same arrival time the slope is 0/0: the previous trend stays. */
    @Test
    void undefinedFitKeepsThePreviousTrend() {
        final TrendlineEstimator filter = new TrendlineEstimator(2, 0.0, 4.0);
        feed(filter, 11, 10.0, 0);
        feed(filter, 11, 10.0, 10);
        assertThat(filter.trend()).isCloseTo(0.1, within(EXACT));

        // Arrives with the previous packet: both window points now have x = 10 ms.
        feed(filter, 0, 10.0, 10);

        assertThat(filter.accumulatedDelayMs()).isEqualTo(2.0 - 10.0);
        assertThat(filter.trend()).isCloseTo(0.1, within(EXACT));
    }

    @Test
    void deltaCountSaturatesAtOneThousand() {
        final TrendlineEstimator filter = new TrendlineEstimator();
        for (int i = 1; i <= 1500; i++) {
            feed(filter, 20, 20.0, 20L * i);
            assertThat(filter.numOfDeltas()).isEqualTo(Math.min(i, 1000));
        }
    }

    @Test
    void resetStartsOverIncludingTheFirstArrivalAndTheWindow() {
        final TrendlineEstimator filter = new TrendlineEstimator();
        for (int i = 0; i < 100; i++) {
            feed(filter, 25, 20.0, 25L * i);
        }
        assertThat(filter.trend()).isPositive();

        filter.reset();

        assertThat(filter.trend()).isZero();
        assertThat(filter.numOfDeltas()).isZero();
        assertThat(filter.accumulatedDelayMs()).isZero();
        assertThat(filter.smoothedDelayMs()).isZero();
        final TrendlineEstimator fresh = new TrendlineEstimator();
        for (int i = 0; i < 60; i++) {
            final long arrivalTimeMs = 90_000 + 18L * i;
            feed(filter, 18 + i % 3, 20.0, arrivalTimeMs);
            feed(fresh, 18 + i % 3, 20.0, arrivalTimeMs);
            assertThat(filter.trend()).as("delta %d", i).isEqualTo(fresh.trend());
            assertThat(filter.smoothedDelayMs()).isEqualTo(fresh.smoothedDelayMs());
        }
    }

    /**
     * libwebrtc's {@code trendline_estimator_unittest.cc}: window 20, no smoothing, gain 1, packets 10 ms
     * apart whose latency grows as {@code i · 10 / (1 − slope)} plus Gaussian jitter from
     * {@code Random(0x1234567)}; the trend must be 0 until the window fills, then near the slope.
     */
    @ParameterizedTest(name = "slope {0}, jitter sd {1} ms: within {2}")
    @CsvSource({
        "0.5, 0, 0.001",
        "-1, 0, 0.001",
        "0, 0, 0.001",
        "0.5, 3.3333333333333335, 0.01",
        "-1, 3.3333333333333335, 0.075",
        "0, 3.3333333333333335, 0.02"})
    void fitsTheSlopeOfAJitteryLineAsInLibwebrtcsUnitTest(final double slope, final double jitterStddevMs,
                                                          final double tolerance) {
        final int windowSize = 20;
        final int packetCount = 2 * windowSize + 1;
        final long avgTimeBetweenPacketsMs = 10;
        final TrendlineEstimator filter = new TrendlineEstimator(windowSize, 0.0, 1.0);
        final LibwebrtcRandom random = new LibwebrtcRandom(0x1234567);
        final long[] sendTimesMs = new long[packetCount];
        final long[] recvTimesMs = new long[packetCount];
        final long sendStartTimeMs = random.rand(0, 1_000_000);
        final long recvStartTimeMs = random.rand(0, 1_000_000);
        for (int i = 0; i < packetCount; i++) {
            sendTimesMs[i] = sendStartTimeMs + i * avgTimeBetweenPacketsMs;
            final double latencyMs = i * avgTimeBetweenPacketsMs / (1 - slope);
            final double jitterMs = random.gaussian(0, jitterStddevMs);
            recvTimesMs[i] = (long) (recvStartTimeMs + latencyMs + jitterMs);
        }
        for (int i = 1; i < packetCount; i++) {
            final long recvDeltaMs = recvTimesMs[i] - recvTimesMs[i - 1];
            final double sendDeltaMs = sendTimesMs[i] - sendTimesMs[i - 1];
            filter.update(recvDeltaMs, sendDeltaMs, 0, BandwidthUsage.NORMAL, recvTimesMs[i]);
            if (i < windowSize) {
                assertThat(filter.trend()).as("packet %d", i).isCloseTo(0.0, within(0.001));
            } else {
                assertThat(filter.trend()).as("packet %d", i).isCloseTo(slope, within(tolerance));
            }
        }
    }

    /** Zero garbage per packet: 100,000 updates after warm-up allocate nothing on this thread. */
    @Test
    void updatesAllocateNothingAfterWarmUp() {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assertThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        final TrendlineEstimator filter = new TrendlineEstimator();
        final OveruseDetector detector = new OveruseDetector();
        final long[] arrivalTimeMs = {0};
        final Runnable hundredThousandUpdates = () -> {
            for (int i = 0; i < 100_000; i++) {
                final long arrivalDeltaMs = 19 + (i & 3);
                arrivalTimeMs[0] += arrivalDeltaMs;
                filter.update(arrivalDeltaMs, 20.0, 0, detector.state(), arrivalTimeMs[0]);
                detector.detect(filter.offset(), 20.0, filter.numOfDeltas(), arrivalTimeMs[0]);
            }
        };
        // Warm-up: let the JIT settle. The first few rounds can allocate a few hundred bytes once
        // (interpreter/tier transitions), never per update: 100,000 updates allocating anything per
        // update would show megabytes.
        for (int round = 0; round < 10; round++) {
            hundredThousandUpdates.run();
        }

        final long before = threads.getCurrentThreadAllocatedBytes();
        hundredThousandUpdates.run();
        final long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocatedBytes).isZero();
    }
}
