package dev.bwe.tools.cli;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.journal.JournalConfig;
import java.nio.file.Path;

/** Wires a journal into a pipeline builder for the commands that write one. */
final class JournalOptions {
    private JournalOptions() {
    }

    static void apply(final BwePipeline.Builder builder, final Path directory) {
        builder.journal(JournalConfig.of(directory));
    }
}
