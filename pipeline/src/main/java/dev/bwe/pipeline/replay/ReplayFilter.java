package dev.bwe.pipeline.replay;

/**
 * Which outputs a replay reports: those with a time in {@code [fromNs, toNs)} and, optionally, of one
 * session. Filtering never changes the computation: every event before {@code toNs} is still
 * processed (estimator state depends on all of them), except events of other sessions when a session
 * is chosen (sessions share no state, so they can be left out exactly).
 *
 * @param fromNs first output time reported, ns in the journal's clock (inclusive)
 * @param toNs end of the range, ns (exclusive)
 * @param oneSession whether only {@code sessionId} is replayed
 * @param sessionId the session replayed when {@code oneSession}
 */
public record ReplayFilter(long fromNs, long toNs, boolean oneSession, long sessionId) {
    /** Everything. */
    public static final ReplayFilter ALL = new ReplayFilter(Long.MIN_VALUE, Long.MAX_VALUE, false, 0);

    public ReplayFilter {
        if (toNs < fromNs) {
            throw new IllegalArgumentException("time range end " + toNs + " ns is before its start " + fromNs + " ns");
        }
    }

    /** The same filter for a time range {@code [fromNs, toNs)}. */
    public ReplayFilter timeRange(final long from, final long to) {
        return new ReplayFilter(from, to, oneSession, sessionId);
    }

    /** The same filter for one session. */
    public ReplayFilter session(final long id) {
        return new ReplayFilter(fromNs, toNs, true, id);
    }

    /** Whether events of this session are replayed at all. */
    public boolean replays(final long session) {
        return !oneSession || session == sessionId;
    }

    /** Whether an output at {@code timeNs} of {@code session} is reported. */
    public boolean reports(final long timeNs, final long session) {
        return timeNs >= fromNs && timeNs < toNs && replays(session);
    }
}
