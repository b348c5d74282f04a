package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.bwe.estimator.remb.RembEncoder;
import dev.bwe.estimator.remb.RembScheduler;
import java.lang.management.ManagementFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After warm-up, 200,000 packets over several SSRCs, with estimate updates, over-use and REMB
 * scheduling and encoding, allocate 0 bytes on the calling thread.
 */
class EstimatorZeroAllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final UnsafeBuffer rembBuffer = new UnsafeBuffer(new byte[RembEncoder.encodedLength(255)]);
    private final RembEncoder encoder = new RembEncoder().wrap(rembBuffer, 0);
    private long rembBytes;
    private long updates;
    private final RembScheduler scheduler = new RembScheduler(
        (nowUs, bitrateBps, ssrcs) -> rembBytes += encoder.encode(0x5EED, bitrateBps, ssrcs));
    private long timeUs = 10_000_000;
    private long sendTimeUs = 10_000_000;
    private int packetIndex;
    private boolean withSequenceNumbers;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DelayFilterKind.class)
    void twoHundredThousandPacketsAllocateNothing(final DelayFilterKind filter) {
        assertSteadyStateAllocatesNothing(EstimatorConfig.builder().delayFilter(filter).build());
    }

    /**
     * The adaptive profile on the same load, with sequence numbers (every 50th packet of a stream missing, so
     * loss counting runs) and long enough congestion for its standing-queue and competing-flow paths.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DelayFilterKind.class)
    void adaptiveProfileAllocatesNothing(final DelayFilterKind filter) {
        withSequenceNumbers = true;
        assertSteadyStateAllocatesNothing(EstimatorConfig.builder().delayFilter(filter)
            .profile(EstimatorProfile.ADAPTIVE).build());
    }

    private void assertSteadyStateAllocatesNothing(final EstimatorConfig config) {
        final RemoteBitrateEstimator estimator = new RemoteBitrateEstimator(config, (t, bps, ssrcs) -> {
                updates++;
                scheduler.onEstimate(t, bps, ssrcs);
            });
        final long self = Thread.currentThread().getId();
        // Warm-up: start-up state (the probe list) and the JIT's first compilations allocate a little, once.
        // Steady state: three rounds in a row allocate nothing. Nothing may run between the warm-up and the
        // measurement: loading classes (an assertion library does) can deoptimise the compiled code.
        int warmUpRounds = 0;
        int zeroRounds = 0;
        while (zeroRounds < 3 && warmUpRounds < 40) {
            final long start = THREADS.getThreadAllocatedBytes(self);
            feed(estimator, 100_000);
            zeroRounds = THREADS.getThreadAllocatedBytes(self) == start ? zeroRounds + 1 : 0;
            warmUpRounds++;
        }
        final long updatesBefore = updates;
        final long rembBytesBefore = rembBytes;
        // Three measured rounds. At least one must allocate exactly nothing; the others may show the JVM's own
        // one-off bookkeeping (a rarely taken branch reached for the first time after a deoptimisation resolves
        // its constant-pool entries, a few hundred bytes once), never garbage per packet: 200,000 packets
        // allocating even one 16-byte object each would be 3.2 MB.
        final long[] allocated = new long[3];
        final long gcBefore = gcCount();
        for (int round = 0; round < allocated.length; round++) {
            final long before = THREADS.getThreadAllocatedBytes(self);
            feed(estimator, 200_000);
            allocated[round] = THREADS.getThreadAllocatedBytes(self) - before;
        }
        final long gcs = gcCount() - gcBefore;
        assertThat(zeroRounds).as("steady state within 40 warm-up rounds of 100,000 packets").isEqualTo(3);
        final String rounds = java.util.Arrays.toString(allocated);
        assertThat(allocated).as("bytes allocated by each round of 200,000 packets %s (%d GCs meanwhile)", rounds, gcs)
            .contains(0L);
        assertThat(java.util.Arrays.stream(allocated).max().getAsLong())
            .as("no garbage per packet in any round %s", rounds).isLessThan(2048);
        assertThat(updates - updatesBefore).as("updates happened while measured").isGreaterThan(300);
        assertThat(rembBytes - rembBytesBefore).as("REMBs were encoded while measured").isGreaterThan(300);
    }

    /** Collections so far: reported with a failure, to tell JVM bookkeeping around a GC from our own garbage. */
    static long gcCount() {
        long n = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += gc.getCollectionCount();
        }
        return n;
    }

    /**
     * Four SSRCs at 2.5 Mbps in all; every 3 s the link is congested for 1 s (arrival spacing grows)
     * so the detector over-uses and the estimate drops, and every 20 s one SSRC pauses long enough to
     * time out.
     */
    private void feed(final RemoteBitrateEstimator estimator, final int packets) {
        for (int i = 0; i < packets; i++, packetIndex++) {
            final int ssrc = 0x1000 + (packetIndex & 3);
            final boolean paused = ssrc == 0x1003 && (timeUs / 1_000_000) % 20 < 3;
            sendTimeUs += 4_000;
            final boolean congested = (timeUs / 1_000_000) % 3 == 0;
            timeUs += congested ? 4_600 : 4_000;
            if (withSequenceNumbers) {
                final int sequence = (packetIndex >> 2) & 0xFFFF;
                if (!paused && sequence % 50 != 7) {
                    estimator.incomingRtpPacket(timeUs, ssrc, sequence, AbsSendTime.fromMicros(sendTimeUs), 1200);
                }
            } else if (!paused) {
                estimator.incomingPacket(timeUs, ssrc, AbsSendTime.fromMicros(sendTimeUs), 1200);
            }
            if ((packetIndex & 1) == 0) {
                estimator.timeoutStreams(timeUs);
                scheduler.onTick(timeUs, estimator.ssrcs());
            }
        }
    }
}
