package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.ReplayResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or foreign journal gives a clear error (what, where) and, where it makes sense, its valid prefix. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalCorruptionTest {
    @TempDir
    Path dir;

    @Test
    void missingDirectoryIsRefusedWithItsPath() {
        final Path missing = dir.resolve("no-such-journal");
        assertThatThrownBy(() -> JournalReplay.of(missing).run()).isInstanceOf(JournalFormatException.class)
            .hasMessageContaining("does not exist").hasMessageContaining(missing.toString());
        assertThat(missing).doesNotExist();
    }

    @Test
    void emptyJournalIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("events"));
        assertThatThrownBy(() -> JournalReplay.of(dir).run()).isInstanceOf(JournalFormatException.class)
            .hasMessageContaining("empty journal").hasMessageContaining(dir.resolve("events").toString());
    }

    @Test
    void queueWithoutRecordsIsRefused() {
        // A queue that was created but never written: cycle files exist, records do not.
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.resolve("events").toFile())
            .blockSize(64 << 10).build(); ExcerptAppender appender = queue.createAppender()) {
            appender.normaliseEOFs();
            try (DocumentContext dc = appender.writingDocument(true)) {
                dc.wire().bytes().writeByte((byte) 0); // a metadata record: not data
            }
        }
        assertThatThrownBy(() -> JournalReplay.of(dir).run()).isInstanceOf(JournalFormatException.class)
            .hasMessageContaining("empty journal");
    }

    @Test
    void headerOfAnUnknownLayoutVersionIsRefused() {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.resolve("events").toFile())
            .blockSize(64 << 10).build(); ExcerptAppender appender = queue.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte(JournalRecords.HEADER);
                dc.wire().bytes().writeByte((byte) 9);
                dc.wire().bytes().write(new byte[200]);
            }
        }
        assertThatThrownBy(() -> JournalReplay.of(dir).run()).isInstanceOf(JournalFormatException.class)
            .hasMessageContaining("layout version 9").hasMessageContaining("reads version " + JournalRecords.LAYOUT_VERSION)
            .hasMessageContaining(".cq4").hasMessageContaining("index 0x")
            .satisfies(e -> assertThat(((JournalFormatException) e).index()).isNotNegative());
    }

    @Test
    void foreignQueueIsRefused() {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.resolve("events").toFile())
            .blockSize(64 << 10).build(); ExcerptAppender appender = queue.createAppender()) {
            appender.writeText("hello");
        }
        assertThatThrownBy(() -> JournalReplay.of(dir).run()).isInstanceOf(JournalFormatException.class)
            .hasMessageContaining("not a bwe journal");
    }

    @Test
    void recordOfAnUnknownLayoutVersionEndsTheReplayAfterTheValidPrefix() {
        final long packets = writeJournal(4_000);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.resolve("events").toFile())
            .rollCycle(JournalConfig.DEFAULT_ROLL_CYCLE).blockSize(64 << 10).build();
             ExcerptAppender appender = queue.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte(JournalRecords.PACKET);
                dc.wire().bytes().writeByte((byte) (JournalRecords.LAYOUT_VERSION + 1));
                dc.wire().bytes().write(new byte[JournalRecords.PACKET_BYTES - 2]);
            }
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte(JournalRecords.TICK);
                dc.wire().bytes().writeByte((byte) JournalRecords.LAYOUT_VERSION);
                dc.wire().bytes().writeLong(Long.MAX_VALUE);
            }
        }
        final ReplayResult result = JournalReplay.of(dir).verify(true).run();
        assertThat(result.packets()).as("everything before the bad record").isEqualTo(packets);
        assertThat(result.corruptions()).hasSize(1);
        final ReplayResult.Corruption c = result.corruptions().get(0);
        assertThat(c.reason()).contains("PACKET record of layout version " + (JournalRecords.LAYOUT_VERSION + 1));
        assertThat(c.file()).endsWith(".cq4");
        assertThat(c.index()).isPositive();
        assertThat(result.verifiedEqual()).as("the valid prefix is the whole live run").isTrue();
    }

    @Test
    void truncatedQueueFileReplaysItsValidPrefixAndReportsTheDamage() throws IOException {
        final long packets = writeJournal(8_000);
        final Path file = cycleFiles(dir.resolve("events")).get(0);
        final long dataEnd = lastNonZeroByte(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataEnd - dataEnd / 4);
        }
        final ReplayResult result = JournalReplay.of(dir).verify(true).run();
        assertThat(result.packets()).as("a prefix").isPositive().isLessThan(packets);
        assertThat(result.corruptions()).isNotEmpty();
        assertThat(result.corruptions().get(0).file()).contains("events");
        // Where the cut falls inside a record, the rest of the file's last page reads as zeros: the record's
        // version byte is then 0, which the reader reports as such.
        assertThat(result.corruptions().get(0).reason())
            .containsAnyOf("truncated", "Chronicle failed", "of layout version 0;");
        // The REMBs of the prefix are the live ones; the journal's later REMBs were not replayed.
        assertThat(result.firstDifference()).hasValueSatisfying(d -> {
            assertThat(d.actual()).isEmpty();
            assertThat(d.index()).isEqualTo(result.rembs());
        });
        assertThat(result.rembs()).isPositive();
    }

    @Test
    void zeroedRecordInTheMiddleIsReportedAsDamage() throws IOException {
        final long packets = writeJournal(8_000);
        final Path file = cycleFiles(dir.resolve("events")).get(0);
        final long dataEnd = lastNonZeroByte(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(dataEnd - dataEnd / 4);
            raf.write(new byte[200]);
        }
        final ReplayResult result = JournalReplay.of(dir).run();
        assertThat(result.packets()).isPositive().isLessThan(packets);
        assertThat(result.corruptions()).isNotEmpty();
    }

    /** A live run of {@code durationMs}; returns the packets it journaled. */
    private long writeJournal(final long durationMs) {
        final List<JournalScenario.Step> steps = JournalScenario.generate(durationMs, 3);
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL)
            .journal(JournalReplayTest.testJournal(dir)).build()) {
            JournalScenario.drive(pipeline, steps);
            assertThat(pipeline.counters().journalFailures().get()).isZero();
        }
        return steps.stream().filter(s -> s.kind() == JournalScenario.Kind.PACKET).count();
    }

    static List<Path> cycleFiles(final Path queueDir) throws IOException {
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    private static long lastNonZeroByte(final Path file) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        int last = bytes.length - 1;
        while (last > 0 && bytes[last] == 0) {
            last--;
        }
        return last;
    }
}
