package dev.bwe.tools.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process through picocli and keeps what it printed. */
final class CliHarness {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int exitCode;

    private CliHarness(final String... args) {
        exitCode = BweCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    static CliHarness run(final String... args) {
        return new CliHarness(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
