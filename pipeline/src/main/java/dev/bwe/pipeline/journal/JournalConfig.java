package dev.bwe.pipeline.journal;

import java.nio.file.Path;
import java.util.Objects;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Where and how a pipeline journals: a directory holding one Chronicle queue, {@code events/} (every
 * event in ring order, with the estimate updates and the REMBs the timer decided, and any GAP), rolled
 * every {@link #rollCycle()} and trimmed to the newest {@link #keepCycles()} cycle files, so the disk
 * used stays bounded; and a buffer of {@link #bufferBytes()} between the pipeline and the journal's
 * thread, which the pipeline fills without waiting ({@link Overflow}). Immutable.
 */
public final class JournalConfig {
    static {
        // First: the Chronicle classes below initialise with this class.
        ChronicleDefaults.apply();
    }

    /** Default roll cycle: one file per hour per queue. */
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_HOURLY;
    /** Default number of cycle files kept per queue: a day of hourly files. */
    public static final int DEFAULT_KEEP_CYCLES = 24;
    /**
     * Default Chronicle block size: 2 MiB holds ~45,000 packet records before the file grows by another
     * block. Chronicle's own default (64 MiB) makes large sparse files, pointless at ~50 B a record.
     */
    public static final long DEFAULT_BLOCK_SIZE_BYTES = 2L << 20;
    /** Smallest block size accepted. */
    public static final long MIN_BLOCK_SIZE_BYTES = 64L << 10;
    /** Largest block size accepted. */
    public static final long MAX_BLOCK_SIZE_BYTES = 1L << 30;

    /** Sub-directory of the events queue. */
    public static final String EVENTS_QUEUE = "events";
    /** Default buffer between the timer stage and the journal thread: ~37,000 packet records. */
    public static final int DEFAULT_BUFFER_BYTES = 2 << 20;

    /** What the pipeline does when the journal's buffer is full (the journal thread or its disk is behind). */
    public enum Overflow {
        /**
         * Lose journal records, never packets, and say so with a GAP record (session and control
         * events are never lost): the live setting, where nothing waits for the disk.
         */
        DROP,
        /**
         * Wait for room: for offline runs only (import, simulation), where a complete journal matters
         * more than time. A live relay must not use it: a stalled disk would stall the REMBs.
         */
        WAIT
    }

    private final Path directory;
    private final RollCycle rollCycle;
    private final int keepCycles;
    private final long blockSizeBytes;
    private final TimeProvider timeProvider;
    private final int bufferBytes;
    private final Overflow overflow;
    private final Runnable stallHook;

    private JournalConfig(final Builder b) {
        this.bufferBytes = b.bufferBytes;
        this.overflow = b.overflow;
        this.stallHook = b.stallHook;
        this.directory = b.directory;
        this.rollCycle = b.rollCycle;
        this.keepCycles = b.keepCycles;
        this.blockSizeBytes = b.blockSizeBytes;
        this.timeProvider = b.timeProvider;
    }

    /** A config journaling into {@code directory} with the defaults. */
    public static JournalConfig of(final Path directory) {
        return builder(directory).build();
    }

    public static Builder builder(final Path directory) {
        return new Builder(directory);
    }

    /** The journal's directory (it holds the queue {@value #EVENTS_QUEUE}/). */
    public Path directory() {
        return directory;
    }

    /** The events queue's directory. */
    public Path eventsDirectory() {
        return directory.resolve(EVENTS_QUEUE);
    }

    /** Bytes of the buffer between the timer stage and the journal thread (a power of two). */
    public int bufferBytes() {
        return bufferBytes;
    }

    public Overflow overflow() {
        return overflow;
    }

    /** Called by the journal thread before each batch: tests inject a stall here. */
    Runnable stallHook() {
        return stallHook;
    }

    public RollCycle rollCycle() {
        return rollCycle;
    }

    /** Cycle files kept per queue (the current one included); older ones are deleted on roll. */
    public int keepCycles() {
        return keepCycles;
    }

    public long blockSizeBytes() {
        return blockSizeBytes;
    }

    /** The wall clock Chronicle rolls by: the system's, or a settable one in tests. */
    public TimeProvider timeProvider() {
        return timeProvider;
    }

    /** The same settings for shard {@code shard}: its own sub-directory, since shards share nothing. */
    public JournalConfig forShard(final int shard) {
        final Builder b = new Builder(directory.resolve("shard-" + shard));
        b.rollCycle = rollCycle;
        b.keepCycles = keepCycles;
        b.blockSizeBytes = blockSizeBytes;
        b.timeProvider = timeProvider;
        b.bufferBytes = bufferBytes;
        b.overflow = overflow;
        b.stallHook = stallHook;
        return b.build();
    }

    @Override
    public String toString() {
        return "JournalConfig{directory=" + directory + ", rollCycle=" + rollCycle + ", keepCycles=" + keepCycles
            + ", blockSizeBytes=" + blockSizeBytes + ", bufferBytes=" + bufferBytes + ", overflow=" + overflow + '}';
    }

    /** Builds a {@link JournalConfig}; every setter validates at once. */
    public static final class Builder {
        private final Path directory;
        private RollCycle rollCycle = DEFAULT_ROLL_CYCLE;
        private int keepCycles = DEFAULT_KEEP_CYCLES;
        private long blockSizeBytes = DEFAULT_BLOCK_SIZE_BYTES;
        private TimeProvider timeProvider = SystemTimeProvider.INSTANCE;
        private int bufferBytes = DEFAULT_BUFFER_BYTES;
        private Overflow overflow = Overflow.DROP;
        private Runnable stallHook = () -> { };

        private Builder(final Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        public Builder rollCycle(final RollCycle cycle) {
            this.rollCycle = Objects.requireNonNull(cycle, "rollCycle");
            return this;
        }

        /** Cycle files kept per queue, at least 1 (the one being written). */
        public Builder keepCycles(final int cycles) {
            if (cycles < 1) {
                throw new IllegalArgumentException("keepCycles must be >= 1, was " + cycles);
            }
            this.keepCycles = cycles;
            return this;
        }

        /** Chronicle's block size (how much a queue file grows at a time), 64 KiB..1 GiB. */
        public Builder blockSizeBytes(final long bytes) {
            if (bytes < MIN_BLOCK_SIZE_BYTES || bytes > MAX_BLOCK_SIZE_BYTES) {
                throw new IllegalArgumentException("blockSizeBytes must be in " + MIN_BLOCK_SIZE_BYTES + ".."
                    + MAX_BLOCK_SIZE_BYTES + ", was " + bytes);
            }
            this.blockSizeBytes = bytes;
            return this;
        }

        /** The wall clock Chronicle rolls cycles by (tests: a {@code SetTimeProvider}). */
        public Builder timeProvider(final TimeProvider provider) {
            this.timeProvider = Objects.requireNonNull(provider, "timeProvider");
            return this;
        }

        /** Bytes between the timer stage and the journal thread: a power of two, 64 KiB..1 GiB. */
        public Builder bufferBytes(final int bytes) {
            if (bytes < (64 << 10) || bytes > (1 << 30) || Integer.bitCount(bytes) != 1) {
                throw new IllegalArgumentException("bufferBytes must be a power of two in 64 KiB..1 GiB, was " + bytes);
            }
            this.bufferBytes = bytes;
            return this;
        }

        /** {@link Overflow#DROP} (the default, live) or {@link Overflow#WAIT} (offline runs only). */
        public Builder overflow(final Overflow policy) {
            this.overflow = Objects.requireNonNull(policy, "overflow");
            return this;
        }

        /** Tests: run {@code hook} on the journal thread before each batch (to stall it). */
        Builder stallHook(final Runnable hook) {
            this.stallHook = Objects.requireNonNull(hook, "stallHook");
            return this;
        }

        public JournalConfig build() {
            return new JournalConfig(this);
        }
    }
}
