package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** libwebrtc's {@code RateStatistics} behaviour (reference §1.6), including its float32 arithmetic. */
class IncomingBitrateTest {
    @Test
    void twoSamplesOneMsApartGive12Mbps() {
        final IncomingBitrate rate = new IncomingBitrate(500);
        rate.update(1500, 0);
        assertThat(rate.rateBps(0)).as("one sample alone gives no value").isEqualTo(-1);
        rate.update(1500, 1);
        assertThat(rate.rateBps(1)).isEqualTo(12_000_000L);
    }

    @Test
    void aFullWindowCountsOverTheWholeWindowEvenWhenEmptySince() {
        final IncomingBitrate rate = new IncomingBitrate(1000);
        for (int t = 0; t < 1000; t += 10) {
            rate.update(1000, t);
        }
        // 100 packets × 1000 bytes over a 991 ms active window.
        assertThat(rate.rateBps(990)).isEqualTo((long) (100_000f * (8000f / 991) + 0.5f));
        // Once the stream started before the window, the full window is used.
        assertThat(rate.rateBps(1500)).isEqualTo((long) (49_000f * (8000f / 1000) + 0.5f));
        assertThat(rate.rateBps(3000)).as("every bucket expired").isEqualTo(-1);
    }

    @Test
    void samplesEarlierThanTheNewestBucketAreCountedInIt() {
        final IncomingBitrate rate = new IncomingBitrate(1000);
        rate.update(100, 500);
        rate.update(100, 400);
        rate.update(100, 501);
        assertThat(rate.rateBps(501)).isEqualTo((long) (300f * (8000f / 2) + 0.5f));
        // The sample at 400 lives in the bucket at 500 and expires with it.
        assertThat(rate.rateBps(1500)).isEqualTo((long) (100f * (8000f / 1000) + 0.5f));
    }

    @Test
    void resetForgetsEverything() {
        final IncomingBitrate rate = new IncomingBitrate();
        rate.update(100, 1);
        rate.update(100, 2);
        rate.reset();
        assertThat(rate.rateBps(2)).isEqualTo(-1);
    }

    @Test
    void keepsAtMostOneWindowOfBucketsWhenTimeRunsForLong() {
        final IncomingBitrate rate = new IncomingBitrate(1000);
        for (long t = 0; t < 100_000; t++) {
            rate.update(1, t);
        }
        assertThat(rate.rateBps(99_999)).isEqualTo(8000L);
    }

    @Test
    void packedRingGivesTheDenseRingsResultsBitForBit() {
        final SplittableRandom random = new SplittableRandom(17);
        for (int run = 0; run < 50; run++) {
            final int windowMs = run % 5 == 0 ? 2 + random.nextInt(3000) : 1000;
            final IncomingBitrate packed = new IncomingBitrate(windowMs);
            final DenseIncomingBitrate dense = new DenseIncomingBitrate(windowMs);
            long nowMs = random.nextLong(-100_000, 100_000);
            for (int i = 0; i < 20_000; i++) {
                final int step = random.nextInt(100);
                // Mostly small steps, some bursts in the same ms, some late samples, some long gaps.
                nowMs += step < 60 ? random.nextInt(4) : step < 90 ? 0 : step < 97 ? -random.nextInt(50)
                    : random.nextInt(5000);
                final long bytes = random.nextInt(1500);
                if (random.nextInt(1000) == 0) {
                    packed.reset();
                    dense.reset();
                }
                packed.update(bytes, nowMs);
                dense.update(bytes, nowMs);
                final long queryMs = nowMs + random.nextInt(3) * random.nextInt(1500);
                assertThat(packed.rateBps(queryMs)).as("run %d step %d", run, i).isEqualTo(dense.rateBps(queryMs));
            }
        }
    }

    @Test
    void aBucketThatWouldOverflowSpillsIntoAnotherAtTheSameTime() {
        final IncomingBitrate packed = new IncomingBitrate(1000);
        final DenseIncomingBitrate dense = new DenseIncomingBitrate(1000);
        for (int i = 0; i < 70_000; i++) {
            packed.update(Integer.MAX_VALUE, 5);
            dense.update(Integer.MAX_VALUE, 5);
        }
        for (long t = 5; t < 1010; t += 100) {
            assertThat(packed.rateBps(t)).isEqualTo(dense.rateBps(t));
        }
        packed.update(1, 1004);
        dense.update(1, 1004);
        assertThat(packed.rateBps(1004)).isEqualTo(dense.rateBps(1004));
        assertThat(packed.rateBps(1005)).as("every spilled bucket expires with the first")
            .isEqualTo(dense.rateBps(1005));
    }

    @Test
    void holdsOnlyTheBucketsAStreamNeeds() {
        final IncomingBitrate rate = new IncomingBitrate();
        // 300 packets/s, evenly spaced: at most 300 buckets live in a 1 s window.
        for (long tUs = 0; tUs < 10_000_000; tUs += 3333) {
            rate.update(1200, tUs / 1000);
        }
        assertThat(rate.capacity()).isLessThanOrEqualTo(375);
        assertThat(rate.capacity() * Long.BYTES).as("bytes of the ring").isLessThanOrEqualTo(3000);
    }

    @Test
    void refusesNegativeSizes() {
        final IncomingBitrate rate = new IncomingBitrate();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rate.update(-1, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
