package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RtpPacketBuilder;
import dev.bwe.pipeline.ShardedPipeline;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.RembRecord;
import dev.bwe.pipeline.replay.ReplayResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The journal's contract: replaying it runs the same computation, so the REMBs replay produces (time,
 * session, bitrate, SSRC list) are exactly the ones the live pipeline sent, in the same order, and
 * verify mode finds no difference.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalReplayTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingMode.class)
    void replayOfTheJournalSendsExactlyTheLiveRembs(final ThreadingMode mode) {
        final List<JournalScenario.Step> steps = JournalScenario.generate(10_000, 7);
        final CollectingListener live = new CollectingListener();
        final long evictions;
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).threadingMode(mode)
            .ringSize(1 << 12).rembSink(live).journal(testJournal(dir)).build()) {
            JournalScenario.drive(pipeline, steps);
            evictions = pipeline.counters().evictions().get();
            assertThat(pipeline.counters().journalFailures().get()).isZero();
            assertThat(pipeline.counters().packetsDropped().get()).isZero();
        }

        final CollectingListener replayed = new CollectingListener();
        final ReplayResult result = JournalReplay.of(dir).listener(replayed).verify(true).run();

        assertThat(result.corruptions()).isEmpty();
        assertThat(result.runs()).isEqualTo(1);
        assertThat(result.packets()).isEqualTo(steps.stream().filter(s -> s.kind() == JournalScenario.Kind.PACKET)
            .count());
        assertThat(result.sessionsOpened()).isEqualTo(3);
        assertThat(result.sessionsClosed()).isEqualTo(1);
        assertThat(replayed.rembs()).hasSizeGreaterThan(50).isEqualTo(live.rembs());
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        assertThat(result.rembsCompared()).isEqualTo(live.rembs().size());
        assertThat(result.estimateUpdates()).isPositive();

        // The run covers what it claims: an eviction, the closed session going quiet, and the wrap.
        final List<RembRecord> rembs = live.rembs();
        assertThat(evictions).isPositive();
        assertThat(rembs).anyMatch(r -> r.sessionId() == 1 && r.ssrcs().equals(List.of(1001))
            && r.timeNs() > JournalScenario.START_NS + 5_000_000_000L);
        assertThat(rembs).noneMatch(r -> r.sessionId() == JournalScenario.CLOSED_SESSION
            && r.timeNs() >= JournalScenario.CLOSE_AT_NS);
        assertThat(rembs).anyMatch(r -> r.sessionId() == JournalScenario.CLOSED_SESSION);
        for (final long session : new long[] {1, 2}) {
            assertThat(rembs).as("session %d estimates across the abs-send-time wrap", session)
                .anyMatch(r -> r.sessionId() == session && r.timeNs() > JournalScenario.WRAP_AT_NS + 2_000_000_000L
                    && r.ssrcs().size() == 2);
        }
        assertThat(rembs.stream().mapToLong(RembRecord::bitrateBps).min().getAsLong())
            .as("the bottleneck lowers the estimate").isLessThan(3_000_000L);
    }

    @Test
    void replayWithRealClockTicksSendsTheLiveRembs() {
        final CollectingListener live = new CollectingListener();
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        final long liveTicks;
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.AGENT)
            .tickInterval(Duration.ofMillis(5)).rembResendInterval(Duration.ofMillis(200))
            // A start estimate: loopback traffic never over-uses, and libwebrtc's rate control waits 5 s
            // for a first estimate otherwise.
            .estimatorConfig(EstimatorConfig.builder().startBitrateBps(800_000).build())
            .rembSink(live).journal(JournalConfig.builder(dir).blockSizeBytes(256 << 10).build()).build()) {
            // The live setting (Overflow.DROP) at a real rate: nothing falls behind, nothing is lost.
            pipeline.openSession(1, JournalScenario.IDS);
            pipeline.openSession(2, JournalScenario.IDS);
            final long startNs = System.nanoTime();
            int seq = 0;
            // 1.5 s of real time, a packet per session and stream every ~5 ms, paced by the wall clock.
            for (long nextNs = startNs; nextNs - startNs < 1_500_000_000L; nextNs += 5_000_000L) {
                while (System.nanoTime() - nextNs < 0) {
                    LockSupport.parkNanos(500_000L);
                }
                final int ast = AbsSendTime.fromMicros(System.nanoTime() / 1000);
                for (int session = 1; session <= 2; session++) {
                    for (int k = 1; k <= 2; k++) {
                        final int length = RtpPacketBuilder.write(packet, session * 100 + k, seq, 0, ast, 900);
                        pipeline.publishPacket(session, buffer, 0, length);
                    }
                }
                seq++;
            }
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.counters().journalFailures().get()).isZero();
            assertThat(pipeline.counters().journalGaps().get()).isZero();
            liveTicks = pipeline.counters().ticks().get();
        }
        final CollectingListener replayed = new CollectingListener();
        final ReplayResult result = JournalReplay.of(dir).listener(replayed).verify(true).run();
        assertThat(result.gaps()).isEmpty();
        assertThat(live.rembs()).as("REMBs at real tick times").hasSizeGreaterThan(4);
        assertThat(replayed.rembs()).isEqualTo(live.rembs());
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        // Ticks are published only when a stage has a deadline due, and replay sees exactly those.
        assertThat(result.ticks()).isEqualTo(liveTicks);
    }

    @Test
    void sessionAndTimeFiltersReplayExactlyTheirPart() {
        final List<JournalScenario.Step> steps = JournalScenario.generate(6_000, 11);
        final CollectingListener live = new CollectingListener();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(live)
            .journal(testJournal(dir)).build()) {
            JournalScenario.drive(pipeline, steps);
        }
        final long fromNs = JournalScenario.START_NS + 2_000_000_000L;
        final long toNs = JournalScenario.START_NS + 5_500_000_000L;
        final CollectingListener all = new CollectingListener();
        JournalReplay.of(dir).listener(all).run();
        final CollectingListener replayed = new CollectingListener();
        final ReplayResult result = JournalReplay.of(dir).session(2).timeRange(fromNs, toNs).listener(replayed)
            .verify(true).run();
        final List<RembRecord> expected = live.rembs().stream()
            .filter(r -> r.sessionId() == 2 && r.timeNs() >= fromNs && r.timeNs() < toNs).toList();
        assertThat(expected).isNotEmpty();
        assertThat(replayed.rembs()).isEqualTo(expected);
        assertThat(result.verifiedEqual()).isTrue();
        assertThat(replayed.updates()).isNotEmpty().isEqualTo(all.updates().stream()
            .filter(u -> u.sessionId() == 2 && u.timeNs() >= fromNs && u.timeNs() < toNs).toList());
        assertThat(all.rembs()).isEqualTo(live.rembs());
    }

    @Test
    void eachShardJournalsIntoItsOwnDirectory() {
        final CollectingListener live = new CollectingListener();
        try (ShardedPipeline sharded = ShardedPipeline.start(2, BwePipeline.builder().tickSource(TickSource.AGENT)
            .rembSink(live).journal(testJournal(dir)))) {
            assertThat(sharded.shardOf(1)).isNotEqualTo(sharded.shardOf(2));
        }
        for (final String shard : new String[] {"shard-0", "shard-1"}) {
            final ReplayResult result = JournalReplay.of(dir.resolve(shard)).verify(true).run();
            // No traffic, so no deadline and no tick: an idle pipeline publishes none.
            assertThat(result.ticks()).as(shard).isZero();
            assertThat(result.verifiedEqual()).isTrue();
        }
    }

    @Test
    void anUnusableDirectoryFailsTheBuild() throws Exception {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> BwePipeline.builder().journal(testJournal(file.resolve("journal"))).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    }

    /**
     * A journal for runs driven as fast as the pipeline goes: it waits for the journal thread rather
     * than lose records, so that every run is journaled whole ({@link JournalStallTest} covers DROP).
     */
    static JournalConfig testJournal(final Path dir) {
        return JournalConfig.builder(dir).blockSizeBytes(256 << 10).overflow(JournalConfig.Overflow.WAIT).build();
    }
}
