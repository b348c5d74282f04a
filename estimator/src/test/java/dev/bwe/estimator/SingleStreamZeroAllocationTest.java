package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After warm-up, 200,000 packets over several SSRCs (RTP timestamps only), with process steps, over-use,
 * streams timing out and coming back, allocate 0 bytes on the calling thread.
 */
class SingleStreamZeroAllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long updates;
    private long timeUs = 10_000_000;
    private long sendTimeUs = 10_000_000;
    private int packetIndex;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DelayFilterKind.class)
    void twoHundredThousandPacketsAllocateNothing(final DelayFilterKind filter) {
        final SingleStreamEstimator estimator = new SingleStreamEstimator(
            EstimatorConfig.builder().delayFilter(filter).build(), (t, bps, ssrcs) -> updates++);
        final long self = Thread.currentThread().getId();
        int warmUpRounds = 0;
        int zeroRounds = 0;
        while (zeroRounds < 3 && warmUpRounds < 40) {
            final long start = THREADS.getThreadAllocatedBytes(self);
            feed(estimator, 100_000);
            zeroRounds = THREADS.getThreadAllocatedBytes(self) == start ? zeroRounds + 1 : 0;
            warmUpRounds++;
        }
        final long updatesBefore = updates;
        final long[] allocated = new long[3];
        for (int round = 0; round < allocated.length; round++) {
            final long before = THREADS.getThreadAllocatedBytes(self);
            feed(estimator, 200_000);
            allocated[round] = THREADS.getThreadAllocatedBytes(self) - before;
        }
        assertThat(zeroRounds).as("steady state within 40 warm-up rounds of 100,000 packets").isEqualTo(3);
        final String rounds = java.util.Arrays.toString(allocated);
        assertThat(allocated).as("bytes allocated by each round of 200,000 packets %s", rounds).contains(0L);
        assertThat(java.util.Arrays.stream(allocated).max().getAsLong())
            .as("no garbage per packet in any round %s", rounds).isLessThan(2048);
        assertThat(updates - updatesBefore).as("updates happened while measured").isGreaterThan(300);
    }

    /**
     * Four SSRCs at 2.5 Mbps in all, each on its own RTP clock; every 3 s the link is congested for 1 s,
     * and every 20 s one SSRC pauses long enough to time out.
     */
    private void feed(final SingleStreamEstimator estimator, final int packets) {
        for (int i = 0; i < packets; i++, packetIndex++) {
            final int ssrc = 0x1000 + (packetIndex & 3);
            final boolean paused = ssrc == 0x1003 && (timeUs / 1_000_000) % 20 < 3;
            sendTimeUs += 4_000;
            final boolean congested = (timeUs / 1_000_000) % 3 == 0;
            timeUs += congested ? 4_600 : 4_000;
            if (!paused) {
                final int rtpTimestamp = (int) (sendTimeUs * 90 / 1000) + ssrc * 7919;
                estimator.incomingPacket(timeUs, ssrc, rtpTimestamp, 0, 1200);
            }
            if ((packetIndex & 1) == 0) {
                estimator.process(timeUs);
            }
        }
    }
}
