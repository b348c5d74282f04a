package dev.bwe.tools.sim;

import java.util.List;

/**
 * A session's reactions to capacity steps in a few numbers, so that a table stays one row per session
 * whatever the schedule: median and max of the reaction times that were reached, and how many were not.
 *
 * @param steps how many steps there were
 * @param medianS median of the reached reaction times, s; NaN if none was reached
 * @param maxS the longest reached one, s; NaN if none was reached
 * @param notReached how many steps the estimate never answered before the next one
 */
public record ReactionStats(int steps, double medianS, double maxS, int notReached) {
    /** The statistics of {@code responses}. */
    public static ReactionStats of(final List<CapacityResponse> responses) {
        final double[] reached = responses.stream().filter(CapacityResponse::reached)
            .mapToDouble(r -> SimTime.nsToS(r.responseTimeNs())).sorted().toArray();
        final int n = reached.length;
        final double median = n == 0 ? Double.NaN
            : n % 2 == 1 ? reached[n / 2] : (reached[n / 2 - 1] + reached[n / 2]) / 2;
        return new ReactionStats(responses.size(), median, n == 0 ? Double.NaN : reached[n - 1],
            responses.size() - n);
    }

    /** {@code median/max (k never)}, {@code -} without steps. */
    public String text() {
        if (steps == 0) {
            return "-";
        }
        final String times = Double.isNaN(medianS) ? "never"
            : String.format(java.util.Locale.ROOT, "%.2f/%.2f", medianS, maxS);
        return notReached > 0 && !Double.isNaN(medianS) ? times + " (" + notReached + " never)" : times;
    }

    @Override
    public String toString() {
        return text() + " over " + steps + " steps";
    }
}
