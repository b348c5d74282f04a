package dev.bwe.pipeline;

import dev.bwe.pipeline.stage.NextDeadline;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * Live tick source: each duty cycle reads the clock once and publishes pending open/close requests;
 * on the tick grid (every tick interval) it publishes a tick, but only when it has something to do:
 * some stage has a deadline due (a stream timeout, a REMB re-send), and the stages have processed the
 * previous tick (so ticks never pile up in a ring that is behind: the stages shed packets, not time).
 * An idle pipeline therefore gets no ticks, and the agent sleeps until the next grid point or until
 * an open/close request wakes it ({@link #wake()}).
 *
 * <p>Skipping is invisible to the results: a skipped tick is one at which no stage would have
 * changed anything, and the journal records the ticks that were published, so replay sees exactly
 * what the stages saw.
 */
final class TimerAgent implements Agent {
    /** The previous tick is not processed yet: this one is skipped rather than queued. */
    interface Backlog {
        boolean tickProcessed(long tickSequence);
    }

    private final ControlPublisher control;
    private final NanoClock clock;
    private final long tickIntervalNs;
    private final String roleName;
    private final NextDeadline[] deadlines;
    private final Backlog backlog;
    private final Runnable onSkippedBehind;
    private volatile Thread thread;
    private long nextTickNs;
    private long lastTickSequence = -1;
    private boolean started;

    TimerAgent(final ControlPublisher control, final NanoClock clock, final long tickIntervalNs, final String roleName,
               final NextDeadline[] deadlines, final Backlog backlog, final Runnable onSkippedBehind) {
        this.control = control;
        this.clock = clock;
        this.tickIntervalNs = tickIntervalNs;
        this.roleName = roleName;
        this.deadlines = deadlines.clone();
        this.backlog = backlog;
        this.onSkippedBehind = onSkippedBehind;
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
    }

    @Override
    public int doWork() {
        final long nowNs = clock.nanoTime();
        int work = control.drain(nowNs);
        if (!started || nowNs - nextTickNs >= 0) {
            started = true;
            // Schedule from now, not from the last due time: after a stall, ticks do not pile up.
            nextTickNs = nowNs + tickIntervalNs;
            if (due(Math.floorDiv(nowNs, 1000L))) {
                if (lastTickSequence >= 0 && !backlog.tickProcessed(lastTickSequence)) {
                    onSkippedBehind.run();
                } else {
                    final long sequence = control.tryPublishTick(nowNs);
                    if (sequence >= 0) {
                        lastTickSequence = sequence;
                        work++;
                    } else {
                        onSkippedBehind.run();
                    }
                }
            }
        }
        return work;
    }

    private boolean due(final long nowUs) {
        for (final NextDeadline deadline : deadlines) {
            if (deadline.get() <= nowUs) {
                return true;
            }
        }
        return false;
    }

    /** Nanoseconds until the next grid point (at least 1). */
    long nanosToNextTick() {
        return Math.max(1, nextTickNs - clock.nanoTime());
    }

    /** Any thread: wake the agent now (an open/close request is waiting). Lock-free. */
    void wake() {
        final Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public String roleName() {
        return roleName;
    }

    /**
     * Sleeps until the next grid point when a duty cycle did nothing; {@link #wake()} cuts it short. A
     * duty cycle that did work is followed at once by another (requests may be queued behind it).
     */
    static final class UntilNextTick implements IdleStrategy {
        private final TimerAgent agent;
        private final long maxParkNs;

        UntilNextTick(final TimerAgent agent, final long maxParkNs) {
            this.agent = agent;
            this.maxParkNs = maxParkNs;
        }

        @Override
        public void idle(final int workCount) {
            if (workCount <= 0) {
                idle();
            }
        }

        @Override
        public void idle() {
            LockSupport.parkNanos(this, Math.min(maxParkNs, agent.nanosToNextTick()));
        }

        @Override
        public void reset() {
        }

        @Override
        public String alias() {
            return "until-next-tick";
        }
    }
}
