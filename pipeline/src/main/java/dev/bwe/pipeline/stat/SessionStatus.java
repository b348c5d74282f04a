package dev.bwe.pipeline.stat;

import dev.bwe.estimator.BandwidthUsage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open session's latest state, written by the timer stage and read by any thread without a lock:
 * the latest estimate, the live stream count and the over-use detector's state. Writes are ordered
 * (release) stores of single fields, reads are acquire loads: a reader sees each value whole, possibly
 * a packet late, and never slows the writer down. Nothing is allocated after construction.
 */
public final class SessionStatus {
    private static final VarHandle ESTIMATE_BPS;
    private static final VarHandle STREAMS;
    private static final VarHandle DETECTOR_STATE;
    private static final BandwidthUsage[] STATES = BandwidthUsage.values();

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ESTIMATE_BPS = lookup.findVarHandle(SessionStatus.class, "estimateBps", long.class);
            STREAMS = lookup.findVarHandle(SessionStatus.class, "streams", int.class);
            DETECTOR_STATE = lookup.findVarHandle(SessionStatus.class, "detectorState", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long sessionId;
    @SuppressWarnings("unused") // accessed through ESTIMATE_BPS
    private long estimateBps;
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

    /** The latest estimate, bps; 0 before the first one. */
    public long estimateBps() {
        return (long) ESTIMATE_BPS.getAcquire(this);
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
    public void estimateBps(final long bps) {
        ESTIMATE_BPS.setRelease(this, bps);
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
