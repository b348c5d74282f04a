package dev.bwe.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/** How an idle consumer waits for the next event. */
public enum WaitStrategyKind {
    /**
     * Spin, then yield, then park 100 µs: no lock for producers and little CPU when idle. The default,
     * because the relay's threads must never contend with us and these machines have 2 cores.
     */
    SLEEPING,
    /** Spin then yield: lower latency, but every consumer thread keeps a core busy. */
    YIELDING,
    /** Lock and condition: least CPU, but every publish takes a lock to signal. */
    BLOCKING,
    /** Spin only: lowest latency; only with a dedicated core per consumer thread. */
    BUSY_SPIN;

    WaitStrategy create() {
        switch (this) {
            case YIELDING:
                return new YieldingWaitStrategy();
            case BLOCKING:
                return new BlockingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case SLEEPING:
            default:
                return new SleepingWaitStrategy();
        }
    }
}
