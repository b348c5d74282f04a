package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libwebrtc's estimator switch rule ({@code PickEstimator}, reference §1.7) and bwe's per-negotiation choice. */
class ReceiveSideEstimatorTest {
    private static final int SSRC = 0x1234;
    private static final long FRAME_US = 20_000;

    private final List<String> switches = new ArrayList<>();
    private long lastEstimateBps;
    private long timeUs = 50_000_000;
    private long sendUs = 7_000_000;

    private ReceiveSideEstimator estimator(final boolean ast, final boolean act) {
        return new ReceiveSideEstimator(EstimatorConfig.DEFAULT, ast, act, (t, bps, ssrcs) -> lastEstimateBps = bps,
            (t, ssrc, from, to) -> switches.add(t + " " + Integer.toHexString(ssrc) + " " + from.label()
                + " -> " + to.label()));
    }

    /** One 1000-byte packet every 20 ms (400 kbps), with or without abs-send-time. */
    private int packet(final ReceiveSideEstimator e, final boolean withAbsSendTime) {
        timeUs += FRAME_US;
        sendUs += FRAME_US;
        final int rtpTimestamp = (int) (sendUs * 90 / 1000);
        return e.incomingPacket(timeUs, SSRC, withAbsSendTime, AbsSendTime.fromMicros(sendUs), false, 0,
            rtpTimestamp, 0, 1000);
    }

    @Test
    void switchesToSingleStreamAfter30PacketsWithoutAbsSendTimeAndBackAtTheFirstOne() {
        final ReceiveSideEstimator e = estimator(true, false);
        assertThat(e.kind()).isEqualTo(EstimatorKind.ABS_SEND_TIME);
        for (int i = 0; i < 400; i++) {
            assertThat(packet(e, true)).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(e.latestEstimateBps()).isPositive();
        // One stray packet without abs-send-time resets nothing: the count restarts at the next one with it.
        assertThat(packet(e, false)).isEqualTo(PacketResult.IGNORED_NO_SEND_TIME);
        packet(e, true);
        for (int i = 0; i < ReceiveSideEstimator.TIME_OFFSET_SWITCH_THRESHOLD - 1; i++) {
            assertThat(packet(e, false)).isEqualTo(PacketResult.IGNORED_NO_SEND_TIME);
            assertThat(e.kind()).isEqualTo(EstimatorKind.ABS_SEND_TIME);
        }
        assertThat(switches).isEmpty();
        final long switchTimeUs = timeUs + FRAME_US;
        assertThat(packet(e, false)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(e.kind()).isEqualTo(EstimatorKind.SINGLE_STREAM);
        assertThat(switches).containsExactly(switchTimeUs + " 1234 abs-send-time -> single-stream");
        // A fresh estimator: no estimate until it has measured for itself (5 s of throughput).
        assertThat(e.latestEstimateBps()).isZero();
        for (int i = 0; i < 200; i++) {
            packet(e, false);
        }
        assertThat(e.latestEstimateBps()).isZero();
        for (int i = 0; i < 200; i++) {
            packet(e, false);
        }
        assertThat(e.latestEstimateBps()).isBetween(300_000L, 600_000L);
        assertThat(lastEstimateBps).isEqualTo(e.latestEstimateBps());
        assertThat(e.ssrcs().size()).isEqualTo(1);

        final long backTimeUs = timeUs + FRAME_US;
        assertThat(packet(e, true)).isEqualTo(PacketResult.ACCEPTED);
        assertThat(e.kind()).isEqualTo(EstimatorKind.ABS_SEND_TIME);
        assertThat(switches).hasSize(2).last().isEqualTo(backTimeUs + " 1234 single-stream -> abs-send-time");
        assertThat(e.latestEstimateBps()).isZero();
    }

    @Test
    void bitrateBoundsSetAtRunTimeSurviveTheSwitch() {
        final ReceiveSideEstimator e = estimator(true, false);
        e.setBitrateBounds(10_000, 250_000);
        e.onRttUpdate(50_000);
        for (int i = 0; i < ReceiveSideEstimator.TIME_OFFSET_SWITCH_THRESHOLD; i++) {
            packet(e, false);
        }
        assertThat(e.kind()).isEqualTo(EstimatorKind.SINGLE_STREAM);
        for (int i = 0; i < 400; i++) {
            packet(e, false);
        }
        // 400 kbps arrive; without the bounds the estimate would be about that (see the test above).
        assertThat(e.latestEstimateBps()).isPositive().isLessThanOrEqualTo(250_000L);
    }

    @Test
    void captureTimeOnlySessionKeepsItsEstimatorAndIgnoresPacketsWithNoTime() {
        final ReceiveSideEstimator e = estimator(false, true);
        for (int i = 0; i < 100; i++) {
            assertThat(packet(e, false)).isEqualTo(PacketResult.IGNORED_NO_SEND_TIME);
        }
        assertThat(e.kind()).isEqualTo(EstimatorKind.ABS_SEND_TIME);
        assertThat(switches).isEmpty();
        assertThat(ReceiveSideEstimator.usesRtpTimestamps(false, true)).isFalse();
    }

    @Test
    void sessionWithoutSendTimeExtensionsRunsSingleStreamFromTheStart() {
        final ReceiveSideEstimator e = estimator(false, false);
        assertThat(e.kind()).isEqualTo(EstimatorKind.SINGLE_STREAM);
        for (int i = 0; i < 400; i++) {
            assertThat(packet(e, false)).isEqualTo(PacketResult.ACCEPTED);
        }
        assertThat(e.latestEstimateBps()).isBetween(300_000L, 600_000L);
        // Without abs-send-time negotiated nothing ever switches, even if a packet carried one.
        packet(e, true);
        assertThat(e.kind()).isEqualTo(EstimatorKind.SINGLE_STREAM);
        assertThat(switches).isEmpty();
        assertThat(ReceiveSideEstimator.usesRtpTimestamps(false, false)).isTrue();
    }

    @Test
    void silentStreamsAreDroppedOnTimeout() {
        final ReceiveSideEstimator e = estimator(false, false);
        packet(e, false);
        assertThat(e.ssrcs().size()).isEqualTo(1);
        assertThat(e.timeoutStreams(timeUs + 2_000_000)).isZero();
        assertThat(e.timeoutStreams(timeUs + 2_000_001)).isEqualTo(1);
        assertThat(e.ssrcs().size()).isZero();
    }
}
