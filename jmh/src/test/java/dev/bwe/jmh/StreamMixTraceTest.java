package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import dev.bwe.estimator.AbsSendTime;
import org.junit.jupiter.api.Test;

class StreamMixTraceTest {
    private static final StreamMixTrace TRACE = StreamMixTrace.standard();

    @Test
    void holds640PacketsPerSecondForTheWholeLap() {
        // Video: 2 streams × 30 fps × 9 packets (10,416 B frames in 1200 B packets); audio: 2 × 50 pps.
        final long packetsPerSecond = 2 * 30 * 9 + 2 * 50;
        assertThat(TRACE.packetCount()).isEqualTo(packetsPerSecond * StreamMixTrace.DURATION_US / 1_000_000);
    }

    @Test
    void carriesEachStreamsRateAndPacketSizes() {
        final Map<Integer, Long> bytesBySsrc = new HashMap<>();
        int largest = 0;
        for (int i = 0; i < TRACE.packetCount(); i++) {
            bytesBySsrc.merge(TRACE.ssrc(i), (long) TRACE.payloadSizeBytes(i), Long::sum);
            largest = Math.max(largest, TRACE.payloadSizeBytes(i));
        }
        final long seconds = StreamMixTrace.DURATION_US / 1_000_000;
        assertThat(largest).isEqualTo(StreamMixTrace.VIDEO_MAX_PAYLOAD_BYTES);
        assertThat(bytesBySsrc).hasSize(4);
        // 2.5 Mbps is 10,416.67 bytes per frame: integer frames lose under 0.01 %.
        assertThat(bytesBySsrc.get(StreamMixTrace.VIDEO_A_SSRC) * 8 / seconds).isBetween(2_499_000L, 2_500_000L);
        assertThat(bytesBySsrc.get(StreamMixTrace.VIDEO_B_SSRC) * 8 / seconds).isBetween(2_499_000L, 2_500_000L);
        assertThat(bytesBySsrc.get(StreamMixTrace.AUDIO_A_SSRC) * 8 / seconds).isEqualTo(48_000L);
        assertThat(bytesBySsrc.get(StreamMixTrace.AUDIO_B_SSRC) * 8 / seconds).isEqualTo(48_000L);
    }

    @Test
    void arrivalTimesNeverGoBackwardsWithinALapNorAcrossTheSeam() {
        for (int i = 1; i < TRACE.packetCount(); i++) {
            assertThat(TRACE.arrivalTimeUs(i, 0)).isGreaterThanOrEqualTo(TRACE.arrivalTimeUs(i - 1, 0));
        }
        final long seamGapUs = TRACE.arrivalTimeUs(0, 1) - TRACE.arrivalTimeUs(TRACE.packetCount() - 1, 0);
        // The last packet (audio B, due 7 ms before the lap ends) and the first (video A at 0) are ~7 ms apart.
        assertThat(seamGapUs).isBetween(1L, 20_000L);
    }

    @Test
    void sendTimesAdvanceAcrossTheSeamAsWithinALap() {
        final int last = TRACE.packetCount() - 1;
        // 24-bit send times repeat every lap (128 s = 2 × 64 s), so the step over the seam is an ordinary one.
        final long stepUs = AbsSendTime.toMicros(AbsSendTime.add(TRACE.absSendTime24(0), -TRACE.absSendTime24(last)));
        assertThat(stepUs).isBetween(1L, 20_000L);
    }

    @Test
    void everyDipQueuesEnoughToSeeButDrainsBeforeTheNext() {
        final long sendClockStartUs = StreamMixTrace.SEND_CLOCK_START_US % AbsSendTime.WRAP_PERIOD_US;
        long minDelayUs = Long.MAX_VALUE;
        long maxDelayUs = 0;
        for (int i = 0; i < TRACE.packetCount(); i++) {
            final long sendUs = AbsSendTime.toMicros(TRACE.absSendTime24(i)) - sendClockStartUs;
            final long arrivalUs = TRACE.arrivalTimeUs(i, 0) - StreamMixTrace.RECEIVE_CLOCK_START_US;
            // Send times repeat every 64 s; a one-way delay is far shorter, so the remainder is the delay.
            final long delayUs = Math.floorMod(arrivalUs - sendUs, AbsSendTime.WRAP_PERIOD_US);
            minDelayUs = Math.min(minDelayUs, delayUs);
            maxDelayUs = Math.max(maxDelayUs, delayUs);
        }
        assertThat(minDelayUs).isBetween(StreamMixTrace.PROPAGATION_DELAY_US,
            StreamMixTrace.PROPAGATION_DELAY_US + 2_000);
        // 5.36 Mbps on the wire into 4 Mbps for 0.5 s queues 0.68 Mbit, served partly at 4 and partly at 8 Mbps.
        assertThat(maxDelayUs - minDelayUs).isBetween(100_000L, 200_000L);
    }
}
