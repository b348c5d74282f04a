package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

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
}
