package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.stat.PipelineCounters;
import java.io.File;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The journal thread (an Agrona {@link Agent}): drains the buffer the timer stage fills
 * ({@link JournalFeed}) and appends what it drained as one batch document, with a CRC32C, to the
 * Chronicle queue. It is the queue's one writer, confined to its thread from {@link #onStart()} on.
 * Nothing in the pipeline waits for it: when it falls behind, the feed loses records and says so
 * with a GAP. Nothing is allocated per record or per batch (Chronicle allocates a little when it maps
 * another block of a growing file).
 *
 * <p>Every cycle file starts with a batch holding only a HEADER: START when the writer opens, ROLL
 * when an append rolled the queue to a new cycle file, so a journal trimmed by retention still
 * describes itself.
 *
 * <p>Any failure (an exception or error from Chronicle: disk full, which arrives as an
 * {@link InternalError} from a faulting memory-mapped write; a directory that disappeared) disables the
 * writer for good: it is counted in {@code journalFailures} and logged, the queue is closed, and what
 * comes later is drained and dropped. Estimation never waits for, or fails because of, the journal.
 */
final class JournalWriter implements Agent, ControlledMessageHandler {
    static {
        ChronicleDefaults.apply();
    }

    private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());
    /** How often (in event time) the writer checks that its directory still exists: a stat per second. */
    static final long STORAGE_CHECK_INTERVAL_NS = 1_000_000_000L;
    /**
     * An index entry every 16 batches (Chronicle's hourly default is 256): when damage hits Chronicle's
     * own excerpt header, a reader reaches the next entry and loses at most the batches before it. The
     * index costs 8 bytes per entry.
     */
    static final int INDEX_SPACING = 16;
    /** Chronicle's length header in front of every excerpt, bytes. */
    private static final int EXCERPT_HEADER_BYTES = 4;
    /**
     * Largest batch document: ~1,400 packet records. Chronicle caps an excerpt at a quarter of its block
     * size (16 KiB with the smallest block), which still holds the largest record (a GAP of 8 KiB).
     */
    private static final int MAX_BATCH_BYTES = 64 << 10;
    /** A batch of one HEADER; staged at the end of the staging array, which batches leave free. */
    private static final int HEADER_DOCUMENT_BYTES = JournalRecords.BATCH_HEADER_BYTES
        + JournalRecords.RECORD_HEADER_BYTES + JournalRecords.HEADER_BODY_BYTES + JournalRecords.CRC_BYTES;

    private final Path directory;
    private final File directoryFile;
    private final JournalConfig config;
    private final JournalHeader header;
    private final PipelineCounters counters;
    private final OneToOneRingBuffer ring;
    private final Runnable stallHook;
    private final byte[] stagingArray;
    private final int batchLimit;
    private final UnsafeBuffer staging;
    private final CRC32C crc = new CRC32C();
    private final String roleName;

    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private boolean opened;
    /** Written by the owning thread; volatile so that the feed stops feeding a writer that failed. */
    private volatile boolean enabled = true;
    /** Records taken from the ring (written, or dropped after a failure); read by the feed's lag gauge. */
    private volatile long recordsTaken;
    private int cycle;
    private long nextSequence;
    private int stagingLength;
    private int stagingCount;
    private long nextStorageCheckNs;
    private boolean storageChecked;
    private long lastTickNs;
    private boolean sawTick;

    JournalWriter(final JournalConfig config, final JournalHeader header, final PipelineCounters counters,
                  final OneToOneRingBuffer ring, final String roleName) {
        this.directory = config.eventsDirectory();
        this.directoryFile = directory.toFile();
        this.config = config;
        this.header = header;
        this.counters = counters;
        this.ring = ring;
        this.stallHook = config.stallHook();
        this.roleName = roleName;
        this.batchLimit = (int) Math.min(MAX_BATCH_BYTES, config.blockSizeBytes() / 4 - 256);
        this.stagingArray = new byte[batchLimit + HEADER_DOCUMENT_BYTES];
        this.staging = new UnsafeBuffer(stagingArray);
    }

    /** On the owning thread: opens the queue and its appender and writes the START header. */
    @Override
    public void onStart() {
        if (opened) {
            return;
        }
        opened = true;
        try {
            queue = SingleChronicleQueueBuilder.single(directoryFile)
                .rollCycle(config.rollCycle())
                .blockSize(config.blockSizeBytes())
                .indexSpacing(INDEX_SPACING)
                .timeProvider(config.timeProvider())
                .storeFileListener(new CycleRetention(config.keepCycles()))
                .build();
            appender = queue.createAppender();
            final DocumentContext dc = appender.writingDocument();
            cycle = appender.cycle();
            writeHeader(dc, JournalRecords.REASON_START);
        } catch (final Throwable t) {
            fail("opening", t);
        }
    }

    boolean isEnabled() {
        return enabled;
    }

    long recordsTaken() {
        return recordsTaken;
    }

    @Override
    public int doWork() {
        stallHook.run();
        stagingLength = JournalRecords.BATCH_HEADER_BYTES;
        stagingCount = 0;
        final int read = ring.controlledRead(this);
        if (read > 0) {
            if (enabled) {
                appendBatch();
                if (sawTick) {
                    sawTick = false;
                    checkStorage(lastTickNs);
                }
            }
            recordsTaken += read;
        }
        return read;
    }

    @Override
    public ControlledMessageHandler.Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer,
                                                     final int index, final int length) {
        if (!enabled) {
            return Action.CONTINUE;
        }
        if (stagingLength + JournalRecords.RECORD_HEADER_BYTES + length + JournalRecords.CRC_BYTES
            > batchLimit) {
            return stagingCount == 0 ? Action.CONTINUE : Action.ABORT;
        }
        staging.putByte(stagingLength, (byte) msgTypeId);
        staging.putShort(stagingLength + 1, (short) length, JournalRecords.LE);
        staging.putBytes(stagingLength + JournalRecords.RECORD_HEADER_BYTES, buffer, index, length);
        stagingLength += JournalRecords.RECORD_HEADER_BYTES + length;
        stagingCount++;
        if (msgTypeId == JournalRecordType.TICK.code()) {
            sawTick = true;
            lastTickNs = buffer.getLong(index, JournalRecords.LE);
        }
        return Action.CONTINUE;
    }

    /** Frames the staged records as a batch, checksums it and appends it as one excerpt. */
    private void appendBatch() {
        try {
            // Open the excerpt first: a roll writes its HEADER batch before this one, numbered before it.
            final DocumentContext dc = begin();
            final int length = seal();
            try {
                dc.wire().bytes().write(stagingArray, 0, length);
            } catch (final Throwable t) {
                // Never commit half a batch.
                dc.rollbackOnClose();
                throw t;
            } finally {
                dc.close();
            }
            counted(stagingCount, length);
        } catch (final Throwable t) {
            fail("appending a batch of " + stagingCount + " records", t);
        }
    }

    /** Writes the batch header and the CRC around the staged records; returns the document's length. */
    private int seal() {
        staging.putByte(0, (byte) JournalRecordType.BATCH_DOCUMENT);
        staging.putByte(1, (byte) JournalRecords.LAYOUT_VERSION);
        staging.putInt(JournalRecords.BATCH_COUNT_OFFSET, stagingCount, JournalRecords.LE);
        staging.putLong(JournalRecords.BATCH_SEQUENCE_OFFSET, nextSequence, JournalRecords.LE);
        nextSequence += stagingCount;
        crc.reset();
        crc.update(stagingArray, 0, stagingLength);
        staging.putInt(stagingLength, (int) crc.getValue(), JournalRecords.LE);
        return stagingLength + JournalRecords.CRC_BYTES;
    }

    /**
     * Once per {@link #STORAGE_CHECK_INTERVAL_NS} of event time: fails the writer when its directory is
     * gone. Chronicle would go on writing into the deleted (unlinked, still mapped) file, losing every
     * record silently until the next roll, when it recreates the directory.
     */
    private void checkStorage(final long nowNs) {
        if (storageChecked && nowNs - nextStorageCheckNs < 0) {
            return;
        }
        storageChecked = true;
        nextStorageCheckNs = nowNs + STORAGE_CHECK_INTERVAL_NS;
        if (!directoryFile.isDirectory()) {
            fail("checking the journal directory", new IllegalStateException("journal directory " + directory
                + " disappeared; records written since were lost"));
        }
    }

    /**
     * Opens the next excerpt. When opening it rolled the appender to a new cycle file, that excerpt gets
     * a ROLL header and the batch goes into the one after: so every cycle file starts with a HEADER,
     * with no race against the clock the appender rolls by.
     */
    private DocumentContext begin() {
        final DocumentContext dc = appender.writingDocument();
        final int now = appender.cycle();
        if (now == cycle) {
            return dc;
        }
        cycle = now;
        writeHeader(dc, JournalRecords.REASON_ROLL);
        return appender.writingDocument();
    }

    /**
     * Writes a batch of one HEADER into the open excerpt {@code dc} and closes it. Uses the end of the
     * staging array, so records staged for the next batch stay intact.
     */
    private void writeHeader(final DocumentContext dc, final int reason) {
        final int bodyBytes = JournalRecords.HEADER_BODY_BYTES;
        final int docBytes = HEADER_DOCUMENT_BYTES;
        final int o = stagingArray.length - docBytes;
        staging.putByte(o, (byte) JournalRecordType.BATCH_DOCUMENT);
        staging.putByte(o + 1, (byte) JournalRecords.LAYOUT_VERSION);
        staging.putInt(o + JournalRecords.BATCH_COUNT_OFFSET, 1, JournalRecords.LE);
        staging.putLong(o + JournalRecords.BATCH_SEQUENCE_OFFSET, nextSequence++, JournalRecords.LE);
        final int r = o + JournalRecords.BATCH_HEADER_BYTES;
        staging.putByte(r, (byte) JournalRecordType.HEADER.code());
        staging.putShort(r + 1, (short) bodyBytes, JournalRecords.LE);
        JournalRecords.writeHeader(staging, r + JournalRecords.RECORD_HEADER_BYTES, reason, header);
        crc.reset();
        crc.update(stagingArray, o, docBytes - JournalRecords.CRC_BYTES);
        staging.putInt(o + docBytes - JournalRecords.CRC_BYTES, (int) crc.getValue(), JournalRecords.LE);
        try {
            dc.wire().bytes().write(stagingArray, o, docBytes);
        } catch (final Throwable t) {
            dc.rollbackOnClose();
            throw t;
        } finally {
            dc.close();
        }
        counted(1, docBytes);
    }

    private void counted(final int records, final int documentBytes) {
        // This thread is the only writer of these counters.
        counters.journalRecords().getAndAddOrdered(records);
        counters.journalBytes().getAndAddOrdered(documentBytes + EXCERPT_HEADER_BYTES);
    }

    private void fail(final String what, final Throwable t) {
        if (!enabled) {
            return;
        }
        enabled = false;
        counters.journalFailures().increment();
        LOG.log(Level.ERROR, "bwe journal " + directory + " failed while " + what
            + "; journaling is off, estimation goes on", t);
        closeQuietly();
    }

    /** On the owning thread, when the pipeline stops: writes what is left in the buffer, then closes. */
    @Override
    public void onClose() {
        while (enabled && doWork() > 0) {
            // Drain: the stages stopped before this agent, so nothing more comes.
        }
        enabled = false;
        closeQuietly();
    }

    @Override
    public String roleName() {
        return roleName;
    }

    private void closeQuietly() {
        final ExcerptAppender a = appender;
        final SingleChronicleQueue q = queue;
        appender = null;
        queue = null;
        try {
            if (a != null) {
                a.close();
            }
        } catch (final Throwable t) {
            LOG.log(Level.DEBUG, "closing the journal appender of " + directory + " failed", t);
        }
        try {
            if (q != null) {
                q.close();
            }
        } catch (final Throwable t) {
            LOG.log(Level.DEBUG, "closing the journal queue " + directory + " failed", t);
        }
    }
}
