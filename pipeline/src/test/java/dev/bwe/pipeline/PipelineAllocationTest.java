package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Zero allocation on the packet path in steady state: on the publishing thread and on every stage
 * thread, measured with {@link ThreadMXBean#getThreadAllocatedBytes(long)}, with estimator updates,
 * REMBs (encoded and handed to a sink) and stream timeouts on ticks included.
 */
class PipelineAllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final byte[] packet = new byte[1500];
    private final UnsafeBuffer buffer = new UnsafeBuffer(packet);
    private long timeNs = 1_000_000_000L;
    private int seq;
    private long rembs;

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingMode.class)
    void packetPathAllocatesNothingInSteadyState(final ThreadingMode mode) {
        final RembSink sink = remb -> rembs += remb.bitrateBps() > 0 ? 1 : 0;
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).threadingMode(mode)
            .ringSize(1 << 12).rembSink(sink).build()) {
            for (long s = 1; s <= 4; s++) {
                p.openSession(s, ExtensionIds.of(RtpPacketBuilder.AST_ID, 0));
            }
            // Warm-up: the JIT settles (its first compilations allocate a few hundred bytes once).
            for (int round = 0; round < 6; round++) {
                run(p, 100_000);
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(30))).isTrue();
            final List<Thread> stageThreads = p.threads();
            final long[] before = new long[stageThreads.size()];
            for (int i = 0; i < before.length; i++) {
                before[i] = THREADS.getThreadAllocatedBytes(stageThreads.get(i).getId());
            }
            final long self = Thread.currentThread().getId();
            final long publisherBefore = THREADS.getThreadAllocatedBytes(self);
            run(p, 200_000);
            final long publisherBytes = THREADS.getThreadAllocatedBytes(self) - publisherBefore;
            assertThat(p.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(publisherBytes).as("publishing thread").isZero();
            for (int i = 0; i < before.length; i++) {
                final long bytes = THREADS.getThreadAllocatedBytes(stageThreads.get(i).getId()) - before[i];
                assertThat(bytes).as(stageThreads.get(i).getName()).isZero();
            }
            assertThat(p.counters().rembsSent().get()).isPositive();
            assertThat(p.counters().packetsDropped().get()).isZero();
        }
    }

    /** 4 sessions × 2 SSRCs at 100 pps each, a tick every 5 ms, waiting (without allocating) when the ring fills. */
    private void run(final BwePipeline p, final int packets) {
        for (int i = 0; i < packets; i++) {
            final long session = 1 + (i & 3);
            final int ssrc = (int) session * 10 + ((i >> 2) & 1);
            final int length = RtpPacketBuilder.write(packet, ssrc, seq++, 0, AbsSendTime.fromMicros(timeNs / 1000),
                1100);
            while (p.remainingCapacity() < p.ringSize() / 2) {
                Thread.onSpinWait();
            }
            p.publishPacket(session, buffer, 0, length, timeNs);
            timeNs += 1_250_000L;
            if ((i & 3) == 3) {
                p.tick(timeNs);
            }
        }
    }
}
