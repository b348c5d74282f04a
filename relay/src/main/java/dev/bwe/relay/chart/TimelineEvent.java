package dev.bwe.relay.chart;

/**
 * Something that changed the run, marked on the chart: a connection, a profile change, a new capacity schedule.
 *
 * @param timeS seconds since the relay started
 * @param label what happened, e.g. {@code profile adaptive (session 2)}
 */
public record TimelineEvent(double timeS, String label) {
}
