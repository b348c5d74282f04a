package dev.bwe.pipeline.stat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The {@link SessionStatus} of every open session of one pipeline. The thread that opens a session
 * registers its status before the OPEN event enters the ring and removes it once the CLOSE event is in
 * the ring; the timer stage looks the status up once, on OPEN, and then writes into it on packets and
 * ticks. Readers (metrics, tools) look a session up without a lock (a {@link ConcurrentHashMap} read);
 * nothing here is on the packet path.
 */
public final class SessionStatusTable {
    /** A table that publishes nothing (replay, tests): every session gets a private status. */
    public static final SessionStatusTable NONE = new SessionStatusTable();

    private final ConcurrentHashMap<Long, SessionStatus> sessions = new ConcurrentHashMap<>();

    /**
     * Registers a status for {@code sessionId} unless one is there already.
     *
     * @return the new status, or null when the session already had one (it is left as it is)
     */
    public SessionStatus register(final long sessionId) {
        return register(new SessionStatus(sessionId));
    }

    /** Registers {@code status} unless its session has one already: it, or null (then left as it is). */
    public SessionStatus register(final SessionStatus status) {
        if (this == NONE) {
            return status;
        }
        return sessions.putIfAbsent(status.sessionId(), status) == null ? status : null;
    }

    /** Whether the session has a status now. */
    public boolean contains(final long sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** Removes {@code status} if it is still the one registered for its session; true when it was. */
    public boolean unregister(final SessionStatus status) {
        return sessions.remove(status.sessionId(), status);
    }

    /** Removes the session's status; the removed status, or null when it had none. */
    public SessionStatus remove(final long sessionId) {
        return sessions.remove(sessionId);
    }

    /** The session's status, or null when it is not open. Any thread, no lock. */
    public SessionStatus get(final long sessionId) {
        return sessions.get(sessionId);
    }

    /**
     * The status the timer stage writes for a session it is opening: the registered one, or a private one
     * when none is registered (replay, or a session closed again before its OPEN reached the stage).
     */
    public SessionStatus writerFor(final long sessionId) {
        final SessionStatus status = this == NONE ? null : sessions.get(sessionId);
        return status != null ? status : new SessionStatus(sessionId);
    }

    /** Sessions with a status now. */
    public int size() {
        return sessions.size();
    }

    /** Calls {@code action} with every session id that has a status now (weakly consistent). */
    public void forEachSession(final LongConsumer action) {
        sessions.keySet().forEach(action::accept);
    }

    /** Removes every status and calls {@code action} with each removed one. */
    public void drain(final Consumer<SessionStatus> action) {
        for (final Long sessionId : sessions.keySet()) {
            final SessionStatus removed = sessions.remove(sessionId);
            if (removed != null) {
                action.accept(removed);
            }
        }
    }
}
