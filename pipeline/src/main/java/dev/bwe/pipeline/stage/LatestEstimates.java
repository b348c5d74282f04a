package dev.bwe.pipeline.stage;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.BitUtil;

/**
 * Each open session's latest estimate, readable by any thread without a lock, written by one thread
 * only (the estimate stage, in ring order, so an OPEN, the updates and the CLOSE of a session are
 * applied in the order they happened).
 *
 * <p>An open-addressing table (linear probing) in atomic arrays: a cell holds a session id, its
 * state (empty, live, deleted) and the estimate. Readers probe until an empty cell; the writer reuses
 * deleted cells and, when deleted cells make probes long, builds a fresh table and swaps it in (a
 * reader still on the old one sees values at most one swap old). Nothing here allocates except that
 * rebuild, which happens on a session open or close, never on a packet.
 */
public final class LatestEstimates {
    private static final int EMPTY = 0;
    private static final int LIVE = 1;
    private static final int DELETED = 2;

    private int capacity;
    private volatile Table table;
    /** Writer only: cells LIVE or DELETED in {@link #table}. */
    private int used;

    /**
     * @param maxSessions most sessions expected open at once (the pipeline's cap); the table grows past
     *     it if need be (a replay knows no cap)
     */
    public LatestEstimates(final int maxSessions) {
        this.capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(4, maxSessions * 2));
        this.table = new Table(capacity);
    }

    /** Any thread: the session's latest estimate, bps; 0 when it has none yet or is not open. */
    public long get(final long sessionId) {
        final Table t = table;
        final int cell = t.find(sessionId);
        return cell < 0 ? 0 : t.estimatesBps.get(cell);
    }

    /** Writer: the session opened (no estimate yet). */
    public void open(final long sessionId) {
        Table t = table;
        if (t.find(sessionId) >= 0) {
            return;
        }
        if (used + 1 > capacity - capacity / 4) {
            t = rebuild(t);
        }
        if (t.insert(sessionId)) {
            used++;
        }
    }

    /** Writer: the session's estimate changed. Ignored when the session is not open here. */
    public void set(final long sessionId, final long bitrateBps) {
        final Table t = table;
        final int cell = t.find(sessionId);
        if (cell >= 0) {
            t.estimatesBps.lazySet(cell, bitrateBps);
        }
    }

    /** Writer: the session closed; readers get 0 from now on. */
    public void close(final long sessionId) {
        final Table t = table;
        final int cell = t.find(sessionId);
        if (cell >= 0) {
            t.states.set(cell, DELETED);
            t.estimatesBps.set(cell, 0);
        }
    }

    /** Writer: forget every session (the stage shuts down). */
    public void clear() {
        table = new Table(capacity);
        used = 0;
    }

    private Table rebuild(final Table old) {
        int live = 0;
        for (int i = 0; i < capacity; i++) {
            if (old.states.get(i) == LIVE) {
                live++;
            }
        }
        // Live cells at most half of the table after a rebuild: probes stay short, inserts always find room.
        final int oldCapacity = capacity;
        while (live + 1 > capacity / 2) {
            capacity *= 2;
        }
        final Table fresh = new Table(capacity);
        live = 0;
        for (int i = 0; i < oldCapacity; i++) {
            if (old.states.get(i) == LIVE) {
                final long sessionId = old.sessionIds.get(i);
                fresh.insert(sessionId);
                fresh.estimatesBps.set(fresh.find(sessionId), old.estimatesBps.get(i));
                live++;
            }
        }
        used = live;
        table = fresh;
        return fresh;
    }

    /** One generation of the table. */
    private static final class Table {
        final AtomicLongArray sessionIds;
        final AtomicIntegerArray states;
        final AtomicLongArray estimatesBps;
        final int mask;

        Table(final int capacity) {
            sessionIds = new AtomicLongArray(capacity);
            states = new AtomicIntegerArray(capacity);
            estimatesBps = new AtomicLongArray(capacity);
            mask = capacity - 1;
        }

        int find(final long sessionId) {
            int cell = hash(sessionId) & mask;
            for (int probes = 0; probes <= mask; probes++) {
                final int state = states.get(cell);
                if (state == EMPTY) {
                    return -1;
                }
                if (state == LIVE && sessionIds.get(cell) == sessionId) {
                    return cell;
                }
                cell = (cell + 1) & mask;
            }
            return -1;
        }

        /** Returns true when a never-used cell was taken (false when a deleted one was reused). */
        boolean insert(final long sessionId) {
            int cell = hash(sessionId) & mask;
            while (states.get(cell) == LIVE) {
                cell = (cell + 1) & mask;
            }
            final boolean fresh = states.get(cell) == EMPTY;
            estimatesBps.set(cell, 0);
            sessionIds.set(cell, sessionId);
            // Last: a reader that sees LIVE also sees the id and the zeroed estimate.
            states.set(cell, LIVE);
            return fresh;
        }

        private static int hash(final long sessionId) {
            final long h = sessionId * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
