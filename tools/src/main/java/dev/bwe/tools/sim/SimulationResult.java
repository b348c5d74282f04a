package dev.bwe.tools.sim;

import java.util.List;

/**
 * The outcome of a {@link Simulation} run: one {@link SessionResult} per session, in configuration order.
 *
 * @param config what was run
 * @param sessions per-session results
 * @param links per-bottleneck results (fairness and share between the flows that cross it)
 * @param eventsExecuted number of discrete events the run took (a measure of its work)
 */
public record SimulationResult(SimulationConfig config, List<SessionResult> sessions, List<LinkResult> links,
                               long eventsExecuted) {
    public SimulationResult {
        sessions = List.copyOf(sessions);
        links = List.copyOf(links);
    }

    /** The result of session {@code sessionId}. */
    public SessionResult session(final long sessionId) {
        for (final SessionResult s : sessions) {
            if (s.sessionId() == sessionId) {
                return s;
            }
        }
        throw new IllegalArgumentException("no session " + sessionId + " in this result");
    }

    /** A human-readable summary: one block of metrics per session. */
    public String summary() {
        final StringBuilder sb = new StringBuilder();
        for (final SessionResult s : sessions) {
            sb.append("session ").append(s.sessionId()).append(": ").append(s.metrics()).append('\n');
        }
        return sb.toString();
    }
}
