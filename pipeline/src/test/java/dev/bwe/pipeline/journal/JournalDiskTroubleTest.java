package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.RembRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal failing (its directory deleted, its disk full) costs the journal only: it is switched
 * off, counted and logged once, and the pipeline sends exactly the REMBs it sends without a journal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalDiskTroubleTest {
    private static final Logger JOURNAL_LOG = Logger.getLogger(JournalWriter.class.getName());

    @TempDir
    Path dir;

    private final List<LogRecord> errors = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(final LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                synchronized (errors) {
                    errors.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        JOURNAL_LOG.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        JOURNAL_LOG.removeHandler(capture);
    }

    @Test
    void journalDirectoryDeletedMidRunSwitchesJournalingOffAndEstimationGoesOn() throws IOException {
        final List<JournalScenario.Step> steps = JournalScenario.generate(8_000, 5);
        final List<RembRecord> reference = runWithoutJournal(steps);
        final int half = steps.size() / 2;
        final CollectingListener live = new CollectingListener();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(live)
            .journal(JournalReplayTest.testJournal(dir.resolve("journal"))).build()) {
            JournalScenario.drive(pipeline, steps.subList(0, half));
            assertThat(pipeline.counters().journalRecords().get()).isPositive();
            deleteRecursively(dir.resolve("journal"));
            driveOn(pipeline, steps.subList(half, steps.size()));
            assertThat(pipeline.counters().journalFailures().get()).isPositive();
        }
        assertThat(live.rembs()).as("the same REMBs as without a journal").isEqualTo(reference);
        assertThat(errors).as("logged once").hasSize(1);
        assertThat(errors.get(0).getMessage()).contains("journal").contains("estimation goes on");
    }

    @Test
    void fullDiskSwitchesJournalingOffAndEstimationGoesOn() throws Exception {
        final Path mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        final Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString())
            .redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes());
        final boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!mounted) {
            System.err.println("SKIPPED the full-disk variant: mounting a 256 KiB tmpfs failed: " + output);
        }
        Assumptions.assumeTrue(mounted, "mounting a tmpfs failed (not root?): " + output);
        try {
            final List<JournalScenario.Step> steps = JournalScenario.generate(20_000, 9);
            final List<RembRecord> reference = runWithoutJournal(steps);
            final CollectingListener live = new CollectingListener();
            try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(live)
                .journal(JournalConfig.builder(mount.resolve("journal")).blockSizeBytes(64 << 10).build()).build()) {
                JournalScenario.drive(pipeline, steps);
                assertThat(pipeline.counters().journalFailures().get()).as("the disk filled up").isPositive();
                assertThat(pipeline.counters().journalRecords().get()).isPositive();
            }
            assertThat(live.rembs()).as("the same REMBs as without a journal").isEqualTo(reference);
            assertThat(errors).as("logged once").hasSize(1);
        } finally {
            unmount(mount);
        }
    }

    /**
     * Chronicle unmaps released files on its background releaser thread: wait (10 s at most) until the
     * tmpfs is no longer busy, then detach it lazily if it still is, so the temp directory can go.
     */
    private static void unmount(final Path mount) throws Exception {
        BackgroundResourceReleaser.releasePendingResources();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadlineNs < 0) {
            if (run("umount", mount.toString()) == 0) {
                return;
            }
            Thread.sleep(100); // polling an external condition (the kernel's mount table), not a race
        }
        run("umount", "-l", mount.toString());
    }

    private static int run(final String... command) throws Exception {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static List<RembRecord> runWithoutJournal(final List<JournalScenario.Step> steps) {
        final CollectingListener sink = new CollectingListener();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(sink).build()) {
            JournalScenario.drive(pipeline, steps);
        }
        return sink.rembs();
    }

    /** The rest of a run on a pipeline whose sessions are already open. */
    private static void driveOn(final BwePipeline pipeline, final List<JournalScenario.Step> steps) {
        JournalScenario.driveSteps(pipeline, steps);
    }

    private static void deleteRecursively(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
