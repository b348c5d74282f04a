package dev.bwe.relay.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The closed-loop comparison as a table: one column per receiver (bwe parity, bwe adaptive, libwebrtc), one row
 * per figure, each cell the median over the runs (NaN runs, a threshold never reached, left out and counted).
 * What the benchmark command prints and writes.
 */
final class ClosedLoopReport {
    private final Map<String, List<ShapedRun>> runs;
    private final String link;
    private final StringBuilder table = new StringBuilder();

    private ClosedLoopReport(final Map<String, List<ShapedRun>> runs, final String link) {
        this.runs = runs;
        this.link = link;
    }

    static String of(final Map<String, List<ShapedRun>> runs, final String link) {
        return new ClosedLoopReport(runs, link).build();
    }

    private String build() {
        final int n = runs.values().stream().mapToInt(List::size).max().orElse(0);
        table.append(String.format(Locale.ROOT, "Chromium through the shaper (%s), median of %d run%s per receiver"
            + " (machine shared with parallel builds):%n%n| figure |", link, n, n == 1 ? "" : "s"));
        runs.keySet().forEach(k -> table.append(' ').append(k).append(" |"));
        table.append("\n|---|").append("---:|".repeat(runs.size())).append('\n');
        final double low = ClosedLoopBrowserTest.CAPACITY_LOW_BPS;
        final double rise = ClosedLoopBrowserTest.RISE_S;
        final double drop = ClosedLoopBrowserTest.DROP_S;
        final double end = ClosedLoopBrowserTest.END_S;
        row("rise: s until the estimate >= 450 kbps", r -> r.secondsUntilEstimateReaches(rise, 1.5 * low));
        row("rise: s until Chromium's availableOutgoingBitrate >= 450 kbps",
            r -> r.secondsUntilAvailableReaches(rise, 1.5 * low));
        row("drop: s until the estimate <= 300 kbps", r -> r.secondsUntilEstimateAtMost(drop, low));
        row("mean estimate 8-20 s (300 kbps), kbps", r -> r.meanEstimateBps(8, rise) / 1000);
        row("mean estimate 30-45 s (1 Mbps), kbps", r -> r.meanEstimateBps(30, drop) / 1000);
        row("mean estimate 48-55 s (300 kbps again), kbps", r -> r.meanEstimateBps(drop + 3, end) / 1000);
        row("Chromium send rate 8-20 s, kbps", r -> r.sendRateBps(8, rise) / 1000);
        row("Chromium send rate 30-45 s, kbps", r -> r.sendRateBps(30, drop) / 1000);
        row("queueing delay p95 8-20 s, ms", r -> r.queueDelayMs(8, rise, 0.95));
        row("queueing delay p95 20-45 s, ms", r -> r.queueDelayMs(rise, drop, 0.95));
        row("queueing delay p95 45-55 s, ms", r -> r.queueDelayMs(drop, end, 0.95));
        row("drops 0-55 s, %", r -> 100 * r.dropFraction(0, end));
        return table.toString();
    }

    private void row(final String figure, final ToDoubleFunction<ShapedRun> value) {
        table.append("| ").append(figure).append(" |");
        for (final List<ShapedRun> each : runs.values()) {
            final double[] values = each.stream().mapToDouble(value).toArray();
            final double[] reached = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
            final int missed = values.length - reached.length;
            table.append(' ').append(reached.length == 0 ? "never" : String.format(Locale.ROOT, "%.1f",
                median(reached))).append(missed > 0 && reached.length > 0 ? " (" + missed + " never)" : "")
                .append(" |");
        }
        table.append('\n');
    }

    static double median(final double[] sorted) {
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** An empty map of receivers in the table's column order. */
    static Map<String, List<ShapedRun>> receivers(final String... names) {
        final Map<String, List<ShapedRun>> out = new LinkedHashMap<>();
        for (final String name : names) {
            out.put(name, new ArrayList<>());
        }
        return out;
    }
}
