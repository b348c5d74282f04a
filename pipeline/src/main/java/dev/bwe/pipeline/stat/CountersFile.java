package dev.bwe.pipeline.stat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The pipeline's counters in a memory-mapped file that another process can read while the pipeline
 * runs, as Aeron's CnC file lets AeronStat read a media driver's counters.
 *
 * <p>Layout: a 64-byte header (magic, layout version, metadata length, values length, writer pid,
 * start time), then Agrona's counters metadata section, then the values section. Values are written
 * with ordered stores by their single writer; a reader sees each value whole.
 */
public final class CountersFile implements AutoCloseable {
    /** "BWECNTRS" in ASCII. */
    public static final long MAGIC = 0x425745434E545253L;
    public static final int LAYOUT_VERSION = 1;
    public static final int HEADER_LENGTH = 64;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int METADATA_LENGTH_OFFSET = 12;
    static final int VALUES_LENGTH_OFFSET = 16;
    static final int PID_OFFSET = 24;
    static final int START_TIME_OFFSET = 32;
    /** Room for this many counters: a few dozen per shard, so 1024 covers 16+ shards. */
    public static final int DEFAULT_MAX_COUNTERS = 1024;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final CountersManager manager;
    private final CountersReader reader;
    private boolean closed;

    private CountersFile(final Path path, final MappedByteBuffer mapped, final CountersManager manager,
                         final CountersReader reader) {
        this.path = path;
        this.mapped = mapped;
        this.manager = manager;
        this.reader = reader;
    }

    /** Creates (or replaces) the file with room for {@code maxCounters} counters, ready to allocate. */
    public static CountersFile create(final Path path, final int maxCounters) {
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final long fileLength = (long) HEADER_LENGTH + metadataLength + valuesLength;
        try {
            final Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot create counters file " + path + ": " + e.getMessage(), e);
        }
        final MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), fileLength);
        final UnsafeBuffer whole = new UnsafeBuffer(mapped);
        final AtomicBuffer metadata = new UnsafeBuffer(whole, HEADER_LENGTH, metadataLength);
        final AtomicBuffer values = new UnsafeBuffer(whole, HEADER_LENGTH + metadataLength, valuesLength);
        whole.putInt(VERSION_OFFSET, LAYOUT_VERSION);
        whole.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        whole.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        whole.putLong(PID_OFFSET, ProcessHandle.current().pid());
        whole.putLong(START_TIME_OFFSET, System.currentTimeMillis());
        // Magic last: a reader that sees it sees a complete header.
        whole.putLongVolatile(MAGIC_OFFSET, MAGIC);
        // Freed per-session rows wait before reuse (see SessionCounters): a late write cannot land in a new row.
        final CountersManager manager = new CountersManager(metadata, values, StandardCharsets.US_ASCII,
            SystemEpochClock.INSTANCE, SessionCounters.FREE_TO_REUSE_MS);
        return new CountersFile(path, mapped, manager, manager);
    }

    /** A counters set in memory only (no file), for tests, replay and embedded use without {@code bwe stat}. */
    public static CountersManager inMemory(final int maxCounters) {
        // Direct buffers: atomic counters need 8-byte alignment, which a byte[] cannot promise.
        return new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(maxCounters * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(maxCounters * CountersReader.COUNTER_LENGTH)),
            StandardCharsets.US_ASCII, SystemEpochClock.INSTANCE, SessionCounters.FREE_TO_REUSE_MS);
    }

    /**
     * Opens an existing file for reading, from any process.
     *
     * @throws IllegalArgumentException when the file is missing, too short, or not a bwe counters file
     */
    public static CountersFile openForReading(final Path path) {
        final File file = path.toFile();
        if (!file.isFile()) {
            throw new IllegalArgumentException("no counters file at " + path);
        }
        if (file.length() < HEADER_LENGTH) {
            throw new IllegalArgumentException("not a bwe counters file (only " + file.length() + " bytes): " + path);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "bwe counters");
        final UnsafeBuffer whole = new UnsafeBuffer(mapped);
        if (whole.getLongVolatile(MAGIC_OFFSET) != MAGIC) {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("not a bwe counters file (bad magic): " + path);
        }
        final int version = whole.getInt(VERSION_OFFSET);
        if (version != LAYOUT_VERSION) {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("counters file " + path + " has layout version " + version
                + ", this reader knows " + LAYOUT_VERSION);
        }
        final int metadataLength = whole.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = whole.getInt(VALUES_LENGTH_OFFSET);
        if (metadataLength < 0 || valuesLength < 0
            || (long) HEADER_LENGTH + metadataLength + valuesLength > whole.capacity()) {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException("counters file " + path + " is truncated");
        }
        final CountersReader reader = new CountersReader(
            new UnsafeBuffer(whole, HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(whole, HEADER_LENGTH + metadataLength, valuesLength),
            StandardCharsets.US_ASCII);
        return new CountersFile(path, mapped, null, reader);
    }

    public Path path() {
        return path;
    }

    /** The manager to allocate counters with; only for a file made by {@link #create}. */
    public CountersManager manager() {
        if (manager == null) {
            throw new IllegalStateException("counters file opened for reading: " + path);
        }
        return manager;
    }

    public CountersReader reader() {
        return reader;
    }

    /** Pid of the process that created the file. */
    public long writerPid() {
        return new UnsafeBuffer(mapped).getLong(PID_OFFSET);
    }

    /** Unmaps the file (idempotent). The file stays on disk so that a final read is possible. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }
}
