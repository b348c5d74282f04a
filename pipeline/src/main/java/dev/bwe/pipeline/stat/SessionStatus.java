package dev.bwe.pipeline.stat;

import dev.bwe.estimator.BandwidthUsage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open session's live stream count and over-use detector state, written by the timer stage and read
 * by any thread without a lock (its latest estimate is {@link dev.bwe.pipeline.BwePipeline#latestEstimateBps}).
 * Writes are ordered (release) stores of single fields, reads are acquire loads: a reader sees each value
 * whole, possibly a packet late, and never slows the writer down. Nothing is allocated after construction.
 */
public final class SessionStatus {
    private static final VarHandle STREAMS;
    private static final VarHandle DETECTOR_STATE;
    private static final BandwidthUsage[] STATES = BandwidthUsage.values();

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STREAMS = lookup.findVarHandle(SessionStatus.class, "streams", int.class);
            DETECTOR_STATE = lookup.findVarHandle(SessionStatus.class, "detectorState", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long sessionId;
    /** The session's row in the counters file, or null when it is not published there. */
    private final SessionCounters published;
    @SuppressWarnings("unused") // accessed through STREAMS
    private int streams;
    @SuppressWarnings("unused") // accessed through DETECTOR_STATE
    private int detectorState;

    public SessionStatus(final long sessionId) {
        this(sessionId, null);
    }

    /** A status that also writes into {@code published} (null: not published in the counters file). */
    public SessionStatus(final long sessionId, final SessionCounters published) {
        this.sessionId = sessionId;
        this.published = published;
    }

    /** The session's row in the counters file, or null. */
    public SessionCounters published() {
        return published;
    }

    public long sessionId() {
        return sessionId;
    }

    /** Live streams (SSRCs) of the session now. */
    public int streams() {
        return (int) STREAMS.getAcquire(this);
    }

    /** The over-use detector's state after the latest packet. */
    public BandwidthUsage detectorState() {
        return STATES[(int) DETECTOR_STATE.getAcquire(this)];
    }

    /** Writer (timer stage) only. */
    public void streams(final int count) {
        STREAMS.setRelease(this, count);
        if (published != null) {
            published.streams(count);
        }
    }

    /** Writer (timer stage) only: the latest estimate, for the counters file (readers in this process use
     * {@code BwePipeline#latestEstimateBps}). */
    public void estimateBps(final long bps) {
        if (published != null) {
            published.estimateBps(bps);
        }
    }

    /**
     * Writer (timer stage) only: stores the detector state ({@link BandwidthUsage} ordinal) and returns the
     * previous one, so the writer can tell a change without keeping a copy.
     */
    public int swapDetectorState(final int ordinal) {
        final int previous = (int) DETECTOR_STATE.getOpaque(this);
        if (previous != ordinal) {
            DETECTOR_STATE.setRelease(this, ordinal);
            if (published != null) {
                published.detectorState(ordinal);
            }
        }
        return previous;
    }
}
