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
 * The default wait of the stages: spin, then yield, then park until a publisher wakes the thread, in
 * the manner of the Disruptor's {@code PhasedBackoffWaitStrategy} and Aeron's {@code BackoffIdleStrategy}.
 * While packets flow the stages never reach the park phase, and a publisher pays one fence and one
 * read of a counter that nobody writes (no lock, no atomic write). When the ring is idle the stages
 * sleep: an idle pipeline costs nothing but a safety wake-up every {@link #maxParkNs}.
 *
 * <p>A stage waits on the ring's cursor (what publishers signal) and then on the stage before it;
 * that second wait is short (the previous stage is working on the same events) and spins, yields and
 * then naps briefly, as the Disruptor's blocking strategy spins on it.
 *
 * <p>Missed wake-ups cannot happen: a stage announces that it parks (an atomic increment) before it
 * reads the cursor a last time, and a publisher advances the cursor before it reads the announcement,
 * with a full fence between (Dekker's handshake); the bounded park is a safety net only.
 */
final class BackoffWaitStrategy implements WaitStrategy {
    private static final int SPIN_TRIES = 200;
    private static final int YIELD_TRIES = 100;
    private static final int MAX_WAITERS = 32;
    private static final long DEPENDENT_NAP_NS = 20_000;

    private final long maxParkNs;
    private final AtomicInteger parked = new AtomicInteger();
    private final AtomicReferenceArray<Thread> waiters = new AtomicReferenceArray<>(MAX_WAITERS);

    BackoffWaitStrategy(final long maxParkNs) {
        this.maxParkNs = maxParkNs;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
                        final SequenceBarrier barrier) throws AlertException {
        int counter = 0;
        while (cursor.get() < sequence) {
            barrier.checkAlert();
            if (counter < SPIN_TRIES) {
                Thread.onSpinWait();
            } else if (counter < SPIN_TRIES + YIELD_TRIES) {
                Thread.yield();
            } else {
                park(sequence, cursor, barrier);
            }
            counter++;
        }
        counter = 0;
        long available;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (counter < SPIN_TRIES) {
                Thread.onSpinWait();
            } else if (counter < SPIN_TRIES + YIELD_TRIES) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, DEPENDENT_NAP_NS);
            }
            counter++;
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
