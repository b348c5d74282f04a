package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.stage.EventRecorder;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A pipeline's journal: the {@link #recorder() recorder} the timer stage feeds (without ever waiting),
 * the buffer between them, and the journal thread that drains the buffer into the Chronicle queue.
 * The journal is a leaf: no stage and no ring slot waits for it. Owned by the pipeline: started after
 * the stages, closed after them (it then writes what is left and closes the queue).
 */
public final class PipelineJournal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PipelineJournal.class.getName());

    private final JournalWriter writer;
    private final JournalFeed feed;
    private final AgentRunner runner;
    private boolean started;
    private boolean closed;

    /**
     * @param config where and how to journal
     * @param header the pipeline's settings, written at the start of each cycle file
     * @param counters where records, bytes, gaps, lag and failures are counted
     * @param threadName the journal thread's name
     */
    public PipelineJournal(final JournalConfig config, final JournalHeader header, final PipelineCounters counters,
                           final String threadName) {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(config.bufferBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        writer = new JournalWriter(config, header, counters, ring, threadName);
        feed = new JournalFeed(ring, config, counters, writer);
        runner = new AgentRunner(new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(1)), t -> LOG.log(Level.ERROR, "bwe journal thread error", t), null, writer);
    }

    /** What the timer stage hands every event and REMB to, on its thread. */
    public EventRecorder recorder() {
        return feed;
    }

    /** Starts the journal thread. */
    public synchronized void start(final ThreadFactory threads) {
        if (!started && !closed) {
            started = true;
            AgentRunner.startOnThread(runner, threads);
        }
    }

    /** True when the journal thread has written (or, after a failure, dropped) everything it was given. */
    public boolean caughtUp() {
        return feed.accepted() == writer.recordsTaken();
    }

    /** True until the journal failed (or was closed). */
    public boolean isEnabled() {
        return writer.isEnabled();
    }

    /** Writes what the stages left in the buffer and closes the queue; call after the stages stopped. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            runner.close();
        }
    }
}
