package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.replay.ReplayResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads one journal queue (events or REMBs) record by record, read-only, checking every record: its
 * type, its layout version, its exact length and its values. Refuses (throws
 * {@link JournalFormatException}) a missing or empty queue and one whose first record is not a HEADER
 * of a known layout. Damage later on (an unknown type or version, a wrong length, a value no writer
 * produces, a fault reading a truncated file, records the queue's index lists but the tailer cannot
 * reach) ends the reading: {@link #next} returns {@link #CORRUPT} once and {@link #corruption()} says
 * where; everything before it was returned intact. Reading never waits for more records, so it never
 * hangs on a journal whose writer died mid-record.
 */
final class JournalReader implements AutoCloseable {
    static {
        ChronicleDefaults.apply();
    }

    /** {@link #next} found no more records. */
    static final int END = -1;
    /** {@link #next} found damage; see {@link #corruption()}. */
    static final int CORRUPT = -2;

    private final Path queueDir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RollCycle rollCycle;
    /** The queue's last index when opened: reading must reach it, or records were lost. */
    private final long lastIndexAtOpen;
    private final int[] reason = new int[1];

    private JournalHeader header;
    private int headerReason;
    private final JournalRecords.EstimatorSwitch estimatorSwitch = new JournalRecords.EstimatorSwitch();
    private long index = -1;
    private long records;
    private boolean done;
    private ReplayResult.Corruption corruption;

    private JournalReader(final Path queueDir, final SingleChronicleQueue queue, final long lastIndexAtOpen,
                          final String firstFile) {
        this.queueDir = queueDir;
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.rollCycle = queue.rollCycle();
        moveToFirstCycleOnDisk(firstFile);
        this.lastIndexAtOpen = lastIndexAtOpen;
    }

    /**
     * Opens a queue and reads its first record, which must be a HEADER.
     *
     * @param what "events" or "REMB", for messages
     * @throws JournalFormatException when the queue is missing, empty, or does not start with a readable HEADER
     */
    static JournalReader open(final Path queueDir, final String what) {
        if (!Files.isDirectory(queueDir)) {
            throw new JournalFormatException(queueDir, -1, "not a bwe journal: the " + what + " queue directory "
                + queueDir + " does not exist");
        }
        final String[] files = QueueFiles.cycleFiles(queueDir);
        if (files.length == 0) {
            throw new JournalFormatException(queueDir, -1, "empty journal: the " + what + " queue " + queueDir
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
            // Chronicle's own words (a file name it cannot parse, a bad metadata file) say what but not where.
            throw new JournalFormatException(queueDir, -1, "not a readable bwe journal: the " + what + " queue "
                + queueDir + " cannot be opened (" + e.getMessage() + ")");
        }
        JournalReader reader = null;
        try {
            long lastIndex;
            try {
                lastIndex = queue.lastIndex();
            } catch (final RuntimeException | InternalError e) {
                // A fault scanning a truncated file: read what can be read, and report the rest as damage.
                lastIndex = Long.MAX_VALUE;
            }
            reader = new JournalReader(queueDir, queue, lastIndex, files[0]);
            reader.readFirstHeader(what, files[0]);
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

    /**
     * Retention deletes the oldest cycle files, but the queue's metadata still names the first cycle ever
     * written, where a tailer would start and find nothing: start at the first cycle file on disk.
     */
    private void moveToFirstCycleOnDisk(final String firstFile) {
        final String name = firstFile.substring(0, firstFile.length() - CycleRetention.CYCLE_FILE_SUFFIX.length());
        final int cycle =
            new RollingResourcesCache(rollCycle, queue.epoch(), File::new, File::getName).parseCount(name);
        if (cycle > queue.firstCycle()) {
            tailer.moveToCycle(cycle);
        }
    }

    private void readFirstHeader(final String what, final String firstFile) {
        final int type;
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new JournalFormatException(queueDir, -1, "empty journal: the " + what + " queue " + queueDir
                    + " holds no record");
            }
            index = dc.index();
            final Bytes<?> in = dc.wire().bytes();
            final long length = in.readRemaining();
            type = length >= 2 ? in.readUnsignedByte() : -1;
            final int version = length >= 2 ? in.readUnsignedByte() : -1;
            if (type != JournalRecords.HEADER) {
                throw new JournalFormatException(queueDir, index, "not a bwe journal: " + where()
                    + " starts with a record of type " + type + " (" + length + " bytes), not a HEADER");
            }
            if (version != JournalRecords.LAYOUT_VERSION) {
                throw new JournalFormatException(queueDir, index, "unsupported journal: " + where()
                    + " has layout version " + version + "; this reader reads version "
                    + JournalRecords.LAYOUT_VERSION);
            }
            if (length != JournalRecords.HEADER_BYTES) {
                throw new JournalFormatException(queueDir, index, "corrupt journal: the HEADER at " + where() + " has "
                    + length + " bytes, expected " + JournalRecords.HEADER_BYTES);
            }
            try {
                header = JournalRecords.readHeader(in, reason);
            } catch (final IllegalArgumentException e) {
                throw new JournalFormatException(queueDir, index, "corrupt journal: the HEADER at " + where() + ": "
                    + e.getMessage());
            }
            headerReason = reason[0];
            records++;
        } catch (final JournalFormatException e) {
            throw e;
        } catch (final RuntimeException | InternalError e) {
            throw new JournalFormatException(queueDir, index, "unreadable journal: the " + what + " queue "
                + queueDir + " (first file " + firstFile + ") could not be read: " + e);
        }
    }

    /** The HEADER read last (the first record, until another HEADER comes). */
    JournalHeader header() {
        return header;
    }

    /** {@link JournalRecords#REASON_START} or {@link JournalRecords#REASON_ROLL} of the last HEADER. */
    int headerReason() {
        return headerReason;
    }

    /** Records returned so far (the first HEADER included). */
    long records() {
        return records;
    }

    /** The last ESTIMATOR_SWITCH record {@link #next} read. */
    JournalRecords.EstimatorSwitch estimatorSwitch() {
        return estimatorSwitch;
    }

    ReplayResult.Corruption corruption() {
        return corruption;
    }

    /**
     * Reads the next record: an event into {@code event}, a REMB into {@code remb}, a HEADER into
     * {@link #header()}.
     *
     * @return the record's type ({@link JournalRecords}), {@link #END} or {@link #CORRUPT}
     */
    int next(final PipelineEvent event, final JournalRecords.MutableRemb remb) {
        if (done) {
            return END;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return atEnd();
            }
            index = dc.index();
            final Bytes<?> in = dc.wire().bytes();
            final long length = in.readRemaining();
            if (length < 2) {
                return corrupt("a record of " + length + " bytes");
            }
            final int type = in.readUnsignedByte();
            final int version = in.readUnsignedByte();
            if (version != JournalRecords.LAYOUT_VERSION) {
                return corrupt("a " + JournalRecords.typeName(type) + " record of layout version " + version
                    + "; this reader reads version " + JournalRecords.LAYOUT_VERSION);
            }
            final long expected = expectedLength(type, in);
            if (expected < 0) {
                return corrupt("a record of unknown type " + type);
            }
            if (type == JournalRecords.REMB ? length < expected : length != expected) {
                return corrupt("a " + JournalRecords.typeName(type) + " record of " + length + " bytes, expected "
                    + expected);
            }
            try {
                if (type == JournalRecords.HEADER) {
                    header = JournalRecords.readHeader(in, reason);
                    headerReason = reason[0];
                } else if (type == JournalRecords.REMB) {
                    JournalRecords.readRemb(in, length - 2, remb);
                } else if (type == JournalRecords.ESTIMATOR_SWITCH) {
                    JournalRecords.readEstimatorSwitch(in, estimatorSwitch);
                } else {
                    JournalRecords.readEvent(in, (byte) type, event);
                }
            } catch (final IllegalArgumentException e) {
                return corrupt("a " + JournalRecords.typeName(type) + " record no writer produces: " + e.getMessage());
            }
            records++;
            return type;
        } catch (final RuntimeException | InternalError e) {
            // InternalError: a fault on a memory-mapped read past the end of a truncated file.
            return corrupt("Chronicle failed to read the next record (truncated or corrupt file?): " + e);
        }
    }

    private static long expectedLength(final int type, final Bytes<?> in) {
        if (type == JournalRecords.HEADER) {
            return JournalRecords.HEADER_BYTES;
        }
        if (type == JournalRecords.REMB) {
            return JournalRecords.REMB_BASE_BYTES;
        }
        if (type == JournalRecords.ESTIMATOR_SWITCH) {
            return JournalRecords.ESTIMATOR_SWITCH_BYTES;
        }
        return JournalRecords.eventBytes((byte) type);
    }

    private int atEnd() {
        done = true;
        if (lastIndexAtOpen == Long.MAX_VALUE) {
            corruption = new ReplayResult.Corruption(currentFile(), index, "the queue's index could not be read "
                + "(a fault scanning it: truncated file); replayed up to the last readable record");
            return CORRUPT;
        }
        if (index < lastIndexAtOpen) {
            corruption = new ReplayResult.Corruption(currentFile(), index, "reading stopped after this record, but "
                + "the queue's index lists records up to index 0x" + Long.toHexString(lastIndexAtOpen)
                + " (truncated or overwritten file)");
            return CORRUPT;
        }
        return END;
    }

    private int corrupt(final String what) {
        done = true;
        corruption = new ReplayResult.Corruption(currentFile(), index, what);
        return CORRUPT;
    }

    private String where() {
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
