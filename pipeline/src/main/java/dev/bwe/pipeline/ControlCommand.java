package dev.bwe.pipeline;

import dev.bwe.pipeline.event.EventType;

/**
 * An open, close or session-control request on its way from the caller to the control thread. Allocated
 * per request (rare).
 */
final class ControlCommand {
    static final int PENDING = 0;
    static final int DONE = 1;
    static final int FAILED = 2;

    final byte type;
    final long sessionId;
    final SessionSettings settings;
    /** The control's values (see {@link EventType}): RTT µs, min/max bps, an SSRC. */
    final long valueA;
    final long valueB;
    private volatile int state = PENDING;
    private volatile String failure;

    private ControlCommand(final byte type, final long sessionId, final SessionSettings settings) {
        this(type, sessionId, settings, 0, 0);
    }

    private ControlCommand(final byte type, final long sessionId, final SessionSettings settings, final long valueA,
                           final long valueB) {
        this.type = type;
        this.sessionId = sessionId;
        this.settings = settings;
        this.valueA = valueA;
        this.valueB = valueB;
    }

    static ControlCommand open(final long sessionId, final SessionSettings settings) {
        return new ControlCommand(EventType.OPEN_SESSION, sessionId, settings);
    }

    static ControlCommand close(final long sessionId) {
        return new ControlCommand(EventType.CLOSE_SESSION, sessionId, null);
    }

    /** A session control (RTT, bounds, stream removal, REMB sender SSRC): an event with up to two values. */
    static ControlCommand control(final byte type, final long sessionId, final long valueA, final long valueB) {
        return new ControlCommand(type, sessionId, null, valueA, valueB);
    }

    void complete() {
        state = DONE;
    }

    void fail(final String reason) {
        failure = reason;
        state = FAILED;
    }

    int state() {
        return state;
    }

    String failure() {
        return failure;
    }
}
