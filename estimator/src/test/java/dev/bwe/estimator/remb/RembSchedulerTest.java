package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembTestSupport.ssrcsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembTestSupport.ArraySsrcSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RembSchedulerTest {
    private static final long MS = 1_000;
    private static final SsrcSet SSRCS_1_2_3 = new ArraySsrcSet(1, 2, 3);

    /** One REMB as the scheduler handed it out; the SSRC view is copied because it is only lent. */
    record Sent(long nowUs, long bitrateBps, List<Integer> ssrcs) {
        static Sent of(final long nowUs, final long bitrateBps, final int... ssrcs) {
            final List<Integer> list = new ArrayList<>();
            for (final int ssrc : ssrcs) {
                list.add(ssrc);
            }
            return new Sent(nowUs, bitrateBps, list);
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final RembSender recorder = (nowUs, bitrateBps, ssrcs) -> sent.add(Sent.of(nowUs, bitrateBps,
        ssrcsOf(ssrcs)));
    private final RembScheduler scheduler = new RembScheduler(recorder);

    /** The sequences of libwebrtc's remb_throttler_unittest.cc (reference §3.7), clock starting at 0. */
    @Nested
    class LibwebrtcRembThrottlerSequences {
        @Test
        void sendsTheFirstEstimateAtOnceWithItsSsrcs() {
            assertThat(scheduler.onEstimate(0, 12345, SSRCS_1_2_3)).isTrue();

            assertThat(sent).containsExactly(Sent.of(0, 12345, 1, 2, 3));
        }

        @Test
        void throttlesASmallDecreaseUntil200msHavePassed() {
            scheduler.onEstimate(0, 12346, SSRCS_1_2_3);
            assertThat(scheduler.onEstimate(100 * MS, 12345, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(201 * MS, 12345, SSRCS_1_2_3)).isTrue();

            assertThat(sent).containsExactly(Sent.of(0, 12346, 1, 2, 3), Sent.of(201 * MS, 12345, 1, 2, 3));
        }

        @Test
        void sendsALargeDecreaseAtOnce() {
            scheduler.onEstimate(0, 2345, SSRCS_1_2_3);
            scheduler.onEstimate(1 * MS, 1234, SSRCS_1_2_3);

            assertThat(sent).extracting(Sent::bitrateBps).containsExactly(2345L, 1234L);
        }

        @Test
        void throttlesAnIncreaseUntil200msHavePassed() {
            scheduler.onEstimate(0, 1234, SSRCS_1_2_3);
            assertThat(scheduler.onEstimate(100 * MS, 2345, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(201 * MS, 2345, SSRCS_1_2_3)).isTrue();

            assertThat(sent).extracting(Sent::bitrateBps).containsExactly(1234L, 2345L);
        }

        @Test
        void sendsTheMaxDesiredBitrateAtOnceWithAnEmptySsrcList() {
            assertThat(scheduler.setMaxDesiredBitrate(0, 1234)).isTrue();

            assertThat(sent).containsExactly(Sent.of(0, 1234));
        }

        @Test
        void sendsTheMinimumOfTheCapAndTheEstimate() {
            scheduler.onEstimate(0, 1234, SSRCS_1_2_3);
            assertThat(scheduler.setMaxDesiredBitrate(1 * MS, 4567)).isFalse();
            scheduler.onEstimate(201 * MS, 5678, SSRCS_1_2_3);

            assertThat(sent).containsExactly(Sent.of(0, 1234, 1, 2, 3), Sent.of(201 * MS, 4567, 1, 2, 3));
        }
    }

    @Nested
    class Throttle {
        @Test
        void sendsAtExactly200msAndThrottlesOneMicrosecondEarlier() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);

            assertThat(scheduler.onEstimate(RembScheduler.MIN_SEND_INTERVAL_US - 1, 2000, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(RembScheduler.MIN_SEND_INTERVAL_US, 2000, SSRCS_1_2_3)).isTrue();
        }

        @Test
        void sendsADropOnlyWhen103PercentOfItInIntegerArithmeticIsAtMostTheLastEstimate() {
            scheduler.onEstimate(0, 10_000, SSRCS_1_2_3);

            // 9710 * 103 / 100 = 10001 > 10000: held back. 9709 * 103 / 100 = 10000 (10000.27 truncated): sent.
            assertThat(scheduler.onEstimate(1 * MS, 9710, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(2 * MS, 9709, SSRCS_1_2_3)).isTrue();
        }

        @Test
        void aThrottledEstimateNeitherRestartsTheWindowNorBecomesTheReference() {
            scheduler.onEstimate(0, 10_000, SSRCS_1_2_3);
            scheduler.onEstimate(150 * MS, 20_000, SSRCS_1_2_3);

            // Still measured from t=0 and against 10000, not 20000.
            assertThat(scheduler.onEstimate(199 * MS, 9_800, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(200 * MS, 10_500, SSRCS_1_2_3)).isTrue();
        }

        @Test
        void comparesUncappedEstimatesEvenWhenTheCapHidesTheChange() {
            scheduler.setMaxDesiredBitrate(0, 1000);
            scheduler.onEstimate(300 * MS, 5000, SSRCS_1_2_3);

            assertThat(scheduler.onEstimate(301 * MS, 4900, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(302 * MS, 4800, SSRCS_1_2_3)).isTrue();
            assertThat(sent).extracting(Sent::bitrateBps).containsExactly(1000L, 1000L, 1000L);
        }

        @Test
        void doesNotOverflowOnHugeEstimates() {
            scheduler.onEstimate(0, 100, SSRCS_1_2_3);

            // Long.MAX_VALUE * 103 would wrap negative and look like a drop.
            assertThat(scheduler.onEstimate(1 * MS, Long.MAX_VALUE, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(200 * MS, Long.MAX_VALUE, SSRCS_1_2_3)).isTrue();
            assertThat(scheduler.onEstimate(201 * MS, Long.MAX_VALUE, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(202 * MS, Long.MAX_VALUE / 103 * 100, SSRCS_1_2_3)).isTrue();
        }

        @Test
        void rejectsANegativeEstimateWithoutChangingState() {
            assertThatThrownBy(() -> scheduler.onEstimate(0, -1, SSRCS_1_2_3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bitrateBps must be >= 0 but was -1");
            assertThat(scheduler.onEstimate(1, 1000, SSRCS_1_2_3)).isTrue();
        }

        @Test
        void resetForgetsTheLastEstimateAndTheCap() {
            scheduler.setMaxDesiredBitrate(0, 500);
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);
            scheduler.reset();

            assertThat(scheduler.maxDesiredBitrateBps()).isEqualTo(RembScheduler.NO_CAP_BPS);
            assertThat(scheduler.onEstimate(1 * MS, 2000, SSRCS_1_2_3)).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(1 * MS, 2000, 1, 2, 3));
            assertThat(scheduler.onTick(500 * MS, SSRCS_1_2_3)).isFalse();
        }

        @Test
        void handsTheCallersSsrcViewToTheSenderUnchanged() {
            final SsrcSet[] seen = new SsrcSet[1];
            final RembScheduler direct = new RembScheduler((nowUs, bitrateBps, ssrcs) -> seen[0] = ssrcs);

            direct.onEstimate(0, 1000, SSRCS_1_2_3);

            assertThat(seen[0]).isSameAs(SSRCS_1_2_3);
        }
    }

    @Nested
    class Cap {
        @Test
        void staysQuietWhenARecentNonzeroEstimateIsAlreadyWithinTheNewCap() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);

            assertThat(scheduler.setMaxDesiredBitrate(199 * MS, 1000)).isFalse();
            assertThat(scheduler.maxDesiredBitrateBps()).isEqualTo(1000);
            assertThat(sent).hasSize(1);
        }

        @Test
        void announcesACapBelowTheRecentEstimateAtOnce() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);

            assertThat(scheduler.setMaxDesiredBitrate(10 * MS, 999)).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(10 * MS, 999));
        }

        @Test
        void announcesTheCapWhenTheRecentEstimateWasZero() {
            scheduler.onEstimate(0, 0, SSRCS_1_2_3);

            assertThat(scheduler.setMaxDesiredBitrate(10 * MS, 5000)).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(10 * MS, 5000));
        }

        @Test
        void announcesTheCapWhenTheLastEstimateIs200msOld() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);

            assertThat(scheduler.setMaxDesiredBitrate(200 * MS, 5000)).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(200 * MS, 5000));
        }

        @Test
        void aCapRembDoesNotRestartThe200msThrottle() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);
            scheduler.setMaxDesiredBitrate(100 * MS, 500);

            assertThat(scheduler.onEstimate(150 * MS, 1020, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(200 * MS, 1020, SSRCS_1_2_3)).isTrue();
            assertThat(sent).containsExactly(
                Sent.of(0, 1000, 1, 2, 3), Sent.of(100 * MS, 500), Sent.of(200 * MS, 500, 1, 2, 3));
        }

        @Test
        void rejectsANegativeCap() {
            assertThatThrownBy(() -> scheduler.setMaxDesiredBitrate(0, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capBps must be >= 0 but was -5");
            assertThat(scheduler.maxDesiredBitrateBps()).isEqualTo(RembScheduler.NO_CAP_BPS);
        }
    }

    @Nested
    class PeriodicResend {
        @Test
        void repeatsTheLastBitrateAfterOneSecondWithTheSsrcsLiveNow() {
            scheduler.onEstimate(0, 300_000, SSRCS_1_2_3);

            assertThat(scheduler.onTick(999_999, new ArraySsrcSet(1, 2))).isFalse();
            assertThat(scheduler.onTick(1_000_000, new ArraySsrcSet(2, 3, 4))).isTrue();
            assertThat(scheduler.onTick(1_999_999, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onTick(2_000_000, new ArraySsrcSet(4))).isTrue();

            assertThat(sent).containsExactly(
                Sent.of(0, 300_000, 1, 2, 3), Sent.of(1_000_000, 300_000, 2, 3, 4), Sent.of(2_000_000, 300_000, 4));
        }

        @Test
        void sendsNothingWhileNoSsrcIsLive() {
            scheduler.onEstimate(0, 300_000, SSRCS_1_2_3);

            assertThat(scheduler.onTick(1_000_000, SsrcSet.EMPTY)).isFalse();
            assertThat(scheduler.onTick(5_000_000, SsrcSet.EMPTY)).isFalse();
            assertThat(scheduler.onTick(5_300_000, new ArraySsrcSet(7))).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(5_300_000, 300_000, 7));
        }

        @Test
        void sendsNothingBeforeTheFirstRemb() {
            assertThat(scheduler.onTick(10_000_000, SSRCS_1_2_3)).isFalse();
            assertThat(sent).isEmpty();
        }

        @Test
        void usesTheConfiguredInterval() {
            final RembScheduler fast = new RembScheduler(recorder, 250 * MS);
            fast.onEstimate(0, 64_000, SSRCS_1_2_3);

            assertThat(fast.resendIntervalUs()).isEqualTo(250 * MS);
            assertThat(fast.onTick(249 * MS, SSRCS_1_2_3)).isFalse();
            assertThat(fast.onTick(250 * MS, SSRCS_1_2_3)).isTrue();
            assertThat(fast.onTick(500 * MS, SSRCS_1_2_3)).isTrue();
            assertThat(sent).extracting(Sent::nowUs).containsExactly(0L, 250 * MS, 500 * MS);
        }

        @Test
        void zeroOrNegativeIntervalDisablesIt() {
            for (final long intervalUs : new long[] {0, -1}) {
                final RembScheduler never = new RembScheduler(recorder, intervalUs);
                never.onEstimate(0, 64_000, SSRCS_1_2_3);

                assertThat(never.onTick(1_000_000, SSRCS_1_2_3)).isFalse();
                assertThat(never.onTick(Long.MAX_VALUE, SSRCS_1_2_3)).isFalse();
            }
            assertThat(sent).hasSize(2);
        }

        @Test
        void anyForwardedEstimateRestartsTheInterval() {
            scheduler.onEstimate(0, 300_000, SSRCS_1_2_3);
            scheduler.onEstimate(600 * MS, 100_000, SSRCS_1_2_3);

            assertThat(scheduler.onTick(1_000_000, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onTick(1_600_000, SSRCS_1_2_3)).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(1_600_000, 100_000, 1, 2, 3));
        }

        @Test
        void aThrottledEstimateDoesNotRestartTheInterval() {
            scheduler.onEstimate(0, 300_000, SSRCS_1_2_3);
            scheduler.onEstimate(900 * MS, 400_000, SSRCS_1_2_3);
            // Held back (an increase 100 ms after the last REMB): the interval still runs from 900 ms.
            scheduler.onEstimate(1_000 * MS - 1, 400_000, SSRCS_1_2_3);

            assertThat(sent).hasSize(2);
            assertThat(scheduler.onTick(1_899_999, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onTick(1_900_000, SSRCS_1_2_3)).isTrue();
        }

        @Test
        void aResendCountsAsARembForThe200msThrottle() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);
            scheduler.onTick(1_000_000, SSRCS_1_2_3);

            assertThat(scheduler.onEstimate(1_100_000, 1020, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(1_150_000, 900, SSRCS_1_2_3)).isTrue();
            assertThat(scheduler.onEstimate(1_300_000, 1020, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onEstimate(1_350_000, 1020, SSRCS_1_2_3)).isTrue();
        }

        @Test
        void aResendCountsAsARecentRembForTheCap() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);
            scheduler.onTick(1_000_000, SSRCS_1_2_3);

            assertThat(scheduler.setMaxDesiredBitrate(1_100_000, 2000)).isFalse();
        }

        @Test
        void repeatsTheCappedValueThatWentOut() {
            scheduler.setMaxDesiredBitrate(0, 500);
            scheduler.onEstimate(300 * MS, 1000, SSRCS_1_2_3);

            assertThat(scheduler.onTick(1_300_000, new ArraySsrcSet(9))).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(1_300_000, 500, 9));
        }

        @Test
        void repeatsACapRembLikeLibwebrtcsRtcpSenderButToTheLiveSsrcs() {
            scheduler.onEstimate(0, 1000, SSRCS_1_2_3);
            scheduler.setMaxDesiredBitrate(500 * MS, 2000);

            assertThat(scheduler.onTick(1_000_000, SSRCS_1_2_3)).isFalse();
            assertThat(scheduler.onTick(1_500_000, SSRCS_1_2_3)).isTrue();
            assertThat(sent).containsExactly(
                Sent.of(0, 1000, 1, 2, 3), Sent.of(500 * MS, 2000), Sent.of(1_500_000, 2000, 1, 2, 3));
        }

        @Test
        void neverRepeatsAValueAboveACapThatWasSuppressedRightAfterAResend() {
            scheduler.onEstimate(0, 100_000, SSRCS_1_2_3);
            scheduler.setMaxDesiredBitrate(300 * MS, 3_000_000);
            scheduler.onTick(1_300_000, SSRCS_1_2_3);
            // Within 200 ms of the re-send and the last estimate (100 kbps) is within the cap: quiet.
            assertThat(scheduler.setMaxDesiredBitrate(1_400_000, 150_000)).isFalse();

            assertThat(scheduler.onTick(2_300_000, SSRCS_1_2_3)).isTrue();
            assertThat(sent).extracting(Sent::bitrateBps).containsExactly(100_000L, 3_000_000L, 3_000_000L, 150_000L);
        }

        @Test
        void repeatsAfterACapRembEvenBeforeAnyEstimate() {
            scheduler.setMaxDesiredBitrate(0, 800_000);

            assertThat(scheduler.onTick(1_000_000, SSRCS_1_2_3)).isTrue();
            assertThat(sent).last().isEqualTo(Sent.of(1_000_000, 800_000, 1, 2, 3));
            assertThat(scheduler.onEstimate(1_000_001, 900_000, SSRCS_1_2_3)).isTrue();
        }
    }

    @Test
    void rejectsANullSender() {
        assertThatThrownBy(() -> new RembScheduler(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void exposesLibwebrtcsConstantsWithTheirUnits() {
        assertThat(RembScheduler.MIN_SEND_INTERVAL_US).isEqualTo(200_000);
        assertThat(RembScheduler.SEND_THRESHOLD_PERCENT).isEqualTo(103);
        assertThat(RembScheduler.DEFAULT_RESEND_INTERVAL_US).isEqualTo(1_000_000);
        assertThat(scheduler.resendIntervalUs()).isEqualTo(RembScheduler.DEFAULT_RESEND_INTERVAL_US);
    }
}
