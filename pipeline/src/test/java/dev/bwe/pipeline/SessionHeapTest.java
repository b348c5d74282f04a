package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Heap per session, every stage included, for sessions of 4 streams receiving 300 packets/s in all
 * (75 each, at distinct times, so the rate window holds about 300 one-ms buckets): at most 6 KB.
 */
class SessionHeapTest {
    private static final int SESSIONS = 2_000;
    private static final long MAX_BYTES_PER_SESSION = 6 * 1024;

    @Test
    void aSessionOfFourStreamsAt300PacketsPerSecondTakesAtMost6Kb() {
        final ExtensionIds ids = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).maxSessions(SESSIONS)
            .estimatorConfig(EstimatorConfig.builder().startBitrateBps(1_000_000).build()).build()) {
            final long before = usedHeapAfterGc();
            for (int s = 1; s <= SESSIONS; s++) {
                pipeline.openSession(s, ids);
            }
            final int[] seq = new int[SESSIONS + 1];
            // 3 s: every 1 ms, each session's 300 packets/s are spread over the stream slots of that ms.
            final long startNs = 1_000_000_000L;
            for (int ms = 0; ms < 3_000; ms++) {
                final long nowNs = startNs + ms * 1_000_000L;
                for (int s = 1; s <= SESSIONS; s++) {
                    // 3 packets per 10 ms per session: 300/s, at ms offsets that differ per session and stream.
                    final int phase = (ms + s) % 10;
                    if (phase > 2) {
                        continue;
                    }
                    final int stream = (ms / 10 + phase) & 3;
                    final int length = RtpPacketBuilder.write(packet, s * 4 + stream, seq[s]++, 0,
                        AbsSendTime.fromMicros(nowNs / 1000 - 10_000), 1000);
                    while (!pipeline.publishPacket(s, buffer, 0, length, nowNs)) {
                        assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
                    }
                }
                if (ms % 5 == 0) {
                    pipeline.tick(nowNs);
                }
            }
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(pipeline.counters().streams().get()).isEqualTo(4L * SESSIONS);
            assertThat(pipeline.counters().rembsSent().get()).isGreaterThan(SESSIONS);
            final double perSession = (usedHeapAfterGc() - before) / (double) SESSIONS;
            System.out.printf("heap per session, 4 streams at 300 packets/s: %.0f B%n", perSession);
            assertThat(perSession).isLessThanOrEqualTo(MAX_BYTES_PER_SESSION);
            assertThat(perSession).as("the measurement sees the sessions at all").isGreaterThan(500);
        }
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
