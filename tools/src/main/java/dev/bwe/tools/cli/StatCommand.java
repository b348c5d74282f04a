package dev.bwe.tools.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwe.pipeline.stat.CountersFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.collections.Int2ObjectHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe stat}: reads a running pipeline's counters file from another process and prints every
 * counter with its rate per second since the previous refresh, refreshing until interrupted, as Aeron's
 * AeronStat does for a media driver; {@code --json} prints one JSON object per refresh instead (fields in
 * README "Monitoring").
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Print a running pipeline's counters (from its counters file) with rates per second, "
        + "refreshing every interval.")
final class StatCommand implements Callable<Integer> {
    /** "bwe[3] packets published" → shard 3, name "packets published". */
    private static final Pattern LABEL = Pattern.compile("bwe\\[(\\d+)] (.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Option(names = "--json", description = "One JSON object per refresh, on one line (for scripts).")
    boolean json;

    /** One counter as read at one refresh. */
    private record Reading(int id, String label, long value) {
    }

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero()) {
            throw new UserError("--interval must be positive, was " + interval);
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (CountersFile file = CountersFile.openForReading(countersFile)) {
            final Int2ObjectHashMap<Reading> previous = new Int2ObjectHashMap<>();
            long previousNs = 0;
            for (int printed = 0; count == 0 || printed < count; printed++) {
                if (printed > 0) {
                    LockSupport.parkNanos(interval.toNanos());
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
                final long nowNs = System.nanoTime();
                final List<Reading> readings = new ArrayList<>();
                file.reader().forEach((value, id, label) -> readings.add(new Reading(id, label, value)));
                final double elapsedS = printed == 0 ? Double.NaN : (nowNs - previousNs) / 1e9;
                if (json) {
                    out.println(toJson(file.writerPid(), elapsedS, readings, previous));
                } else {
                    printText(out, file.writerPid(), elapsedS, readings, previous);
                }
                out.flush();
                previous.clear();
                readings.forEach(r -> previous.put(r.id(), r));
                previousNs = nowNs;
            }
        } catch (final IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        return 0;
    }

    /** Per second since the previous refresh; NaN on the first refresh or for a counter that was not there. */
    private static double rate(final Reading r, final Int2ObjectHashMap<Reading> previous, final double elapsedS) {
        final Reading before = previous.get(r.id());
        if (Double.isNaN(elapsedS) || elapsedS <= 0 || before == null || !before.label().equals(r.label())) {
            return Double.NaN;
        }
        return (r.value() - before.value()) / elapsedS;
    }

    private void printText(final PrintWriter out, final long pid, final double elapsedS, final List<Reading> readings,
                           final Int2ObjectHashMap<Reading> previous) {
        out.printf("%s - bwe counters of pid %d (%s)%n", LocalTime.now().withNano(0), pid, countersFile);
        out.printf("%3s  %20s %14s   %s%n", "id", "total", "per second", "counter");
        out.println("=".repeat(80));
        for (final Reading r : readings) {
            final double rate = rate(r, previous, elapsedS);
            out.printf("%3d: %,20d %14s - %s%n", r.id(), r.value(),
                Double.isNaN(rate) ? "-" : String.format("%,.1f", rate), r.label());
        }
        out.println();
    }

    private String toJson(final long pid, final double elapsedS, final List<Reading> readings,
                          final Int2ObjectHashMap<Reading> previous) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        root.put("pid", pid);
        root.put("file", countersFile.toString());
        if (Double.isNaN(elapsedS)) {
            root.putNull("elapsedSeconds");
        } else {
            root.put("elapsedSeconds", elapsedS);
        }
        final ArrayNode counters = root.putArray("counters");
        for (final Reading r : readings) {
            final ObjectNode c = counters.addObject();
            c.put("id", r.id());
            c.put("label", r.label());
            final Matcher m = LABEL.matcher(r.label());
            if (m.matches()) {
                c.put("shard", Integer.parseInt(m.group(1)));
                c.put("name", m.group(2));
            } else {
                c.putNull("shard");
                c.put("name", r.label());
            }
            c.put("value", r.value());
            final double rate = rate(r, previous, elapsedS);
            if (Double.isNaN(rate)) {
                c.putNull("perSecond");
            } else {
                c.put("perSecond", rate);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
