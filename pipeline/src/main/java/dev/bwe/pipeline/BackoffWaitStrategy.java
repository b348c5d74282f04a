package dev.bwe.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The default wait of the stages: spin, then yield for a while (1 ms), then park until a publisher wakes
 * the thread, in the manner of the Disruptor's {@code PhasedBackoffWaitStrategy} and Aeron's
 * {@code BackoffIdleStrategy}. While packets flow the stages never reach the park phase (a ring that
 * is full and frees one slot at a time would otherwise pay a wake-up per packet), and a publisher pays
 * one fence and one read of a counter that nobody writes (no lock, no atomic write). When the ring is
 * idle the stages sleep: an idle pipeline costs nothing but a safety wake-up every {@link #maxParkNs}.
 *
 * <p>A stage waits on the ring's cursor (what publishers signal) and then on the stage before it;
 * that second wait is short (the previous stage is working on the same events) and spins and yields,
 * as the Disruptor's blocking strategy spins on it, then naps 50 µs at a time should the stage before
 * be stalled.
 *
 * <p>Missed wake-ups cannot happen: a stage announces that it parks (an atomic increment) before it
 * reads the cursor a last time, and a publisher advances the cursor before it reads the announcement,
 * with a full fence between (Dekker's handshake); the bounded park is a safety net only.
 */
final class BackoffWaitStrategy implements WaitStrategy {
    private static final int SPIN_TRIES = 200;
    private static final int MAX_WAITERS = 32;
    private static final long DEPENDENT_NAP_NS = 50_000;

    private final long yieldBeforeParkNs;
    private final long maxParkNs;
    private final AtomicInteger parked = new AtomicInteger();
    private final AtomicReferenceArray<Thread> waiters = new AtomicReferenceArray<>(MAX_WAITERS);

    /**
     * @param yieldBeforeParkNs how long a stage keeps yielding without work before it parks: while work
     *     keeps coming more often than this, it never parks, so a busy ring never pays for wake-ups
     * @param maxParkNs the safety net of a park
     */
    BackoffWaitStrategy(final long yieldBeforeParkNs, final long maxParkNs) {
        this.yieldBeforeParkNs = yieldBeforeParkNs;
        this.maxParkNs = maxParkNs;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
                        final SequenceBarrier barrier) throws AlertException {
        int spins = 0;
        long yieldingSinceNs = 0;
        while (cursor.get() < sequence) {
            barrier.checkAlert();
            if (spins < SPIN_TRIES) {
                Thread.onSpinWait();
                spins++;
            } else {
                final long nowNs = System.nanoTime();
                if (yieldingSinceNs == 0) {
                    yieldingSinceNs = nowNs | 1;
                }
                if (nowNs - yieldingSinceNs < yieldBeforeParkNs) {
                    Thread.yield();
                } else {
                    park(sequence, cursor, barrier);
                }
            }
        }
        spins = 0;
        yieldingSinceNs = 0;
        long available;
        while ((available = dependentSequence.get()) < sequence) {
            // The stage before is working on these events: it will get there soon, unless it is stalled
            // (a journal's disk), in which case this stage naps rather than burn a core.
            barrier.checkAlert();
            if (spins < SPIN_TRIES) {
                Thread.onSpinWait();
                spins++;
            } else {
                final long nowNs = System.nanoTime();
                if (yieldingSinceNs == 0) {
                    yieldingSinceNs = nowNs | 1;
                }
                if (nowNs - yieldingSinceNs < yieldBeforeParkNs) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, DEPENDENT_NAP_NS);
                }
            }
        }
        return available;
    }

    private void park(final long sequence, final Sequence cursor, final SequenceBarrier barrier) {
        final Thread self = Thread.currentThread();
        int slot = -1;
        for (int i = 0; i < MAX_WAITERS; i++) {
            if (waiters.get(i) == null && waiters.compareAndSet(i, null, self)) {
                slot = i;
                break;
            }
        }
        parked.incrementAndGet();
        try {
            // Re-check after announcing: a publisher that advanced the cursor before this read sees us.
            if (cursor.get() < sequence && !barrier.isAlerted()) {
                LockSupport.parkNanos(this, maxParkNs);
            }
        } finally {
            parked.decrementAndGet();
            if (slot >= 0) {
                waiters.set(slot, null);
            }
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        // A single producer advances the cursor with a release store: the fence orders it before the read.
        VarHandle.fullFence();
        if (parked.get() > 0) {
            for (int i = 0; i < MAX_WAITERS; i++) {
                final Thread waiter = waiters.get(i);
                if (waiter != null) {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }
}
