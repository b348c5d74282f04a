package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** libwebrtc's {@code aimd_rate_control_unittest.cc} cases that apply to the receive side (reference §3.6). */
class AimdRateControlTest {
    private static final long INITIAL_TIME_US = 123_456_000L;
    private static final double FRACTION_AFTER_OVERUSE = 0.85;
    private static final long DEFAULT_PERIOD_US = 3_000_000;

    private final AimdRateControl aimd = new AimdRateControl();

    @Test
    void minNearMaxIncreaseRateOnLowBandwidthIs4kbps() {
        aimd.setEstimate(30_000, INITIAL_TIME_US);
        assertThat(aimd.nearMaxIncreaseRateBpsPerSecond()).isEqualTo(4_000.0);
    }

    @Test
    void nearMaxIncreaseRateIs5kbpsOn90kbpsAnd200msRtt() {
        aimd.setEstimate(90_000, INITIAL_TIME_US);
        assertThat(aimd.nearMaxIncreaseRateBpsPerSecond()).isEqualTo(5_000.0);
    }

    @Test
    void nearMaxIncreaseRateIs5kbpsOn60kbpsAnd100msRtt() {
        aimd.setEstimate(60_000, INITIAL_TIME_US);
        aimd.setRtt(100_000);
        assertThat(aimd.nearMaxIncreaseRateBpsPerSecond()).isEqualTo(5_000.0);
    }

    @Test
    void increaseRateAndBandwidthPeriodAfterOveruseAtTheEstimate() {
        aimd.setEstimate(300_000, INITIAL_TIME_US);
        aimd.update(BandwidthUsage.OVERUSING, 300_000, INITIAL_TIME_US);
        assertThat(aimd.nearMaxIncreaseRateBpsPerSecond()).isCloseTo(14_000.0, within(1_000.0));
        assertThat(aimd.expectedBandwidthPeriodUs()).isEqualTo(DEFAULT_PERIOD_US);
    }

    @Test
    void estimateIsLimitedByAckedBitrate() {
        final long ackedBps = 10_000;
        long nowUs = INITIAL_TIME_US;
        aimd.setEstimate(ackedBps, nowUs);
        while (nowUs - INITIAL_TIME_US < 20_000_000) {
            aimd.update(BandwidthUsage.NORMAL, ackedBps, nowUs);
            nowUs += 100_000;
        }
        assertThat(aimd.validEstimate()).isTrue();
        assertThat(aimd.latestEstimateBps()).isEqualTo(25_000L);
    }

    @Test
    void estimateIsNotReducedByDecreasingAckedBitrate() {
        final long ackedBps = 10_000;
        long nowUs = INITIAL_TIME_US;
        aimd.setEstimate(ackedBps, nowUs);
        while (nowUs - INITIAL_TIME_US < 20_000_000) {
            aimd.update(BandwidthUsage.NORMAL, ackedBps, nowUs);
            nowUs += 100_000;
        }
        final long prev = aimd.latestEstimateBps();
        aimd.update(BandwidthUsage.NORMAL, ackedBps / 2, nowUs);
        assertThat(aimd.latestEstimateBps()).isEqualTo(prev).isCloseTo(25_000L, within(2_000L));
    }

    @Test
    void defaultPeriodUntilFirstOveruse() {
        aimd.setStartBitrate(300_000);
        assertThat(aimd.expectedBandwidthPeriodUs()).isEqualTo(DEFAULT_PERIOD_US);
        aimd.update(BandwidthUsage.OVERUSING, 280_000, INITIAL_TIME_US);
        assertThat(aimd.expectedBandwidthPeriodUs()).isNotEqualTo(DEFAULT_PERIOD_US);
        assertThat(aimd.latestEstimateBps()).isEqualTo(233_000L);
        // The reference model gives 5.175 s (to the ms).
        assertThat(aimd.expectedBandwidthPeriodUs()).isCloseTo(5_175_000L, within(1_000L));
    }

    @Test
    void expectedPeriodAfterTypicalDropIsFourSeconds() {
        long nowUs = INITIAL_TIME_US;
        aimd.setEstimate(264_000, nowUs);
        nowUs += 100_000;
        final long ackedBps = Units.llround((216_000 + 5_000) / FRACTION_AFTER_OVERUSE);
        aimd.update(BandwidthUsage.OVERUSING, ackedBps, nowUs);
        assertThat(aimd.latestEstimateBps()).isEqualTo(216_000L);
        assertThat(aimd.nearMaxIncreaseRateBpsPerSecond()).isEqualTo(12_000.0);
        assertThat(aimd.expectedBandwidthPeriodUs()).isEqualTo(4_000_000L);
    }

    @Test
    void bandwidthPeriodIsNotBelowTwoSeconds() {
        long nowUs = INITIAL_TIME_US;
        aimd.setEstimate(10_000, nowUs);
        nowUs += 100_000;
        aimd.update(BandwidthUsage.OVERUSING, 9_999, nowUs);
        assertThat(aimd.expectedBandwidthPeriodUs()).isEqualTo(2_000_000L);
    }

    @Test
    void bandwidthPeriodIsNotAboveFiftySeconds() {
        long nowUs = INITIAL_TIME_US;
        aimd.setEstimate(10_010_000, nowUs);
        nowUs += 100_000;
        aimd.update(BandwidthUsage.OVERUSING, Units.llround(10_000 / FRACTION_AFTER_OVERUSE), nowUs);
        assertThat(aimd.expectedBandwidthPeriodUs()).isEqualTo(50_000_000L);
    }

    @Test
    void sendingRateIsBoundedWhenThroughputIsNotEstimated() {
        final long initialBps = 123_000;
        long nowUs = INITIAL_TIME_US;
        aimd.update(BandwidthUsage.NORMAL, initialBps, nowUs);
        nowUs += 5_001_000;
        aimd.update(BandwidthUsage.NORMAL, initialBps, nowUs);
        assertThat(aimd.validEstimate()).isTrue();
        for (int i = 0; i < 100; i++) {
            aimd.update(BandwidthUsage.NORMAL, -1, nowUs);
            nowUs += 100_000;
        }
        assertThat(aimd.latestEstimateBps()).isLessThanOrEqualTo(194_500L).isEqualTo(194_500L);
    }

    @Test
    void estimateBecomesValidOnlyFiveSecondsAfterTheFirstThroughput() {
        aimd.update(BandwidthUsage.NORMAL, 100_000, INITIAL_TIME_US);
        aimd.update(BandwidthUsage.NORMAL, 100_000, INITIAL_TIME_US + 5_000_000);
        assertThat(aimd.validEstimate()).as("strictly more than 5 s is needed").isFalse();
        aimd.update(BandwidthUsage.NORMAL, 100_000, INITIAL_TIME_US + 5_000_001);
        assertThat(aimd.validEstimate()).isTrue();
    }

    @Test
    void overuseBeforeInitialisationMakesTheEstimateValid() {
        aimd.update(BandwidthUsage.OVERUSING, 400_000, INITIAL_TIME_US);
        assertThat(aimd.validEstimate()).isTrue();
        assertThat(aimd.latestEstimateBps()).isEqualTo(335_000L);
    }

    @Test
    void feedbackIntervalIsClampedBetween200msAnd1s() {
        aimd.setEstimate(5_000, INITIAL_TIME_US);
        assertThat(aimd.feedbackIntervalUs()).isEqualTo(1_000_000L);
        aimd.setEstimate(10_000_000, INITIAL_TIME_US);
        assertThat(aimd.feedbackIntervalUs()).isEqualTo(200_000L);
        aimd.setEstimate(32_000, INITIAL_TIME_US);
        // 80 bytes at 5 % of 32 kbps = 1600 bps: 400 ms.
        assertThat(aimd.feedbackIntervalUs()).isEqualTo(400_000L);
    }

    @Test
    void configuredFloorCeilingAndStartBitrateApply() {
        final AimdRateControl custom = new AimdRateControl(0.5, 50_000, 1_000_000, 300_000);
        assertThat(custom.validEstimate()).isTrue();
        assertThat(custom.latestEstimateBps()).isEqualTo(300_000L);
        custom.update(BandwidthUsage.OVERUSING, 60_000, INITIAL_TIME_US);
        assertThat(custom.latestEstimateBps()).isEqualTo(50_000L);
        custom.setEstimate(5_000_000, INITIAL_TIME_US);
        assertThat(custom.latestEstimateBps()).isEqualTo(1_000_000L);
    }

    @Test
    void rejectsNonsensicalSettings() {
        assertThatThrownBy(() -> new AimdRateControl(1.0, 5_000, Long.MAX_VALUE, -1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoff factor");
        assertThatThrownBy(() -> new AimdRateControl(0.85, 10_000, 5_000, -1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min");
    }
}
