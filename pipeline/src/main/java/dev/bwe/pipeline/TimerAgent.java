package dev.bwe.pipeline;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * Live tick source: each duty cycle reads the clock once, publishes pending open/close requests and,
 * when due, a tick. Returning the work count lets the idle strategy back off between ticks.
 */
final class TimerAgent implements Agent {
    private final ControlPublisher control;
    private final NanoClock clock;
    private final long tickIntervalNs;
    private final String roleName;
    private long nextTickNs;
    private boolean started;

    TimerAgent(final ControlPublisher control, final NanoClock clock, final long tickIntervalNs, final String roleName) {
        this.control = control;
        this.clock = clock;
        this.tickIntervalNs = tickIntervalNs;
        this.roleName = roleName;
    }

    @Override
    public int doWork() {
        final long nowNs = clock.nanoTime();
        int work = control.drain(nowNs);
        if (!started || nowNs - nextTickNs >= 0) {
            started = true;
            control.publishTick(nowNs);
            // Schedule from now, not from the last due time: after a stall, ticks do not pile up.
            nextTickNs = nowNs + tickIntervalNs;
            work++;
        }
        return work;
    }

    @Override
    public String roleName() {
        return roleName;
    }
}
