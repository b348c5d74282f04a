package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bwe's own behaviour around the libwebrtc core: SSRC order, stream cap, capture time, timeouts. */
class RemoteBitrateEstimatorTest {
    private final List<long[]> updates = new ArrayList<>();
    private final List<int[]> updateSsrcs = new ArrayList<>();

    private final EstimateListener recorder = (timeUs, bitrateBps, ssrcs) -> {
        updates.add(new long[] {timeUs, bitrateBps});
        final int[] copy = new int[ssrcs.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = ssrcs.get(i);
        }
        updateSsrcs.add(copy);
    };

    /** 50 pps of 1200 bytes per SSRC for {@code seconds}, round robin, starting at {@code startUs}. */
    private static long feed(final RemoteBitrateEstimator estimator, final int[] ssrcs, final long startUs,
                             final int seconds) {
        long nowUs = startUs;
        int ast = AbsSendTime.fromMicros(startUs);
        for (int i = 0; i < seconds * 50; i++) {
            for (final int ssrc : ssrcs) {
                estimator.incomingPacket(nowUs, ssrc, ast, 1200);
            }
            nowUs += 20_000;
            ast = AbsSendTime.fromMicros(nowUs);
        }
        return nowUs;
    }

    @Test
    void updatesListSsrcsInAscendingUnsignedOrder() {
        final RemoteBitrateEstimator estimator = new RemoteBitrateEstimator(EstimatorConfig.DEFAULT, recorder);
        feed(estimator, new int[] {0x80000001, 7, 0xFFFFFFFF, 3}, 1_000_000, 7);
        assertThat(updates).isNotEmpty();
        assertThat(updateSsrcs.get(updateSsrcs.size() - 1)).containsExactly(3, 7, 0x80000001, 0xFFFFFFFF);
    }

    @Test
    void streamCapRefusesNewSsrcsButKeepsTheLiveOnes() {
        final RemoteBitrateEstimator estimator = new RemoteBitrateEstimator(
            EstimatorConfig.builder().maxStreams(2).build(), recorder);
        assertThat(estimator.incomingPacket(0, 1, 0, 1000)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(estimator.incomingPacket(10, 2, 0, 1000)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(estimator.incomingPacket(20, 3, 0, 1000)).isEqualTo(PacketResult.REFUSED_STREAM_CAP);
        assertThat(estimator.incomingPacket(30, 1, 0, 1000)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(estimator.ssrcs().size()).isEqualTo(2);
        // Once the others time out, a new SSRC gets in.
        assertThat(estimator.incomingPacket(3_000_000, 3, 0, 1000)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(estimator.ssrcs().size()).isEqualTo(1);
        assertThat(estimator.ssrcs().get(0)).isEqualTo(3);
    }

    @Test
    void timeoutStepReleasesSilentStreamsAndTheEstimateReadsZero() {
        final RemoteBitrateEstimator estimator = new RemoteBitrateEstimator(EstimatorConfig.DEFAULT, recorder);
        final long endUs = feed(estimator, new int[] {1, 2}, 0, 7);
        assertThat(estimator.latestEstimateBps()).isPositive();
        assertThat(estimator.timeoutStreams(endUs + 1_000_000)).isZero();
        assertThat(estimator.timeoutStreams(endUs - 20_000 + 2_000_001)).isEqualTo(2);
        assertThat(estimator.ssrcs().size()).isZero();
        assertThat(estimator.latestEstimateBps()).isZero();
    }

    @Test
    void captureTimeDrivesASessionWithoutAbsSendTime() {
        final RemoteBitrateEstimator withCapture = new RemoteBitrateEstimator(EstimatorConfig.DEFAULT, recorder);
        final List<Long> viaSendTime = new ArrayList<>();
        final RemoteBitrateEstimator withSendTime = new RemoteBitrateEstimator(EstimatorConfig.DEFAULT,
            (t, bps, s) -> viaSendTime.add(bps));
        long nowUs = 5_000_000;
        for (int i = 0; i < 400; i++) {
            // Capture times on a 20 ms grid are exact in both domains, so both estimators see the same input.
            final long captureUs = 3_900_000_000_000_000L + i * 20_000L;
            final long ntp = AbsCaptureTime.fromMicros(captureUs);
            assertThat(withCapture.incomingPacketWithCaptureTime(nowUs, 9, ntp, 1000)).isEqualTo(PacketResult.ACCEPTED);
            withSendTime.incomingPacket(nowUs, 9, AbsCaptureTime.toAbsSendTime24(ntp), 1000);
            nowUs += 20_000;
        }
        assertThat(updates).isNotEmpty();
        assertThat(updates.stream().map(u -> u[1]).toList()).isEqualTo(viaSendTime);
    }

    @Test
    void captureTimeIsIgnoredWhileTheSessionHasAbsSendTime() {
        final RemoteBitrateEstimator estimator = new RemoteBitrateEstimator(EstimatorConfig.DEFAULT, recorder);
        assertThat(estimator.incomingPacket(0, 1, 0, 1000)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(estimator.incomingPacketWithCaptureTime(10_000, 2, AbsCaptureTime.fromMicros(10_000), 1000)).isEqualTo(PacketResult.IGNORED_SEND_TIME_CONFLICT);
        assertThat(estimator.ssrcs().size()).isEqualTo(1);
        // After the abs-send-time stream timed out, capture time is accepted again.
        assertThat(estimator.incomingPacketWithCaptureTime(2_100_000, 2, AbsCaptureTime.fromMicros(1), 1000)).isEqualTo(PacketResult.ACCEPTED);
    }

    @Test
    void liveStreamsKeepUnsignedOrderAndRemoveIdleInPlace() {
        final LiveStreams live = new LiveStreams(4);
        assertThat(live.put(0xF0000000, 0)).isTrue();
        assertThat(live.put(5, 100)).isTrue();
        assertThat(live.put(0x7FFFFFFF, 200)).isTrue();
        assertThat(live.put(1, 300)).isTrue();
        assertThat(live.put(2, 300)).as("full").isFalse();
        assertThat(new int[] {live.get(0), live.get(1), live.get(2), live.get(3)})
            .containsExactly(1, 5, 0x7FFFFFFF, 0xF0000000);
        assertThat(live.removeIdle(2_000_101, 2_000_000)).isEqualTo(2);
        assertThat(new int[] {live.get(0), live.get(1)}).containsExactly(1, 0x7FFFFFFF);
        assertThat(live.lastSeenUs(0x7FFFFFFF)).isEqualTo(200);
        assertThat(live.remove(1)).isTrue();
        assertThat(live.remove(1)).isFalse();
        assertThat(live.size()).isEqualTo(1);
    }
}
