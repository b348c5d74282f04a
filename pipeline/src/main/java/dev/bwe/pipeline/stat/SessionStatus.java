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
    @SuppressWarnings("unused") // accessed through STREAMS
    private int streams;
    @SuppressWarnings("unused") // accessed through DETECTOR_STATE
    private int detectorState;

    public SessionStatus(final long sessionId) {
        this.sessionId = sessionId;
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
    }

    /**
     * Writer (timer stage) only: stores the detector state ({@link BandwidthUsage} ordinal) and returns the
     * previous one, so the writer can tell a change without keeping a copy.
     */
    public int swapDetectorState(final int ordinal) {
        final int previous = (int) DETECTOR_STATE.getOpaque(this);
        if (previous != ordinal) {
            DETECTOR_STATE.setRelease(this, ordinal);
        }
        return previous;
    }
}
