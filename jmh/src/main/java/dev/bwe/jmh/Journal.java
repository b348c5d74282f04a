package dev.bwe.jmh;

import java.nio.file.Path;
import java.util.function.BiFunction;

import dev.bwe.pipeline.BwePipeline;

/**
 * Whether bwe's pipeline journals every event while it is measured: the {@code journal} parameter of
 * {@link PipelineThroughputBenchmark}, which runs every constant.
 *
 * <p>Only {@link #OFF} for now. Once the journal stage lands, journaling "on" is one more constant that
 * configures it in the builder's scratch directory, for example
 * {@code ON((builder, directory) -> builder.journal(directory))} or, through the generic hook,
 * {@code ON((builder, directory) -> builder.extraStage(JournalStage.factory(directory)))}; nothing else
 * changes. The directory is a fresh temporary one per trial, deleted afterwards.
 */
public enum Journal {
    /** No journal stage: parse, estimate, timer. */
    OFF((builder, directory) -> builder);

    private final BiFunction<BwePipeline.Builder, Path, BwePipeline.Builder> configure;

    Journal(final BiFunction<BwePipeline.Builder, Path, BwePipeline.Builder> configure) {
        this.configure = configure;
    }

    /** Applies this setting to {@code builder}, with {@code directory} for the journal's files. */
    BwePipeline.Builder configure(final BwePipeline.Builder builder, final Path directory) {
        return configure.apply(builder, directory);
    }
}
