package dev.bwe.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.concurrent.TimeUnit;

/** How an idle consumer waits for the next event. */
public enum WaitStrategyKind {
    /**
     * Spin, then yield (1 ms), then park until a publisher wakes the stage: while packets flow no lock and no
     * atomic write on the publishing path, and an idle pipeline sleeps (about 0 % of a core). The
     * default.
     */
    BACKOFF,
    /**
     * Spin, then yield, then park 100 ns at a time (the Disruptor's sleeping strategy): no lock for
     * producers, but each idle stage wakes thousands of times a second.
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
                return new SleepingWaitStrategy();
            case BACKOFF:
            default:
                return new BackoffWaitStrategy(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
