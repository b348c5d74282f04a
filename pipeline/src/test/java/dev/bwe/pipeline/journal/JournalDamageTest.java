package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.ReplayResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage does not end a replay: 20 spots of 16 random bytes written anywhere in a journal's data (batch
 * bodies, Chronicle's own excerpt headers and index) cost only the batches they hit. At least 95 % of
 * the batches no spot touched are read back, each damaged range is reported (file, index, records lost),
 * and the replay goes on to the end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalDamageTest {
    private static final int SPOTS = 20;
    private static final int SPOT_BYTES = 16;

    @TempDir
    Path dir;

    @Test
    void twentyDamagedSpotsCostOnlyTheBatchesTheyHit() throws IOException {
        final List<JournalScenario.Step> steps = JournalScenario.generate(60_000, 21);
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL)
            .journal(JournalReplayTest.testJournal(dir)).build()) {
            for (final long s : new long[] {1, 2, 3}) {
                pipeline.openSession(s, JournalScenario.IDS);
            }
            // Small steps, as a live pipeline's batches are (tens of records, not thousands).
            for (int i = 0; i < steps.size(); i += 40) {
                JournalScenario.driveSteps(pipeline, steps.subList(i, Math.min(steps.size(), i + 40)));
            }
        }
        final ReplayResult clean = JournalReplay.of(dir).verify(true).run();
        assertThat(clean.corruptions()).isEmpty();
        final Path file = JournalCorruptionTest.cycleFiles(dir.resolve(JournalConfig.EVENTS_QUEUE)).get(0);
        final List<long[]> excerpts = excerpts(dir.resolve(JournalConfig.EVENTS_QUEUE));
        final long dataStart = excerpts.get(0)[0];
        final long dataEnd = excerpts.get(excerpts.size() - 1)[1];

        final SplittableRandom random = new SplittableRandom(20);
        final boolean[] hit = new boolean[excerpts.size()];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (int spot = 0; spot < SPOTS; spot++) {
                final long at = dataStart + random.nextLong(dataEnd - dataStart - SPOT_BYTES);
                final byte[] junk = new byte[SPOT_BYTES];
                random.nextBytes(junk);
                raf.seek(at);
                raf.write(junk);
                for (int i = 0; i < excerpts.size(); i++) {
                    if (at < excerpts.get(i)[1] && at + SPOT_BYTES > excerpts.get(i)[0]) {
                        hit[i] = true;
                    }
                }
            }
        }
        int undamaged = 0;
        for (final boolean h : hit) {
            undamaged += h ? 0 : 1;
        }
        final long read;
        final int unreadableTails;
        try (JournalReader reader = JournalReader.open(dir.resolve(JournalConfig.EVENTS_QUEUE))) {
            while (reader.nextBatch() == JournalReader.BATCH) {
                // Count only.
            }
            read = reader.batches();
            unreadableTails = reader.unreadableFileTails();
        }
        final ReplayResult damaged = JournalReplay.of(dir).verify(true).run();
        System.out.printf("20 damaged spots: %d of %d batches hit, %d of the %d undamaged read back (%.1f %%), "
                + "%d damage reports, %d unreadable file tails, %d of %d packets replayed%n", excerpts.size() - undamaged,
            excerpts.size(), read, undamaged, 100.0 * read / undamaged, damaged.corruptions().size(), unreadableTails,
            damaged.packets(), clean.packets());
        assertThat(excerpts.size()).as("batches written").isGreaterThan(500);
        assertThat((double) read).as("undamaged batches read back").isGreaterThanOrEqualTo(0.95 * undamaged);
        assertThat(damaged.corruptions()).isNotEmpty();
        assertThat(damaged.corruptions()).allSatisfy(c -> {
            assertThat(c.file()).contains("events");
            assertThat(c.reason()).contains("records lost");
        });
        assertThat(damaged.packets()).as("the replay went on to the end").isGreaterThan(clean.packets() * 9 / 10);
        assertThat(damaged.firstDifference()).as("what is verified is equal").isEmpty();
    }

    @Test
    void anOverwrittenExcerptHeaderIsSkippedThroughChroniclesIndex() throws IOException {
        final List<JournalScenario.Step> steps = JournalScenario.generate(20_000, 22);
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL)
            .journal(JournalReplayTest.testJournal(dir)).build()) {
            for (final long s : new long[] {1, 2, 3}) {
                pipeline.openSession(s, JournalScenario.IDS);
            }
            for (int i = 0; i < steps.size(); i += 40) {
                JournalScenario.driveSteps(pipeline, steps.subList(i, Math.min(steps.size(), i + 40)));
            }
        }
        final Path file = JournalCorruptionTest.cycleFiles(dir.resolve(JournalConfig.EVENTS_QUEUE)).get(0);
        final List<long[]> excerpts = excerpts(dir.resolve(JournalConfig.EVENTS_QUEUE));
        final int victim = excerpts.size() / 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // Chronicle's own 4-byte length header of one excerpt: the tailer cannot step over it.
            raf.seek(excerpts.get(victim)[0]);
            raf.write(new byte[] {(byte) 0x13, (byte) 0x57, (byte) 0x9B, (byte) 0x4F});
        }
        final long read;
        try (JournalReader reader = JournalReader.open(dir.resolve(JournalConfig.EVENTS_QUEUE))) {
            while (reader.nextBatch() == JournalReader.BATCH) {
                // Count only.
            }
            read = reader.batches();
            System.out.printf("overwritten excerpt header: %d of %d batches read; damage %s%n", read,
                excerpts.size(), reader.damages());
            assertThat(reader.damages()).hasSize(1);
        }
        // The journal's index has an entry every 16 batches: the tailer reaches an entry after the damage and
        // goes on. What lies between is lost (and reported); a fault reading the garbage length can cost more
        // entries (measured: 7 to 73 batches of ~340), never the rest of the file.
        assertThat(read).as("read on after the damage").isGreaterThanOrEqualTo(victim + (excerpts.size() - victim) / 2)
            .isLessThan(excerpts.size());
    }

    /** Each excerpt's byte range in its file: [start of Chronicle's length header, end of data). */
    private static List<long[]> excerpts(final Path queueDir) {
        final List<long[]> ranges = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(queueDir.toFile()).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    ranges.add(new long[] {bytes.readPosition() - 4, bytes.readLimit()});
                }
            }
        }
        return ranges;
    }
}
