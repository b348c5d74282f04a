package dev.bwe.pipeline.stage;

import java.util.Arrays;

/**
 * Sessions keyed by their next deadline (µs): a binary min-heap on two primitive arrays, so that a
 * tick costs what is due, not the number of sessions. One stage's thread only.
 *
 * <p>Entries are never removed or moved when a session's deadline changes; the stage pushes a new
 * entry and remembers which deadline is current, and an entry that is not current when it comes due
 * is stale and skipped ({@link #pollDue}'s caller checks). An entry holds two longs, no reference,
 * so a closed session's stale entries keep nothing alive. The arrays grow (doubling) when more
 * sessions are scheduled at once than ever before: never per packet in steady state.
 */
public final class DeadlineQueue {
    /** Returned by {@link #earliestUs()} when nothing is scheduled. */
    public static final long NONE = Long.MAX_VALUE;

    private long[] deadlinesUs;
    private long[] sessionIds;
    private int size;

    public DeadlineQueue() {
        this(64);
    }

    public DeadlineQueue(final int initialCapacity) {
        deadlinesUs = new long[Math.max(2, initialCapacity)];
        sessionIds = new long[deadlinesUs.length];
    }

    /** Adds {@code sessionId} due at {@code deadlineUs}. */
    public void schedule(final long sessionId, final long deadlineUs) {
        if (size == deadlinesUs.length) {
            deadlinesUs = Arrays.copyOf(deadlinesUs, size * 2);
            sessionIds = Arrays.copyOf(sessionIds, size * 2);
        }
        int i = size++;
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (deadlinesUs[parent] <= deadlineUs) {
                break;
            }
            deadlinesUs[i] = deadlinesUs[parent];
            sessionIds[i] = sessionIds[parent];
            i = parent;
        }
        deadlinesUs[i] = deadlineUs;
        sessionIds[i] = sessionId;
    }

    /** The earliest deadline, µs, or {@link #NONE}. */
    public long earliestUs() {
        return size == 0 ? NONE : deadlinesUs[0];
    }

    /** True when the earliest entry is due at {@code nowUs} (deadline at or before it). */
    public boolean hasDue(final long nowUs) {
        return size > 0 && deadlinesUs[0] <= nowUs;
    }

    /** The session of the earliest entry; only when {@link #hasDue} or {@code size() > 0}. */
    public long earliestSessionId() {
        return sessionIds[0];
    }

    /** Removes the earliest entry. */
    public void removeEarliest() {
        final int last = --size;
        if (last == 0) {
            return;
        }
        final long movedDeadline = deadlinesUs[last];
        final long movedSession = sessionIds[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && deadlinesUs[child + 1] < deadlinesUs[child]) {
                child++;
            }
            if (deadlinesUs[child] >= movedDeadline) {
                break;
            }
            deadlinesUs[i] = deadlinesUs[child];
            sessionIds[i] = sessionIds[child];
            i = child;
        }
        deadlinesUs[i] = movedDeadline;
        sessionIds[i] = movedSession;
    }

    /** Entries held, stale ones included. */
    public int size() {
        return size;
    }

    /** Forgets every entry (the arrays shrink back: a closed pipeline holds nothing). */
    public void clear() {
        size = 0;
        deadlinesUs = new long[2];
        sessionIds = new long[2];
    }
}
