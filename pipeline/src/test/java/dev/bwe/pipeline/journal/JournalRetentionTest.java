package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.ReplayResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded disk: with a one-second test roll cycle driven by a settable clock, the queue keeps only its
 * newest {@code keepCycles} files, deleting the oldest, and what is left still replays.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalRetentionTest {
    private static final int KEEP = 3;
    private static final int CYCLES = 8;

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestCyclesAndTheRestStillReplays() throws IOException {
        final SetTimeProvider wallClock = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
        final JournalConfig config = JournalConfig.builder(dir).rollCycle(TestRollCycles.TEST_SECONDLY)
            .keepCycles(KEEP).blockSizeBytes(64 << 10).timeProvider(wallClock).overflow(JournalConfig.Overflow.WAIT)
            .build();
        final List<JournalScenario.Step> steps = JournalScenario.generate(8_000, 1);
        final TreeSet<String> created = new TreeSet<>();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).journal(config).build()) {
            // One wall-clock second (one cycle file) per eighth of the run.
            final int perCycle = steps.size() / CYCLES + 1;
            for (int c = 0; c < CYCLES; c++) {
                final List<JournalScenario.Step> part =
                    steps.subList(c * perCycle, Math.min(steps.size(), (c + 1) * perCycle));
                if (c == 0) {
                    JournalScenario.drive(pipeline, part);
                } else {
                    JournalScenario.driveSteps(pipeline, part);
                }
                assertThat(pipeline.awaitDrained(Duration.ofSeconds(10))).isTrue();
                created.addAll(names(config.eventsDirectory()));
                wallClock.advanceMillis(1000);
            }
            assertThat(pipeline.counters().journalFailures().get()).isZero();
        }
        assertThat(created).hasSize(CYCLES);
        final List<String> newest = List.copyOf(created).subList(CYCLES - KEEP, CYCLES);
        awaitCycleFiles(config.eventsDirectory(), newest);

        // The trimmed journal starts with a ROLL header; sessions opened in a deleted cycle are unknown.
        final ReplayResult result = JournalReplay.of(dir).run();
        assertThat(result.corruptions()).isEmpty();
        assertThat(result.packets()).isPositive();
        assertThat(result.packetsOfUnknownSessions()).isEqualTo(result.packets());
    }

    /** Retention runs on Chronicle's background thread: wait, with a deadline, for exactly these files. */
    private static void awaitCycleFiles(final Path queueDir, final List<String> expected) throws IOException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> names = names(queueDir);
        while (!names.equals(expected) && System.nanoTime() - deadlineNs < 0) {
            LockSupport.parkNanos(10_000_000L);
            names = names(queueDir);
        }
        assertThat(names).as("the newest %d cycle files", KEEP).isEqualTo(expected);
    }

    private static List<String> names(final Path queueDir) throws IOException {
        return JournalCorruptionTest.cycleFiles(queueDir).stream().map(p -> p.getFileName().toString()).toList();
    }
}
