package dev.bwe.pipeline.stage;

/**
 * A stage's earliest deadline (µs, in the pipeline's clock), published for the tick source: the
 * live tick source publishes a tick only when some stage has work due, so an idle pipeline gets no
 * ticks at all. Written by one stage thread when its earliest deadline changes (rarely: not per
 * packet in steady state), read by the tick source. A stale value costs at most a tick with nothing
 * to do, or one tick interval of delay for a deadline just set (stream timeouts and re-sends are
 * seconds away when they are set).
 */
public final class NextDeadline {
    /** No deadline. */
    public static final long NONE = Long.MAX_VALUE;

    private volatile long deadlineUs = NONE;

    /** Stage thread: the new earliest deadline, µs, or {@link #NONE}. */
    public void set(final long newDeadlineUs) {
        if (deadlineUs != newDeadlineUs) {
            deadlineUs = newDeadlineUs;
        }
    }

    /** Any thread. */
    public long get() {
        return deadlineUs;
    }
}
