package dev.bwe.tools.cli;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.journal.JournalConfig;
import java.nio.file.Path;

/** Wires a journal into a pipeline builder for the commands that write one. */
final class JournalOptions {
    private JournalOptions() {
    }

    /**
     * The commands that journal (demo, import, simulate, a trace through the pipeline) run offline, as
     * fast as the pipeline goes: the journal waits for its thread rather than lose records
     * ({@link JournalConfig.Overflow#WAIT}), so that their journals are whole. A live relay uses DROP.
     */
    static void apply(final BwePipeline.Builder builder, final Path directory) {
        builder.journal(JournalConfig.builder(directory).overflow(JournalConfig.Overflow.WAIT).build());
    }
}
