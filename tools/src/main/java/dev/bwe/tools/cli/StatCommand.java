package dev.bwe.tools.cli;

import dev.bwe.pipeline.stat.CountersFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bwe stat}: reads a running pipeline's counters file from another process and prints every
 * counter, refreshing until interrupted, as Aeron's AeronStat does for a media driver.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Print a running pipeline's counters (from its counters file), refreshing every interval.")
final class StatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--counters", required = true, paramLabel = "FILE",
        description = "The pipeline's counters file (BwePipeline.Builder#countersFile).")
    Path countersFile;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
        converter = DurationConverter.class, description = "Refresh interval (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
        description = "Print N times and exit (0: until interrupted).")
    int count;

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero()) {
            throw new UserError("--interval must be positive, was " + interval);
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (CountersFile file = CountersFile.openForReading(countersFile)) {
            for (int printed = 0; count == 0 || printed < count; printed++) {
                if (printed > 0) {
                    LockSupport.parkNanos(interval.toNanos());
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
                out.printf("%s - bwe counters of pid %d (%s)%n", java.time.LocalTime.now().withNano(0),
                    file.writerPid(), countersFile);
                out.println("=".repeat(72));
                file.reader().forEach((value, id, label) -> out.printf("%3d: %,20d - %s%n", id, value, label));
                out.println();
                out.flush();
            }
        } catch (final IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        return 0;
    }
}
