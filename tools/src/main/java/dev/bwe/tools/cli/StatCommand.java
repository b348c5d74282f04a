package dev.bwe.tools.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bwe.estimator.BandwidthUsage;
import dev.bwe.pipeline.stat.CountersFile;
import dev.bwe.pipeline.stat.SessionCounters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe stat}: reads a running pipeline's counters file from another process and prints every
 * counter with its rate per second since the previous refresh, refreshing until interrupted, as Aeron's
 * AeronStat does for a media driver, and the per-session table when the pipeline publishes it
 * ({@code BwePipeline.Builder#sessionCounters}); {@code --json} prints one JSON object per refresh instead
 * (fields in README "Monitoring").
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

    /** One published session's row (BwePipeline.Builder#sessionCounters) as read at one refresh. */
    private static final class SessionRow {
        final int shard;
        final long sessionId;
        long estimateBps;
        long streams;
        long detectorState;

        SessionRow(final int shard, final long sessionId) {
            this.shard = shard;
            this.sessionId = sessionId;
        }

        String state() {
            final BandwidthUsage[] states = BandwidthUsage.values();
            return detectorState >= 0 && detectorState < states.length ? states[(int) detectorState].name() : "?";
        }
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
                final Map<String, SessionRow> sessions = new TreeMap<>();
                read(file.reader(), readings, sessions);
                final double elapsedS = printed == 0 ? Double.NaN : (nowNs - previousNs) / 1e9;
                if (json) {
                    out.println(toJson(file.writerPid(), elapsedS, readings, previous, sessions.values()));
                } else {
                    printText(out, file.writerPid(), elapsedS, readings, previous);
                    printSessions(out, sessions.values());
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

    /** Pipeline counters into {@code readings}; published sessions' rows into {@code sessions}. */
    private static void read(final CountersReader reader, final List<Reading> readings,
                             final Map<String, SessionRow> sessions) {
        reader.forEach((id, typeId, key, label) -> {
            final long value = reader.getCounterValue(id);
            if (typeId != SessionCounters.TYPE_ID) {
                readings.add(new Reading(id, label, value));
                return;
            }
            final int shard = key.getInt(SessionCounters.SHARD_KEY_OFFSET);
            final long sessionId = key.getLong(SessionCounters.SESSION_ID_KEY_OFFSET);
            // Sorted by shard, then session (unsigned, zero-padded).
            final SessionRow row = sessions.computeIfAbsent(String.format("%08d/%020d", shard, sessionId),
                k -> new SessionRow(shard, sessionId));
            switch (key.getInt(SessionCounters.KIND_KEY_OFFSET)) {
                case SessionCounters.KIND_ESTIMATE_BPS -> row.estimateBps = value;
                case SessionCounters.KIND_STREAMS -> row.streams = value;
                case SessionCounters.KIND_DETECTOR_STATE -> row.detectorState = value;
                default -> { }
            }
        });
    }

    private static void printSessions(final PrintWriter out, final Collection<SessionRow> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        out.printf("%5s %20s %14s %8s   %s%n", "shard", "session", "estimate kbps", "streams", "detector");
        for (final SessionRow row : sessions) {
            out.printf("%5d %20s %,14.1f %8d   %s%n", row.shard, Long.toUnsignedString(row.sessionId),
                row.estimateBps / 1000.0, row.streams, row.state());
        }
        out.println();
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
                          final Int2ObjectHashMap<Reading> previous, final Collection<SessionRow> sessionRows) {
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
        final ArrayNode sessions = root.putArray("sessions");
        for (final SessionRow row : sessionRows) {
            final ObjectNode s = sessions.addObject();
            s.put("shard", row.shard);
            s.put("session", Long.toUnsignedString(row.sessionId));
            s.put("estimateBps", row.estimateBps);
            s.put("streams", row.streams);
            s.put("detectorState", row.state());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
