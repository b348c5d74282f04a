package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.AbsSendTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VideoSenderTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private final List<SimPacket> sent = new ArrayList<>();

    private VideoSender sender(final SenderConfig config, final StreamConfig... streams) {
        final VideoSender sender = new VideoSender(config, List.of(streams), new SplittableRandom(3), sent::add);
        sender.start(loop);
        return sender;
    }

    private static SenderConfig fixed(final long bps) {
        return SenderConfig.builder().startBitrateBps(bps).feedbackEnabled(false).build();
    }

    @Test
    void framesAreCutIntoEqualPacketsAndPacedAtTwoAndAHalfTimesTheTarget() {
        // 1.2 Mbps at 30 fps: 5000-byte frames, five 1000-byte packets, paced at 3 Mbps.
        sender(fixed(1_200_000), StreamConfig.video(0x77));

        loop.runUntil(999 * MS);

        assertThat(sent).hasSize(30 * 5);
        assertThat(sent).allMatch(p -> p.payloadSizeBytes() == 1000 && p.ssrc() == 0x77);
        final long spacingNs = SimTime.transmissionNs(SimPacket.wireSizeForPayload(1000), 3_000_000);
        for (int frame = 0; frame < 30; frame++) {
            final List<SimPacket> packets = sent.subList(frame * 5, frame * 5 + 5);
            final long captureNs = Math.round(frame * 1e9 / 30);
            assertThat(packets.get(0).sendTimeNs()).as("frame %d leaves at capture", frame).isEqualTo(captureNs);
            for (int i = 1; i < 5; i++) {
                assertThat(packets.get(i).sendTimeNs() - packets.get(i - 1).sendTimeNs()).isEqualTo(spacingNs);
                assertThat(packets.get(i).rtpTimestamp()).isEqualTo(packets.get(0).rtpTimestamp());
            }
            assertThat(packets.stream().map(SimPacket::marker).collect(Collectors.toList()))
                .containsExactly(false, false, false, false, true);
        }
        // 90 kHz: frames 3000 ticks apart.
        assertThat(sent.get(5).rtpTimestamp() - sent.get(0).rtpTimestamp()).isEqualTo(3000);
    }

    @Test
    void sequenceNumbersAreConsecutiveAndAbsSendTimeIsTheSendTime() {
        sender(fixed(2_000_000), StreamConfig.video(1));

        loop.runUntil(2_000 * MS);

        for (int i = 1; i < sent.size(); i++) {
            final SimPacket previous = sent.get(i - 1);
            final SimPacket packet = sent.get(i);
            assertThat(packet.sequenceNumber()).isEqualTo((previous.sequenceNumber() + 1) & 0xFFFF);
            // Same clock offset for both: the 24-bit difference is the send-time difference (6.18 fixed point).
            final long deltaUs = packet.sendTimeNs() / 1000 - previous.sendTimeNs() / 1000;
            final int deltaTicks = (packet.absSendTime24() - previous.absSendTime24()) & AbsSendTime.MASK_24;
            assertThat(Math.abs(deltaTicks - (deltaUs << 18) / 1_000_000.0)).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void targetFollowsRembWithinTheConfiguredRange() {
        final VideoSender sender = sender(SenderConfig.builder().minBitrateBps(100_000).maxBitrateBps(2_000_000)
            .build(), StreamConfig.video(1));
        assertThat(sender.targetBps()).isEqualTo(300_000);

        sender.onRemb(0, 1_234_567);
        assertThat(sender.targetBps()).isEqualTo(1_234_567);
        sender.onRemb(0, 10_000_000);
        assertThat(sender.targetBps()).isEqualTo(2_000_000);
        sender.onRemb(0, 5_000);
        assertThat(sender.targetBps()).isEqualTo(100_000);
    }

    @Test
    void withoutFeedbackRembIsIgnored() {
        final VideoSender sender = sender(fixed(700_000), StreamConfig.video(1));

        sender.onRemb(0, 2_000_000);

        assertThat(sender.targetBps()).isEqualTo(700_000);
    }

    @Test
    void audioComesOffTheTopAndVideoSplitsByWeight() {
        final VideoSender sender = sender(fixed(1_000_000), StreamConfig.audio(1), StreamConfig.video(2).withWeight(2),
            StreamConfig.video(3));

        // 1 Mbps - 40 kbps of audio = 960 kbps of video, 2:1.
        assertThat(sender.videoStreamBps(1, 0)).isEqualTo(640_000);
        assertThat(sender.videoStreamBps(2, 0)).isEqualTo(320_000);
        loop.runUntil(1_000 * MS - 1);
        assertThat(sent.stream().filter(p -> p.ssrc() == 1).count()).as("50 audio packets per second").isEqualTo(50);
        assertThat(sent.stream().filter(p -> p.ssrc() == 1)).allMatch(p -> p.payloadSizeBytes() == 100);
        assertThat(bytes(2)).isCloseTo(80_000, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(bytes(3)).isCloseTo(40_000, org.assertj.core.data.Percentage.withPercentage(0.1));
    }

    @Test
    void aStreamThatGoesSilentStopsAndLeavesItsShareToTheOthers() {
        final VideoSender sender = sender(fixed(1_000_000), StreamConfig.video(2),
            StreamConfig.video(3).activeBetweenMs(0, 500));

        loop.runUntil(2_000 * MS);

        assertThat(sent.stream().filter(p -> p.ssrc() == 3)).allMatch(p -> p.sendTimeNs() < 520 * MS);
        assertThat(sender.videoStreamBps(0, 400 * MS)).isEqualTo(500_000);
        assertThat(sender.videoStreamBps(0, 600 * MS)).isEqualTo(1_000_000);
    }

    @Test
    void aLateStreamStartsAtItsStartTimeAndKeepsItsFrameRate() {
        sender(fixed(270_000), StreamConfig.video(5).activeBetweenMs(250, Long.MAX_VALUE));

        loop.runUntil(1_000 * MS);

        final List<Long> frameStartsNs = sent.stream().filter(p -> p.marker()).map(SimPacket::sendTimeNs)
            .collect(Collectors.toList());
        assertThat(sent.get(0).sendTimeNs()).isEqualTo(250 * MS);
        // 270 kbps at 30 fps: one 1125-byte packet per frame, which carries the marker.
        assertThat(frameStartsNs).hasSize(23).startsWith(250 * MS, 250 * MS + 33_333_333, 250 * MS + 66_666_667);
    }

    @Test
    void refusesASenderWithoutStreams() {
        assertThatThrownBy(() -> new VideoSender(SenderConfig.DEFAULT, List.of(), new SplittableRandom(1), sent::add))
            .hasMessageContaining("at least one stream");
        assertThatThrownBy(() -> SenderConfig.builder().startBitrateBps(10_000).build())
            .hasMessageContaining("minBitrateBps <= startBitrateBps");
    }

    private long bytes(final int ssrc) {
        return sent.stream().filter(p -> p.ssrc() == ssrc).mapToLong(SimPacket::payloadSizeBytes).sum();
    }
}
