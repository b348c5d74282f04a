package dev.bwe.jmh;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.journal.JournalConfig;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Whether bwe's pipeline journals every event while it is measured: the {@code journal} parameter of
 * {@link PipelineThroughputBenchmark}, which runs every constant.
 *
 * <p>{@link #ON} journals into a fresh temporary directory per trial, deleted afterwards, with the
 * defaults (2 MiB block size, 2 MiB buffer, {@code Overflow.DROP}): the timer stage copies every event,
 * estimate update and REMB into the journal's buffer and the journal thread writes them as checksummed
 * batches. When the journal thread cannot keep up it writes GAP records (counted in the pipeline's
 * {@code journal gaps} counter) rather than slow the ring.
 */
public enum Journal {
    /** No journal: parse, estimate, timer. */
    OFF((builder, directory) -> builder),
    /** The Chronicle Queue journal of every event and every REMB. */
    ON((builder, directory) -> builder.journal(JournalConfig.of(directory)));

    private final BiFunction<BwePipeline.Builder, Path, BwePipeline.Builder> configure;

    Journal(final BiFunction<BwePipeline.Builder, Path, BwePipeline.Builder> configure) {
        this.configure = configure;
    }

    /** Applies this setting to {@code builder}, with {@code directory} for the journal's files. */
    BwePipeline.Builder configure(final BwePipeline.Builder builder, final Path directory) {
        return configure.apply(builder, directory);
    }
}
