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
                dc.wire().bytes().writeByte((byte) JournalRecordType.BATCH_DOCUMENT);
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
    void journalOfTheRecordPerExcerptLayoutIsRefusedNamingItsVersion() {
        // Layout 2 (before batches): the first excerpt is a HEADER record, type 16, then its version.
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.resolve("events").toFile())
            .blockSize(64 << 10).build(); ExcerptAppender appender = queue.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte((byte) 16);
                dc.wire().bytes().writeByte((byte) 2);
                dc.wire().bytes().write(new byte[99]);
            }
        }
        assertThatThrownBy(() -> JournalReplay.of(dir).run()).isInstanceOf(JournalFormatException.class)
            .hasMessageContaining("journal layout version 2")
            .hasMessageContaining("reads layout version " + JournalRecords.LAYOUT_VERSION);
    }

    @Test
    void batchOfAnUnknownLayoutVersionIsSkippedAndReported() {
        final long packets = writeJournal(4_000);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.resolve("events").toFile())
            .rollCycle(JournalConfig.DEFAULT_ROLL_CYCLE).blockSize(64 << 10).build();
             ExcerptAppender appender = queue.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte((byte) JournalRecordType.BATCH_DOCUMENT);
                dc.wire().bytes().writeByte((byte) (JournalRecords.LAYOUT_VERSION + 1));
                dc.wire().bytes().write(new byte[60]);
            }
        }
        final ReplayResult result = JournalReplay.of(dir).verify(true).run();
        assertThat(result.packets()).as("everything before the bad batch").isEqualTo(packets);
        assertThat(result.corruptions()).hasSize(1);
        final ReplayResult.Corruption c = result.corruptions().get(0);
        assertThat(c.reason()).contains("records lost to the end");
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
        // The cut lands in Chronicle's framing (truncated / unreadable) or inside a batch's body, whose
        // checksum then fails: either way it is reported, and the prefix replays.
        assertThat(result.corruptions().get(0).reason()).containsAnyOf("truncated", "Chronicle failed", "CRC32C");
        // Events and REMBs share the queue: every REMB of the prefix is the live one.
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        assertThat(result.rembsCompared()).isPositive();
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
