package dev.bwe.pipeline.stat;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * One session's row in the counters file (opt-in, {@code BwePipeline.Builder#sessionCounters}), for
 * {@code bwe stat}'s per-session table: three counters of type {@link #TYPE_ID} whose key holds the
 * session id, the shard and which value it is (latest estimate bps, live streams, detector state as a
 * {@code BandwidthUsage} ordinal). The timer stage writes them through {@link SessionStatus}; the thread
 * that opens or closes the session allocates and frees them, under the manager's lock (shards share one
 * manager), never on a stage thread.
 */
public final class SessionCounters implements AutoCloseable {
    /** Counter type id of per-session rows (pipeline counters are {@link PipelineCounters#TYPE_ID}). */
    public static final int TYPE_ID = 1102;
    public static final int KIND_ESTIMATE_BPS = 0;
    public static final int KIND_STREAMS = 1;
    public static final int KIND_DETECTOR_STATE = 2;
    /** Key layout: session id (long), shard (int), kind (int). */
    public static final int SESSION_ID_KEY_OFFSET = 0;
    public static final int SHARD_KEY_OFFSET = 8;
    public static final int KIND_KEY_OFFSET = 12;
    /** Counters per published session. */
    public static final int COUNTERS_PER_SESSION = 3;
    /**
     * A freed row is reused only after this long, so a stage still writing the closed session's last
     * events cannot write into the row of a session opened just after.
     */
    public static final long FREE_TO_REUSE_MS = 1_000;

    private final CountersManager manager;
    private final AtomicCounter estimateBps;
    private final AtomicCounter streams;
    private final AtomicCounter detectorState;
    private boolean closed;

    private SessionCounters(final CountersManager manager, final AtomicCounter estimateBps,
                            final AtomicCounter streams, final AtomicCounter detectorState) {
        this.manager = manager;
        this.estimateBps = estimateBps;
        this.streams = streams;
        this.detectorState = detectorState;
    }

    /**
     * Allocates a session's row; null when the manager has no room (the session is then not published:
     * the table is a view, never a reason to refuse a session).
     */
    public static SessionCounters allocate(final CountersManager manager, final int shard, final long sessionId) {
        synchronized (manager) {
            if (manager.available() < COUNTERS_PER_SESSION) {
                return null;
            }
            final String prefix = "bwe[" + shard + "] session " + sessionId + " ";
            return new SessionCounters(manager,
                counter(manager, prefix + "estimate bps", shard, sessionId, KIND_ESTIMATE_BPS),
                counter(manager, prefix + "streams", shard, sessionId, KIND_STREAMS),
                counter(manager, prefix + "detector state", shard, sessionId, KIND_DETECTOR_STATE));
        }
    }

    private static AtomicCounter counter(final CountersManager manager, final String label, final int shard,
                                         final long sessionId, final int kind) {
        return manager.newCounter(label, TYPE_ID, key -> {
            key.putLong(SESSION_ID_KEY_OFFSET, sessionId);
            key.putInt(SHARD_KEY_OFFSET, shard);
            key.putInt(KIND_KEY_OFFSET, kind);
        });
    }

    /** Writer (timer stage): ordered stores, nothing allocated. */
    void estimateBps(final long bps) {
        estimateBps.setOrdered(bps);
    }

    void streams(final int count) {
        streams.setOrdered(count);
    }

    void detectorState(final int ordinal) {
        detectorState.setOrdered(ordinal);
    }

    /** Frees the row (idempotent); on the thread that closes the session. */
    @Override
    public void close() {
        synchronized (manager) {
            if (!closed) {
                closed = true;
                estimateBps.close();
                streams.close();
                detectorState.close();
            }
        }
    }
}
