package dev.bwe.tools.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code bwe} command line. Errors the user can fix (a wrong path, an unreadable journal, a
 * malformed CSV line, an unknown option) print one line saying what and where and exit with code 2;
 * the stack trace only with {@code --verbose}.
 */
@Command(name = "bwe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Receive-side bandwidth estimation (GCC, abs-send-time) with RTCP REMB: simulate, replay, "
        + "import, dump and watch a running pipeline.",
    subcommands = {DemoCommand.class, SimulateCommand.class, ReplayCommand.class, ImportCommand.class,
        DumpCommand.class, StatCommand.class, RelayCommand.class, CommandLine.HelpCommand.class})
public final class BweCli {
    /** Exit code of a usage or input error. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--verbose", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    static {
        // Chronicle Queue phones home and prints a banner unless told not to; a CLI user should never see either.
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("chronicle.disk.monitor.disable", "true");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.net.openhft", "warn");
    }

    private static void setIfAbsent(final String key, final String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static void main(final String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI in-process with the given streams (tests); returns the exit code. */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
        final BweCli root = new BweCli();
        final CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, argv) -> {
            err.println("bwe: " + ex.getMessage());
            err.println("Try 'bwe " + commandPath(ex.getCommandLine()) + "--help'.");
            err.flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("bwe: " + describe(ex));
            if (root.verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UserError || ex instanceof IllegalArgumentException
                || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException ? EXIT_USAGE : 1;
        });
        final int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String commandPath(final CommandLine commandLine) {
        final String name = commandLine.getCommandName();
        return "bwe".equals(name) ? "" : name + " ";
    }

    private static String describe(final Exception ex) {
        final String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + message;
        }
        return message;
    }
}
