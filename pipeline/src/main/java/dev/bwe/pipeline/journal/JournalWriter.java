package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.io.File;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends fixed-layout records ({@link JournalRecords}) to one Chronicle queue. Confined to one thread
 * from {@link #open()} on: Chronicle appenders are thread-confined, and one writer per queue avoids
 * Chronicle's write lock. Nothing is allocated per record.
 *
 * <p>Every cycle file starts with a HEADER record: a START header when the writer opens, a ROLL header
 * before the first record of each new cycle, so a journal trimmed by retention still describes itself.
 *
 * <p>Any failure (an exception or error from Chronicle: disk full, which arrives as an
 * {@link InternalError} from a faulting memory-mapped write; a directory that disappeared) disables the
 * writer for good: it is counted in {@code journalFailures}, logged once per pipeline, the queue is
 * closed, and every later append is a no-op. Estimation never waits for, or fails because of, the journal.
 */
final class JournalWriter implements AutoCloseable {
    static {
        ChronicleDefaults.apply();
    }

    private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());
    /** How often (in event time) the writer checks that its directory still exists: a stat per second. */
    static final long STORAGE_CHECK_INTERVAL_NS = 1_000_000_000L;
    /** Chronicle's length header in front of every excerpt, bytes. */
    private static final int EXCERPT_HEADER_BYTES = 4;

    private final Path directory;
    private final File directoryFile;
    private final JournalConfig config;
    private final JournalHeader header;
    private final PipelineCounters counters;
    private final AtomicBoolean failureLogged;

    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private boolean opened;
    /** Written by the owning thread; volatile so that {@link JournalStage#isEnabled()} can be asked anywhere. */
    private volatile boolean enabled;
    private int cycle;
    private long nextStorageCheckNs;
    private boolean storageChecked;

    /** @param failureLogged shared by the writers of one pipeline, so that a failure is logged once */
    JournalWriter(final Path directory, final JournalConfig config, final JournalHeader header,
                  final PipelineCounters counters, final AtomicBoolean failureLogged) {
        this.failureLogged = failureLogged;
        this.directory = directory;
        this.directoryFile = directory.toFile();
        this.config = config;
        this.header = header;
        this.counters = counters;
    }

    /** On the owning thread: opens the queue and its appender and writes the START header. Idempotent. */
    void open() {
        if (opened) {
            return;
        }
        opened = true;
        try {
            queue = SingleChronicleQueueBuilder.single(directoryFile)
                .rollCycle(config.rollCycle())
                .blockSize(config.blockSizeBytes())
                .timeProvider(config.timeProvider())
                .storeFileListener(new CycleRetention(config.keepCycles()))
                .build();
            appender = queue.createAppender();
            enabled = true;
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

    /** Appends a PACKET, TICK, OPEN_SESSION or CLOSE_SESSION record; other types are ignored. */
    void appendEvent(final PipelineEvent event) {
        final int bytes = JournalRecords.eventBytes(event.type);
        if (!enabled || bytes < 0) {
            return;
        }
        try {
            final DocumentContext dc = begin();
            try {
                JournalRecords.writeEvent(dc.wire().bytes(), event);
            } catch (final Throwable t) {
                // Never commit half a record.
                dc.rollbackOnClose();
                throw t;
            } finally {
                dc.close();
            }
            counted(bytes);
        } catch (final Throwable t) {
            fail("appending a " + JournalRecords.typeName(event.type) + " record", t);
        }
    }

    /** Appends a REMB record. */
    void appendRemb(final RembView remb) {
        if (!enabled) {
            return;
        }
        try {
            final DocumentContext dc = begin();
            try {
                JournalRecords.writeRemb(dc.wire().bytes(), remb.timeNs(), remb.sessionId(), remb.bitrateBps(),
                    remb.ssrcs());
            } catch (final Throwable t) {
                dc.rollbackOnClose();
                throw t;
            } finally {
                dc.close();
            }
            counted(JournalRecords.REMB_BASE_BYTES + 4 * remb.ssrcs().size());
        } catch (final Throwable t) {
            fail("appending a REMB record", t);
        }
    }

    void appendEstimatorSwitch(final long timeNs, final long sessionId, final int ssrc, final int toKind) {
        if (!enabled) {
            return;
        }
        try {
            final DocumentContext dc = begin();
            try {
                JournalRecords.writeEstimatorSwitch(dc.wire().bytes(), timeNs, sessionId, ssrc, toKind);
            } catch (final Throwable t) {
                dc.rollbackOnClose();
                throw t;
            } finally {
                dc.close();
            }
            counted(JournalRecords.ESTIMATOR_SWITCH_BYTES);
        } catch (final Throwable t) {
            fail("appending an ESTIMATOR_SWITCH record", t);
        }
    }

    /**
     * Once per {@link #STORAGE_CHECK_INTERVAL_NS} of event time: fails the writer when its directory is
     * gone. Chronicle would go on writing into the deleted (unlinked, still mapped) file, losing every
     * record silently until the next roll, when it recreates the directory.
     */
    void checkStorage(final long nowNs) {
        if (!enabled) {
            return;
        }
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
     * a ROLL header and the record goes into the one after: so every cycle file starts with a HEADER,
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

    /** Writes a HEADER into the open excerpt {@code dc} and closes it. */
    private void writeHeader(final DocumentContext dc, final int reason) {
        try {
            JournalRecords.writeHeader(dc.wire().bytes(), reason, header);
        } catch (final Throwable t) {
            dc.rollbackOnClose();
            throw t;
        } finally {
            dc.close();
        }
        counted(JournalRecords.HEADER_BYTES);
    }

    private void counted(final int recordBytes) {
        // Atomic adds: the events writer (journal thread) and the REMB writer (timer thread) share these.
        counters.journalRecords().increment();
        counters.journalBytes().getAndAdd(recordBytes + EXCERPT_HEADER_BYTES);
    }

    private void fail(final String what, final Throwable t) {
        enabled = false;
        counters.journalFailures().increment();
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(Level.ERROR, "bwe journal " + directory + " failed while " + what
                + "; journaling is off, estimation goes on (a failure of the other journal queue is counted, "
                + "not logged)", t);
        } else {
            LOG.log(Level.DEBUG, "bwe journal " + directory + " failed while " + what, t);
        }
        closeQuietly();
    }

    /** On the owning thread: closes the appender and the queue. Idempotent. */
    @Override
    public void close() {
        enabled = false;
        closeQuietly();
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
