package dev.bwe.pipeline.journal;

import java.nio.file.Path;
import java.util.Objects;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Where and how a pipeline journals: a directory holding two Chronicle queues, {@code events/} (every
 * event in ring order) and {@code rembs/} (every REMB sent), rolled every {@link #rollCycle()} and
 * trimmed to the newest {@link #keepCycles()} cycle files each, so the disk used stays bounded.
 * Immutable.
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
    /** Sub-directory of the REMB queue. */
    public static final String REMBS_QUEUE = "rembs";

    private final Path directory;
    private final RollCycle rollCycle;
    private final int keepCycles;
    private final long blockSizeBytes;
    private final TimeProvider timeProvider;

    private JournalConfig(final Builder b) {
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

    /** The journal's directory (it holds {@value #EVENTS_QUEUE}/ and {@value #REMBS_QUEUE}/). */
    public Path directory() {
        return directory;
    }

    /** The events queue's directory. */
    public Path eventsDirectory() {
        return directory.resolve(EVENTS_QUEUE);
    }

    /** The REMB queue's directory. */
    public Path rembsDirectory() {
        return directory.resolve(REMBS_QUEUE);
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
        return b.build();
    }

    @Override
    public String toString() {
        return "JournalConfig{directory=" + directory + ", rollCycle=" + rollCycle + ", keepCycles=" + keepCycles
            + ", blockSizeBytes=" + blockSizeBytes + '}';
    }

    /** Builds a {@link JournalConfig}; every setter validates at once. */
    public static final class Builder {
        private final Path directory;
        private RollCycle rollCycle = DEFAULT_ROLL_CYCLE;
        private int keepCycles = DEFAULT_KEEP_CYCLES;
        private long blockSizeBytes = DEFAULT_BLOCK_SIZE_BYTES;
        private TimeProvider timeProvider = SystemTimeProvider.INSTANCE;

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

        public JournalConfig build() {
            return new JournalConfig(this);
        }
    }
}
