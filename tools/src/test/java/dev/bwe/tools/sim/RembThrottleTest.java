package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RembThrottleTest {
    private final RembThrottle throttle = new RembThrottle();

    @Test
    void firstEstimateIsAlwaysSent() {
        assertThat(throttle.periodicDue(10_000_000)).as("nothing sent yet, nothing to repeat").isFalse();
        assertThat(throttle.onEstimate(0, 500_000)).isTrue();
    }

    @Test
    void increasesAndSmallDropsWaitTwoHundredMilliseconds() {
        throttle.onEstimate(0, 500_000);

        assertThat(throttle.onEstimate(100_000, 600_000)).isFalse();
        assertThat(throttle.onEstimate(150_000, 490_000)).as("2 % drop").isFalse();
        assertThat(throttle.onEstimate(199_999, 600_000)).isFalse();
        assertThat(throttle.onEstimate(200_000, 600_000)).isTrue();
    }

    @Test
    void dropOfThreePercentGoesOutAtOnce() {
        throttle.onEstimate(0, 1_000_000);

        // 971,000 * 103 / 100 = 1,000,130 > 1,000,000: held back; 970,873 * 103 / 100 = 999,999: sent.
        assertThat(throttle.onEstimate(10_000, 971_000)).isFalse();
        assertThat(throttle.onEstimate(20_000, 970_873)).isTrue();
        // The reference is now the value just sent.
        assertThat(throttle.onEstimate(30_000, 960_000)).isFalse();
        assertThat(throttle.onEstimate(40_000, 900_000)).isTrue();
    }

    @Test
    void periodicReSendIsDueOneSecondAfterTheLastRemb() {
        throttle.onEstimate(0, 1_000_000);

        assertThat(throttle.periodicDue(999_999)).isFalse();
        assertThat(throttle.periodicDue(1_000_000)).isTrue();
        throttle.markSent(1_000_000, 1_000_000);
        assertThat(throttle.periodicDue(1_500_000)).isFalse();
        assertThat(throttle.onEstimate(1_100_000, 1_100_000)).as("periodic REMB restarts the 200 ms wait").isFalse();
    }
}
