package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The adaptive profile's mechanisms, each on a hand-made input whose right answer is known. */
class AdaptiveRateControlTest {
    private final EstimatorConfig config = EstimatorConfig.builder().profile(EstimatorProfile.ADAPTIVE).build();

    @Test
    void profilesPickTheirControllers() {
        assertThat(RateController.forConfig(EstimatorConfig.DEFAULT)).isInstanceOf(AimdRateControl.class);
        assertThat(RateController.forConfig(config)).isInstanceOf(AdaptiveRateControl.class);
    }

    @Test
    void firstEstimateIsTheIncomingRateHalfASecondAfterTheFirstMeasurement() {
        final AdaptiveRateControl control = new AdaptiveRateControl(config);
        control.update(BandwidthUsage.NORMAL, 600_000, 1_000_000);
        control.update(BandwidthUsage.NORMAL, 600_000, 1_400_000);
        assertThat(control.validEstimate()).isFalse();
        control.update(BandwidthUsage.NORMAL, 600_000, 1_500_000);
        assertThat(control.validEstimate()).isTrue();
        assertThat(control.latestEstimateBps()).isEqualTo(600_000);
    }

    @Test
    void overuseBacksOffFromTheRateDeliveredJustNowNotTheOneSecondAverage() {
        final AdaptiveRateControl control = new AdaptiveRateControl(config);
        // 1 Mbps delivered over the last 250 ms (one 1250-byte packet every 10 ms), sent back to back.
        long t = 0;
        for (int i = 0; i < 100; i++, t += 10_000) {
            control.onPacket(t, AbsSendTime.toTicks(AbsSendTime.fromMicros(t)), 1, i, 1250);
        }
        // The 1 s average still says 3 Mbps (the capacity just dropped).
        control.update(BandwidthUsage.OVERUSING, 3_000_000, t);
        assertThat(control.latestEstimateBps()).isBetween(800_000L, 860_000L);
    }

    @Test
    void aStandingQueueForFiveSecondsIsACompetingFlowAndAnEmptyOneEndsIt() {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        long t = 0;
        for (; t < 4_900_000; t += 100_000) {
            assertThat(detector.update(150_000, t)).isFalse();
        }
        // A fade: the queue dips below 50 ms, the count starts over.
        assertThat(detector.update(10_000, t)).isFalse();
        t += 100_000;
        final long standingFrom = t;
        for (; t < standingFrom + 5_000_000; t += 100_000) {
            assertThat(detector.update(150_000, t)).isFalse();
        }
        assertThat(detector.update(150_000, t)).isTrue();
        // The other flow's own back-off empties the queue briefly: the mode stays.
        final long dip = t + 100_000;
        for (t = dip; t < dip + 1_000_000; t += 100_000) {
            assertThat(detector.update(5_000, t)).isTrue();
        }
        assertThat(detector.update(150_000, t)).isTrue();
        final long empty = t + 100_000;
        for (t = empty; t <= empty + 3_000_000; t += 100_000) {
            detector.update(5_000, t);
        }
        assertThat(detector.active()).isFalse();
    }

    @Test
    void lossCountsSequenceGapsAcrossTheWrapAndTakesBackLatePackets() {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        final int[] sequences = {65_530, 65_531, 65_533, 65_534, 0, 3, 2, 4};
        for (final int seq : sequences) {
            detector.onPacket(0x1234, seq, 0);
        }
        // 65530..4 is 11 numbers: 8 arrived (2 late, after 3), 65532, 65535 and 1 never did.
        assertThat(detector.takeLossFraction()).isEqualTo(3.0 / 11.0);
        assertThat(detector.takeLossFraction()).isZero();
        detector.onPacket(0x1234, -1, 0);
        assertThat(detector.takeLossFraction()).isZero();
    }

    @Test
    void queueDelayIsTheOneWayDelayAboveItsMinimumAcrossTheSendClockWrap() {
        final QueueDelayMeter meter = new QueueDelayMeter();
        // Sent every 10 ms from 63 s (abs-send-time wraps at 64 s); 40 ms one-way, then 120 ms from 65 s on.
        for (long sendUs = 63_000_000; sendUs < 66_000_000; sendUs += 10_000) {
            final long delayUs = sendUs < 65_000_000 ? 40_000 : 120_000;
            meter.onPacket(sendUs + delayUs, AbsSendTime.toTicks(AbsSendTime.fromMicros(sendUs)));
        }
        assertThat(meter.queueDelayUs()).isBetween(79_000L, 81_000L);
    }
}
