package dev.bwe.tools.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the sampled time series of a run as CSV: a header line, then one row per sample per session
 * (sessions in configuration order, samples in time order). Numbers use {@code .} as decimal point
 * whatever the default locale; lines end with {@code \n}.
 */
public final class TimeSeriesCsv {
    /** The columns, in order; units are in the names. */
    public static final List<String> COLUMNS = List.of("session_id", "time_s", "capacity_bps", "target_bps",
        "send_rate_bps", "received_rate_bps", "cross_rate_bps", "estimate_bps", "queue_delay_ms");

    private TimeSeriesCsv() {
    }

    /** Writes {@code result}'s time series to {@code file}, replacing it. */
    public static void write(final SimulationResult result, final Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(result, out);
        }
    }

    /** Writes {@code result}'s time series to {@code out}; does not close it. */
    public static void write(final SimulationResult result, final Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        for (final SessionResult session : result.sessions()) {
            for (final Sample s : session.samples()) {
                out.write(String.format(Locale.ROOT, "%d,%.3f,%d,%d,%d,%d,%d,%d,%.3f\n", session.sessionId(),
                    s.timeS(), s.capacityBps(), s.targetBps(), s.sendRateBps(), s.receivedRateBps(),
                    s.crossRateBps(), s.estimateBps(), s.queueDelayMs()));
            }
        }
        out.flush();
    }
}
