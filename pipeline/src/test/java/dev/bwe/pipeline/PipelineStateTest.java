package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Streams and sessions come and go: every stage lets go of what it held, and hostile input stays bounded. */
class PipelineStateTest {
    private static final ExtensionIds IDS = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);
    private final byte[] packet = new byte[1500];
    private final UnsafeBuffer buffer = new UnsafeBuffer(packet);

    private BwePipeline manual(final RembSink sink) {
        return BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 14).rembSink(sink).build();
    }

    private void send(final BwePipeline p, final long session, final int ssrc, final long timeNs) {
        final int length = RtpPacketBuilder.write(packet, ssrc, 0, 0, AbsSendTime.fromMicros(timeNs / 1000), 1000);
        p.publishPacket(session, buffer, 0, length, timeNs);
    }

    @Test
    void evictsStreamIdleForTwoSecondsAndForgetsItEverywhere() {
        final RecordingSink sink = new RecordingSink();
        try (BwePipeline p = manual(sink)) {
            p.openSession(7, IDS);
            long t = 1_000_000_000L;
            // Two streams for 6 s (the estimate becomes valid), then stream 2 goes silent.
            for (int i = 0; i < 600; i++, t += 10_000_000L) {
                send(p, 7, 1, t);
                send(p, 7, 2, t + 1_000_000L);
                if (i % 2 == 0) {
                    p.tick(t + 2_000_000L);
                }
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(p.timerStage().streamCount()).isEqualTo(2);
            assertThat(p.estimateStage().streamCount()).isEqualTo(2);
            final long silentSinceNs = t;
            for (int i = 0; i < 300; i++, t += 10_000_000L) {
                send(p, 7, 1, t);
                p.tick(t + 2_000_000L);
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(p.timerStage().streamCount()).isEqualTo(1);
            assertThat(p.estimateStage().streamCount()).isEqualTo(1);
            assertThat(p.counters().streams().get()).isEqualTo(1);
            assertThat(p.counters().evictions().get()).isEqualTo(1);
            final var last = sink.rembs().get(sink.rembs().size() - 1);
            assertThat(last.ssrcs()).containsExactly(1);
            assertThat(sink.rembs().stream().filter(r -> r.timeUs() * 1000 > silentSinceNs + 2_100_000_000L))
                .isNotEmpty().allMatch(r -> r.ssrcs().equals(java.util.List.of(1)));
        }
    }

    @Test
    void latestEstimateIsTheLastUpdateAndZeroWhenNotOpen() {
        final RecordingSink sink = new RecordingSink();
        final long[] lastUpdateBps = new long[1];
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 14).rembSink(sink)
            .estimateObserver((timeNs, session, bitrateBps, ssrcs) -> lastUpdateBps[0] = bitrateBps).build()) {
            assertThat(p.latestEstimateBps(7)).isZero();
            p.openSession(7, IDS);
            long t = 1_000_000_000L;
            for (int i = 0; i < 300; i++, t += 10_000_000L) {
                send(p, 7, 1, t);
                p.tick(t + 2_000_000L);
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(lastUpdateBps[0]).isPositive();
            assertThat(p.latestEstimateBps(7)).isEqualTo(lastUpdateBps[0]);
            assertThat(p.latestEstimateBps(8)).isZero();
            p.closeSession(7);
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(p.latestEstimateBps(7)).isZero();
        }
    }

    @Test
    void sessionClosedWithPacketsInFlightLeavesNothingBehind() {
        try (BwePipeline p = manual(RembSink.NONE)) {
            p.openSession(1, IDS);
            p.openSession(2, IDS);
            long t = 1_000_000_000L;
            for (int i = 0; i < 2000; i++, t += 1_000_000L) {
                send(p, 1, 11, t);
                send(p, 2, 21, t);
                if (i == 1000) {
                    p.closeSession(1);
                }
            }
            p.closeSession(2);
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(p.parseStage().sessionCount()).isZero();
            assertThat(p.estimateStage().sessionCount()).isZero();
            assertThat(p.timerStage().sessionCount()).isZero();
            assertThat(p.timerStage().streamCount()).isZero();
            assertThat(p.counters().sessions().get()).isZero();
            assertThat(p.counters().streams().get()).isZero();
            // Packets for session 1 after its close are rejected as unknown, and counted.
            assertThat(p.counters().rejected(dev.bwe.pipeline.rtp.ParseStatus.UNKNOWN_SESSION.code()).get())
                .isEqualTo(999);
        }
    }

    @Test
    void churnOf100000SessionsReturnsToZeroWithBoundedHeap() {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 12)
            .maxSessions(1000).build()) {
            long t = 1_000_000_000L;
            final long baselineBytes = usedHeapAfterGc(memory);
            for (long session = 0; session < 100_000; session++) {
                p.openSession(session, IDS);
                for (int k = 0; k < 3; k++, t += 1_000_000L) {
                    send(p, session, (int) session * 3 + k, t);
                }
                if (session % 2 == 0) {
                    p.closeSession(session);
                } else {
                    // Left idle: the stream times out, then the session is closed a little later.
                    p.tick(t + 2_100_000_000L);
                    p.closeSession(session);
                }
                // Keep the producer from lapping the consumers too far in a tight loop.
                if (session % 500 == 0) {
                    assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
                }
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(p.parseStage().sessionCount()).isZero();
            assertThat(p.estimateStage().sessionCount()).isZero();
            assertThat(p.timerStage().sessionCount()).isZero();
            assertThat(p.counters().sessions().get()).isZero();
            assertThat(p.counters().streams().get()).isZero();
            assertThat(p.counters().sessionsOpened().get()).isEqualTo(100_000);
            assertThat(p.counters().sessionsClosed().get()).isEqualTo(100_000);
            final long retainedBytes = usedHeapAfterGc(memory) - baselineBytes;
            assertThat(retainedBytes).as("heap retained after 100,000 sessions").isLessThan(16L << 20);
        }
    }

    @Test
    void ssrcFloodTracksAtMostTheCapAndCountsTheRest() {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 14)
            .maxStreamsPerSession(64).build()) {
            p.openSession(1, IDS);
            final long baselineBytes = usedHeapAfterGc(memory);
            final SplittableRandom random = new SplittableRandom(0xF100D);
            long t = 1_000_000_000L;
            for (int i = 0; i < 1_000_000; i++, t += 10_000L) {
                send(p, 1, random.nextInt(), t);
                if ((i & 0x3FFF) == 0) {
                    assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
                }
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(p.timerStage().streamCount()).isLessThanOrEqualTo(64);
            assertThat(p.estimateStage().streamCount()).isLessThanOrEqualTo(64);
            final long refused = p.counters().refusedByEstimator(dev.bwe.estimator.PacketResult.REFUSED_STREAM_CAP)
                .get();
            assertThat(refused).isGreaterThan(900_000);
            assertThat(p.counters().packetsAccepted().get() + refused + p.counters().packetsDropped().get())
                .isEqualTo(1_000_000);
            assertThat(usedHeapAfterGc(memory) - baselineBytes).isLessThan(16L << 20);
        }
    }

    static long usedHeapAfterGc(final MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
