package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.replay.ReplayResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal queue batch by batch, read-only: each Chronicle excerpt is copied once into a
 * buffer and checked (document kind, layout version, record count, CRC32C); the caller walks its
 * records with {@link #nextRecord()}. Refuses (throws {@link JournalFormatException}) a missing or
 * empty queue and one whose first batch is not a HEADER of this layout (naming the version it found).
 *
 * <p>Damage later on does not end the reading: a batch that fails its checks, or an excerpt Chronicle
 * cannot read, is reported ({@link #damages()}: file, index, records lost, what) and the reader
 * resynchronises: it moves the tailer to the next index (Chronicle's index finds it even when an
 * excerpt's own length header was overwritten), and when nothing more of a cycle file can be reached
 * (Chronicle's index of that file is damaged too), to the next cycle file, reporting the lost rest of
 * the file ({@link #unreadableFileTails()}). Records lost are counted from the batches' sequence
 * numbers. Reading never waits for more records, so it never hangs on a journal whose writer died.
 */
final class JournalReader implements AutoCloseable {
    static {
        ChronicleDefaults.apply();
    }

    /** {@link #nextBatch()}: a batch is ready. */
    static final int BATCH = 1;
    /** {@link #nextBatch()}: no more batches. */
    static final int END = -1;
    /** {@link #nextRecord()}: the batch has no more records. */
    static final int BATCH_END = -1;
    /** {@link #nextRecord()}: a record no writer produces (the rest of the batch is skipped, reported). */
    static final int BAD_RECORD = -2;

    /** How many indices past a damaged excerpt the reader tries before it gives up on the file. */
    private static final int MAX_RESYNC_PROBES = 4 * JournalWriter.INDEX_SPACING;
    private static final int MAX_BATCH_BYTES = 64 << 20;

    private final Path queueDir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RollCycle rollCycle;
    private final int[] cyclesOnDisk;
    /** The queue's last index when opened: reading must reach it, or records were lost. */
    private final long lastIndexAtOpen;
    private final int[] reason = new int[1];
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer batch = new UnsafeBuffer(new byte[0]);
    private final List<ReplayResult.Corruption> damages = new ArrayList<>();

    private byte[] batchArray = new byte[64 << 10];
    private int batchLength;
    private int batchCount;
    private int recordsRead;
    private int cursor;
    private int recordOffset;
    private int recordLength;

    private JournalHeader header;
    private int headerReason;
    private long lastGoodIndex = -1;
    /** The next index {@link #resync()} tries. */
    private long probeFrom;
    private long expectedSequence;
    private long batches;
    private boolean done;
    private int unreadableFileTails;
    /** Damage found since the last batch returned: file, index, what; records lost found at the next batch. */
    private String pendingFile;
    private long pendingIndex;
    private String pendingWhat;
    private boolean damagedBeforeBatch;

    private JournalReader(final Path queueDir, final SingleChronicleQueue queue, final long lastIndexAtOpen,
                          final String[] files) {
        this.queueDir = queueDir;
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.rollCycle = queue.rollCycle();
        this.lastIndexAtOpen = lastIndexAtOpen;
        final RollingResourcesCache names = new RollingResourcesCache(rollCycle, queue.epoch(), File::new,
            File::getName);
        cyclesOnDisk = new int[files.length];
        for (int i = 0; i < files.length; i++) {
            cyclesOnDisk[i] = names.parseCount(
                files[i].substring(0, files[i].length() - CycleRetention.CYCLE_FILE_SUFFIX.length()));
        }
        // Retention deletes the oldest cycle files, but the queue's metadata still names the first cycle
        // ever written, where a tailer would start and find nothing: start at the first file on disk.
        if (cyclesOnDisk.length > 0 && cyclesOnDisk[0] > queue.firstCycle()) {
            tailer.moveToCycle(cyclesOnDisk[0]);
        }
    }

    /**
     * Opens a queue and reads its first batch, which must hold a HEADER of this layout.
     *
     * @throws JournalFormatException when the queue is missing, empty, of another layout, or does not
     *     start with a readable HEADER
     */
    static JournalReader open(final Path queueDir) {
        if (!Files.isDirectory(queueDir)) {
            throw new JournalFormatException(queueDir, -1, "not a bwe journal: the queue directory "
                + queueDir + " does not exist");
        }
        final String[] files = QueueFiles.cycleFiles(queueDir);
        if (files.length == 0) {
            throw new JournalFormatException(queueDir, -1, "empty journal: the queue " + queueDir
                + " holds no cycle file (*.cq4)");
        }
        final SingleChronicleQueueBuilder builder =
            SingleChronicleQueueBuilder.single(queueDir.toFile()).readOnly(true);
        final RollCycle cycle = QueueFiles.rollCycleOf(files[0]);
        if (cycle != null) {
            builder.rollCycle(cycle);
        }
        final SingleChronicleQueue queue;
        try {
            queue = builder.build();
        } catch (final RuntimeException e) {
            throw new JournalFormatException(queueDir, -1, "not a readable bwe journal: the queue "
                + queueDir + " cannot be opened (" + e.getMessage() + ")");
        }
        JournalReader reader = null;
        try {
            long lastIndex;
            try {
                lastIndex = queue.lastIndex();
            } catch (final RuntimeException | InternalError e) {
                lastIndex = Long.MAX_VALUE;
            }
            reader = new JournalReader(queueDir, queue, lastIndex, files);
            reader.readFirstHeader(files[0]);
            return reader;
        } catch (final RuntimeException | Error e) {
            if (reader != null) {
                reader.close();
            } else {
                queue.close();
            }
            throw e;
        }
    }

    private void readFirstHeader(final String firstFile) {
        long index = -1;
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new JournalFormatException(queueDir, -1, "empty journal: the queue " + queueDir
                    + " holds no record");
            }
            index = dc.index();
            copy(dc.wire().bytes());
        } catch (final JournalFormatException e) {
            throw e;
        } catch (final RuntimeException | InternalError e) {
            throw new JournalFormatException(queueDir, index, "unreadable journal: the queue " + queueDir
                + " (first file " + firstFile + ") could not be read: " + e);
        }
        final int kind = batchLength >= 2 ? batch.getByte(0) & 0xFF : -1;
        final int version = batchLength >= 2 ? batch.getByte(1) & 0xFF : -1;
        final String where = where(index);
        if ((kind == JournalRecordType.HEADER.code() || kind == JournalRecordType.BATCH_DOCUMENT)
            && version >= 1 && version < JournalRecords.LAYOUT_VERSION) {
            throw new JournalFormatException(queueDir, index, "unsupported journal: " + where + " was written with "
                + "journal layout version " + version + "; this reader reads layout version "
                + JournalRecords.LAYOUT_VERSION + " (replay it with the bwe version that wrote it)");
        }
        if (kind != JournalRecordType.BATCH_DOCUMENT && kind != JournalRecordType.HEADER.code()) {
            throw new JournalFormatException(queueDir, index, "not a bwe journal: " + where
                + " starts with a document of kind " + kind + " (" + batchLength + " bytes), not a batch");
        }
        if (version != JournalRecords.LAYOUT_VERSION) {
            throw new JournalFormatException(queueDir, index, "unsupported journal: " + where + " has layout version "
                + version + "; this reader reads version " + JournalRecords.LAYOUT_VERSION);
        }
        final String problem = checkBatch();
        if (problem != null) {
            throw new JournalFormatException(queueDir, index, "corrupt journal: the first batch at " + where
                + ": " + problem);
        }
        final int type = nextRecord();
        if (type != JournalRecordType.HEADER.code()) {
            throw new JournalFormatException(queueDir, index, "not a bwe journal: " + where
                + " starts with a record of type " + JournalRecordType.nameOf(type) + ", not a HEADER");
        }
        try {
            header = JournalRecords.readHeader(batch, recordOffset, reason);
        } catch (final IllegalArgumentException e) {
            throw new JournalFormatException(queueDir, index, "corrupt journal: the HEADER at " + where + ": "
                + e.getMessage());
        }
        headerReason = reason[0];
        lastGoodIndex = index;
        expectedSequence = batch.getLong(JournalRecords.BATCH_SEQUENCE_OFFSET, JournalRecords.LE) + batchCount;
        batches = 1;
        // The caller sees this batch's remaining records (none, as written) through nextRecord.
    }

    /** The HEADER read last (the first record, until another HEADER comes). */
    JournalHeader header() {
        return header;
    }

    /** {@link JournalRecords#REASON_START} or {@link JournalRecords#REASON_ROLL} of the last HEADER. */
    int headerReason() {
        return headerReason;
    }

    /** Damage found so far, in order. */
    List<ReplayResult.Corruption> damages() {
        return damages;
    }

    /** Cycle files whose rest could not be read (Chronicle's own headers and index damaged). */
    int unreadableFileTails() {
        return unreadableFileTails;
    }

    /** Whether damage was found between the previous batch and the current one. */
    boolean damagedBeforeBatch() {
        return damagedBeforeBatch;
    }

    /** Batches read intact so far. */
    long batches() {
        return batches;
    }

    /** The current batch's buffer; records lie at {@link #recordOffset()}. */
    UnsafeBuffer buffer() {
        return batch;
    }

    int recordOffset() {
        return recordOffset;
    }

    int recordLength() {
        return recordLength;
    }

    /** Reads a HEADER record at the cursor (after {@link #nextRecord()} returned HEADER). */
    JournalHeader readHeaderRecord() {
        header = JournalRecords.readHeader(batch, recordOffset, reason);
        headerReason = reason[0];
        return header;
    }

    /**
     * The next record of the current batch: its type code (body at {@link #recordOffset()}, of
     * {@link #recordLength()} bytes), {@link #BATCH_END}, or {@link #BAD_RECORD} (reported; the rest of
     * the batch is skipped).
     */
    int nextRecord() {
        if (recordsRead >= batchCount) {
            return BATCH_END;
        }
        final int end = batchLength - JournalRecords.CRC_BYTES;
        if (cursor + JournalRecords.RECORD_HEADER_BYTES > end) {
            return badRecord("batch ends inside a record header");
        }
        final int type = batch.getByte(cursor) & 0xFF;
        final int length = batch.getShort(cursor + 1, JournalRecords.LE) & 0xFFFF;
        final JournalRecordType known = JournalRecordType.of(type);
        if (known == null) {
            return badRecord("a record of unknown type " + type);
        }
        if (!known.acceptsBodyLength(length) || cursor + JournalRecords.RECORD_HEADER_BYTES + length > end) {
            return badRecord("a " + known + " record of " + length + " bytes");
        }
        recordOffset = cursor + JournalRecords.RECORD_HEADER_BYTES;
        recordLength = length;
        cursor = recordOffset + length;
        recordsRead++;
        return type;
    }

    /** Reports a record whose values no writer produces (the caller's check failed); skips the batch's rest. */
    int badRecord(final String what) {
        damages.add(new ReplayResult.Corruption(currentFile(), lastGoodIndex, (batchCount - recordsRead)
            + " records lost: " + what + " in a batch that passed its checksum"));
        recordsRead = batchCount;
        return BAD_RECORD;
    }

    /**
     * Moves to the next intact batch, reporting and skipping damage on the way.
     *
     * @return {@link #BATCH} or {@link #END}
     */
    int nextBatch() {
        damagedBeforeBatch = false;
        try {
            return readNextBatch();
        } catch (final RuntimeException | InternalError e) {
            // A fault reading a truncated file is delivered late (at the next safepoint): nothing more can
            // be read with confidence.
            return failed(e);
        }
    }

    /** Ends the reading after a fault surfaced outside the reader's own checks (see {@link #nextBatch()}). */
    int failed(final Throwable e) {
        damage(lastGoodIndex + 1, "Chronicle failed to read the excerpt (truncated or corrupt file?): " + e);
        done = true;
        finishDamage(-1);
        return END;
    }

    private int readNextBatch() {
        while (!done) {
            long index = -1;
            final boolean present;
            try (DocumentContext dc = tailer.readingDocument()) {
                present = dc.isPresent();
                if (present) {
                    index = dc.index();
                    copy(dc.wire().bytes());
                }
            } catch (final RuntimeException | InternalError e) {
                // InternalError: a fault on a memory-mapped read past the end of a truncated file.
                damage(lastGoodIndex + 1, "Chronicle failed to read the excerpt (truncated or corrupt file?): " + e);
                resync();
                continue;
            }
            if (!present) {
                if (lastIndexAtOpen != Long.MAX_VALUE && lastGoodIndex >= lastIndexAtOpen) {
                    done = true;
                    break;
                }
                damage(lastGoodIndex + 1, lastIndexAtOpen == Long.MAX_VALUE
                    ? "the queue's index could not be read (truncated file?)"
                    : "reading stopped, but the queue's index lists records up to index 0x"
                        + Long.toHexString(lastIndexAtOpen) + " (truncated or overwritten file)");
                resync();
                continue;
            }
            final String problem = checkBatch();
            if (problem != null) {
                // Chronicle's own framing was intact (it handed us the excerpt), so the tailer already
                // stands at the next excerpt: no index search needed.
                damage(index, problem);
                continue;
            }
            final long sequence = batch.getLong(JournalRecords.BATCH_SEQUENCE_OFFSET, JournalRecords.LE);
            finishDamage(sequence - expectedSequence);
            expectedSequence = sequence + batchCount;
            lastGoodIndex = index;
            batches++;
            return BATCH;
        }
        finishDamage(-1);
        return END;
    }

    private void copy(final Bytes<?> in) {
        final long length = in.readRemaining();
        if (length > MAX_BATCH_BYTES) {
            throw new IllegalStateException("an excerpt of " + length + " bytes");
        }
        if (length > batchArray.length) {
            batchArray = new byte[(int) Math.max(length, 2L * batchArray.length)];
        }
        in.read(batchArray, 0, (int) length);
        batchLength = (int) length;
        batch.wrap(batchArray, 0, batchLength);
        cursor = JournalRecords.BATCH_HEADER_BYTES;
        recordsRead = 0;
        batchCount = 0;
    }

    /** Checks the copied excerpt's framing and checksum; null when it is an intact batch. */
    private String checkBatch() {
        if (batchLength < JournalRecords.BATCH_HEADER_BYTES + JournalRecords.CRC_BYTES) {
            return "an excerpt of " + batchLength + " bytes (too short for a batch)";
        }
        final int kind = batch.getByte(0) & 0xFF;
        final int version = batch.getByte(1) & 0xFF;
        final int count = batch.getInt(JournalRecords.BATCH_COUNT_OFFSET, JournalRecords.LE);
        crc.reset();
        crc.update(batchArray, 0, batchLength - JournalRecords.CRC_BYTES);
        final int stored = batch.getInt(batchLength - JournalRecords.CRC_BYTES, JournalRecords.LE);
        if ((int) crc.getValue() != stored) {
            return "a batch that fails its CRC32C";
        }
        if (kind != JournalRecordType.BATCH_DOCUMENT) {
            return "a document of kind " + kind + ", not a batch";
        }
        if (version != JournalRecords.LAYOUT_VERSION) {
            return "a batch of layout version " + version + "; this reader reads version "
                + JournalRecords.LAYOUT_VERSION;
        }
        if (count < 1 || count > batchLength) {
            return "a batch of " + count + " records";
        }
        batchCount = count;
        return null;
    }

    private void damage(final long index, final String what) {
        if (pendingWhat == null) {
            pendingFile = currentFile();
            pendingIndex = index;
            pendingWhat = what;
        }
    }

    /** Reports the pending damage with the records it lost ({@code lost} < 0: unknown, to the end). */
    private void finishDamage(final long lost) {
        if (pendingWhat == null) {
            if (lost > 0) {
                // Batches missing with no damage seen: a file deleted or cut in the middle.
                damages.add(new ReplayResult.Corruption(currentFile(), lastGoodIndex + 1, lost
                    + " records lost: batches missing after the one at index 0x" + Long.toHexString(lastGoodIndex)));
                damagedBeforeBatch = true;
            }
            return;
        }
        damages.add(new ReplayResult.Corruption(pendingFile, pendingIndex,
            (lost >= 0 ? lost + " records lost: " : "records lost to the end: ") + pendingWhat));
        pendingWhat = null;
        damagedBeforeBatch = true;
    }

    /**
     * After damage to Chronicle's own framing: moves the tailer to a readable excerpt after the last intact
     * batch, an indexed one first (Chronicle's index reaches it even when the length header of one before it
     * was overwritten; the batches between are lost), else any; when none is readable in the file, to the
     * next cycle file on disk.
     */
    private void resync() {
        probeFrom = lastGoodIndex + 2;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                probe();
                return;
            } catch (final RuntimeException | InternalError e) {
                // A fault from reading garbage is delivered late, anywhere here: go on with the next index.
                probeFrom++;
            }
        }
        done = true;
    }

    private void probe() {
        final long from = probeFrom;
        final int cycle = rollCycle.toCycle(Math.max(0, lastGoodIndex + 1));
        // Indexed entries first: Chronicle reaches them from its index, without scanning the headers between
        // (a damaged header that reads as "being written" can make such a scan spin). Then every index, as
        // the last resort before giving up on the rest of the file.
        if (probeRange(from, cycle, true) || probeRange(from, cycle, false)) {
            return;
        }
        for (final int next : cyclesOnDisk) {
            if (next > cycle) {
                unreadableFileTails++;
                pendingWhat = (pendingWhat == null ? "" : pendingWhat + "; ")
                    + "the rest of the cycle file could not be read (Chronicle's own headers damaged)";
                if (pendingFile == null) {
                    pendingFile = currentFile();
                }
                try {
                    if (tailer.moveToCycle(next)) {
                        return;
                    }
                } catch (final RuntimeException | InternalError e) {
                    // Try the one after.
                }
            }
        }
        done = true;
    }

    /** Moves the tailer to the first readable excerpt in [from, from + MAX_RESYNC_PROBES); false when none. */
    private boolean probeRange(final long from, final int cycle, final boolean indexedOnly) {
        for (long probe = from; probe < from + MAX_RESYNC_PROBES; probe++) {
            if (probe > lastIndexAtOpen || rollCycle.toCycle(probe) != cycle) {
                return false;
            }
            if (indexedOnly && rollCycle.toSequenceNumber(probe) % JournalWriter.INDEX_SPACING != 0) {
                continue;
            }
            probeFrom = probe;
            try {
                if (tailer.moveToIndex(probe) && readable()) {
                    tailer.moveToIndex(probe);
                    return true;
                }
            } catch (final RuntimeException | InternalError e) {
                // Not reachable from the index: try the next one.
            }
        }
        return false;
    }

    /** Whether the excerpt at the tailer can be read (it is then read again by {@link #nextBatch()}). */
    private boolean readable() {
        try (DocumentContext dc = tailer.readingDocument()) {
            return dc.isPresent() && dc.wire().bytes().readRemaining() <= MAX_BATCH_BYTES;
        }
    }

    private String where(final long index) {
        return currentFile() + " index 0x" + Long.toHexString(index) + " (cycle " + rollCycle.toCycle(index)
            + ", record " + rollCycle.toSequenceNumber(index) + ")";
    }

    private String currentFile() {
        try {
            final File file = tailer.currentFile();
            return file != null ? file.getPath() : queueDir.toString();
        } catch (final RuntimeException e) {
            return queueDir.toString();
        }
    }

    @Override
    public void close() {
        try {
            tailer.close();
        } finally {
            queue.close();
        }
    }
}
