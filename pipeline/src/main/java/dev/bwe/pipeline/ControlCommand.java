package dev.bwe.pipeline;

import dev.bwe.pipeline.event.EventType;

/** An open or close request on its way from the caller to the control thread. Allocated per request (rare). */
final class ControlCommand {
    static final int PENDING = 0;
    static final int DONE = 1;
    static final int FAILED = 2;

    final byte type;
    final long sessionId;
    final SessionSettings settings;
    private volatile int state = PENDING;
    private volatile String failure;

    private ControlCommand(final byte type, final long sessionId, final SessionSettings settings) {
        this.type = type;
        this.sessionId = sessionId;
        this.settings = settings;
    }

    static ControlCommand open(final long sessionId, final SessionSettings settings) {
        return new ControlCommand(EventType.OPEN_SESSION, sessionId, settings);
    }

    static ControlCommand close(final long sessionId) {
        return new ControlCommand(EventType.CLOSE_SESSION, sessionId, null);
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
