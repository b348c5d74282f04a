package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembTestSupport.ArraySsrcSet;
import java.lang.management.ManagementFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The hot path of a relay: encode a REMB, decode it back out of an RR+REMB compound packet, feed the
 * estimate to the scheduler, whose sender encodes the REMB that goes out, and tick the re-send. After
 * warm-up, none of it may allocate on the calling thread.
 */
class RembZeroAllocationTest {
    private static final int CALLS = 200_000;
    private static final String RECEIVER_REPORT = "81 c9 00 07 11 11 11 11"
        + " 22 22 22 22 00 00 00 00 00 00 12 34 00 00 00 10 00 00 00 00 00 00 00 00";

    /** Everything preallocated; {@link #run} only touches primitives and these objects. */
    private static final class Workload implements RembSender {
        private final int[] ssrcArray = {0x11, 0x22, 0x33, 0x80000000, 0xFFFFFFFF};
        private final SsrcSet ssrcs = new ArraySsrcSet(ssrcArray);
        private final UnsafeBuffer compound = new UnsafeBuffer(new byte[32 + RembEncoder.encodedLength(255)]);
        private final UnsafeBuffer outgoing = new UnsafeBuffer(new byte[RembEncoder.encodedLength(255)]);
        private final RembEncoder encoder = new RembEncoder();
        private final RembEncoder outgoingEncoder = new RembEncoder().wrap(outgoing, 0);
        private final RembDecoder decoder = new RembDecoder();
        private final RembScheduler scheduler = new RembScheduler(this);
        private long nowUs;
        private long rembsSent;
        private long bytesSent;
        private long mismatches;

        Workload() {
            compound.putBytes(0, hex(RECEIVER_REPORT));
            encoder.wrap(compound, 32);
        }

        @Override
        public void sendRemb(final long nowUs, final long bitrateBps, final SsrcSet ssrcs) {
            rembsSent++;
            bytesSent += outgoingEncoder.encode(0x5E4D, bitrateBps, ssrcs);
        }

        void run(final int calls) {
            for (int i = 0; i < calls; i++) {
                nowUs += 20_000;
                final long bitrateBps = 300_000 + (i * 7919L) % 5_000_000;
                final int count = 1 + (i & 3);
                final int rembBytes = (i & 1) == 0
                    ? encoder.encode(0x5E4D, bitrateBps, ssrcs)
                    : encoder.encode(0x5E4D, bitrateBps, ssrcArray, count);
                if (!decoder.wrapCompound(compound, 0, 32 + rembBytes)
                    || bitrateBps - decoder.bitrateBps() >= 1L << 8
                    || decoder.ssrc(decoder.ssrcCount() - 1) != ssrcArray[decoder.ssrcCount() - 1]) {
                    mismatches++;
                }
                scheduler.onEstimate(nowUs, bitrateBps, decoder);
                scheduler.onTick(nowUs + 10_000, decoder);
                if (i % 1000 == 0) {
                    scheduler.setMaxDesiredBitrate(nowUs, (i & 1024) == 0 ? 2_000_000 : RembScheduler.NO_CAP_BPS);
                }
            }
        }
    }

    @Test
    void encodeDecodeAndScheduleAllocateNothingAfterWarmUp() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("JVM measures per-thread allocation").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        final long threadId = Thread.currentThread().getId();
        final Workload workload = new Workload();

        workload.run(CALLS);
        workload.run(CALLS);
        final long sentDuringWarmUp = workload.rembsSent;

        // The probe itself, read twice back to back, must cost nothing, or it would hide or fake garbage.
        final long probeA = threads.getThreadAllocatedBytes(threadId);
        final long probeB = threads.getThreadAllocatedBytes(threadId);
        final long probeOverheadBytes = probeB - probeA;

        final long beforeBytes = threads.getThreadAllocatedBytes(threadId);
        workload.run(CALLS);
        final long afterBytes = threads.getThreadAllocatedBytes(threadId);
        final long allocatedBytes = afterBytes - beforeBytes - probeOverheadBytes;

        System.out.printf("REMB hot path: %d calls allocated %d bytes (probe overhead %d bytes), %d REMBs sent%n",
            CALLS, allocatedBytes, probeOverheadBytes, workload.rembsSent - sentDuringWarmUp);
        assertThat(probeOverheadBytes).isZero();
        assertThat(allocatedBytes).as("bytes allocated by %d encode + decode + schedule calls", CALLS).isZero();
        assertThat(workload.mismatches).isZero();
        assertThat(workload.rembsSent - sentDuringWarmUp).as("REMBs sent while measured").isPositive();
        assertThat(workload.bytesSent).isPositive();
    }
}
