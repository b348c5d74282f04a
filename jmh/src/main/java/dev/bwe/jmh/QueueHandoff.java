package dev.bwe.jmh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.remb.RembScheduler;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stage.EstimateStage;
import dev.bwe.pipeline.stage.ParseStage;
import dev.bwe.pipeline.stage.Stage;
import dev.bwe.pipeline.stage.TimerStage;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * The baseline hand-off: bwe's own three stages ({@link ParseStage}, {@link EstimateStage},
 * {@link TimerStage}, the very objects the Disruptor pipeline runs) connected the way a typical
 * codebase connects threads, by {@link ArrayBlockingQueue}s of event objects, each consumer blocking in
 * {@link ArrayBlockingQueue#take()}. The events are the pipeline's own {@link PipelineEvent}s, filled as
 * the pipeline fills a slot, so each stage does exactly the same work; only the hand-off differs.
 *
 * <pre>
 *   DEDICATED (3 stage threads):
 *     publisher ─offer─▶ [queue] ─take─▶ parse ─put─▶ [queue] ─take─▶ estimate ─put─▶ [queue] ─take─▶ timer
 *         ▲                                                                                            │
 *         └─ POOLED: poll ◀──────────────────── [free events] ◀────────────────────── offer ───────────┘
 *
 *   COMPACT (1 stage thread):
 *     publisher ─offer─▶ [queue] ─take─▶ parse · estimate · timer ─▶ (POOLED: back to [free events])
 * </pre>
 *
 * <p>{@link Events#NEW_PER_PACKET}: a new event per packet, with a new array for its copy of the header
 * (the captured bytes only), garbage once the timer stage is done with it.
 * {@link Events#POOLED} (the seed's design): {@value #CAPACITY} events of {@value #HEADER_CAPACITY_BYTES}
 * header bytes allocated up front and recycled through a second queue, which also bounds how many are
 * in flight, as the ring does. Every queue holds {@value #CAPACITY} events, the ring's size.
 *
 * <p>A publisher that finds no room waits with the same {@link Backoff} as with the ring.
 */
final class QueueHandoff implements Handoff {
    /** Ring slots of the Disruptor pipeline, events in the pool, and capacity of every queue. */
    static final int CAPACITY = 16_384;
    /** Header bytes copied per packet: the pipeline's default slot size. */
    static final int HEADER_CAPACITY_BYTES = 256;
    /** The pipeline's default cap on streams per session, applied to the estimator settings as it does. */
    static final int MAX_STREAMS_PER_SESSION = 64;
    /** The pipeline's default REMB sender SSRC. */
    static final int REMB_SENDER_SSRC = 1;

    private static final long JOIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Where a packet's event comes from. */
    enum Events {
        /** Allocated per packet, left to the garbage collector. */
        NEW_PER_PACKET,
        /** Taken from a preallocated pool and returned to it by the last stage. */
        POOLED
    }

    /** Passed down the chain to stop each stage thread in turn; compared by identity. */
    private static final PipelineEvent STOP = new PipelineEvent(0);

    private final PipelineCounters counters;
    private final EstimatorConfig estimatorConfig;
    private final ArrayBlockingQueue<PipelineEvent> toFirstStage = new ArrayBlockingQueue<>(CAPACITY);
    /** Null with {@link Events#NEW_PER_PACKET}. */
    private final ArrayBlockingQueue<PipelineEvent> freeEvents;
    private final List<Thread> threads = new ArrayList<>();
    /** Events the last stage has finished; written by that stage's thread only. */
    private final AtomicLong processedEvents = new AtomicLong();
    /** Events handed to the first queue; publisher thread only. */
    private long publishedEvents;
    private boolean closed;

    /**
     * @param countersManager where the stages' counters are allocated, or null for a fresh off-heap set
     */
    QueueHandoff(final ThreadingMode threading, final Events events, final CountersManager countersManager) {
        counters = new PipelineCounters(countersManager != null ? countersManager : OffHeapCounters.create(), 0);
        final EstimatorConfig defaults = EstimatorConfig.DEFAULT;
        estimatorConfig = defaults.maxStreams() <= MAX_STREAMS_PER_SESSION ? defaults
            : defaults.toBuilder().maxStreams(MAX_STREAMS_PER_SESSION).build();
        if (events == Events.POOLED) {
            freeEvents = new ArrayBlockingQueue<>(CAPACITY);
            for (int i = 0; i < CAPACITY; i++) {
                freeEvents.add(new PipelineEvent(HEADER_CAPACITY_BYTES));
            }
        } else {
            freeEvents = null;
        }
        final ParseStage parse = new ParseStage(counters);
        final EstimateStage estimate = new EstimateStage(counters);
        final TimerStage timer = new TimerStage(counters, RembSink.NONE, REMB_SENDER_SSRC,
            RembScheduler.DEFAULT_RESEND_INTERVAL_US, TimerStage.RingGauge.NONE);
        if (threading == ThreadingMode.COMPACT) {
            start("abq-stages", toFirstStage, null, parse, estimate, timer);
        } else {
            final ArrayBlockingQueue<PipelineEvent> toEstimate = new ArrayBlockingQueue<>(CAPACITY);
            final ArrayBlockingQueue<PipelineEvent> toTimer = new ArrayBlockingQueue<>(CAPACITY);
            start("abq-parse", toFirstStage, toEstimate, parse);
            start("abq-estimate", toEstimate, toTimer, estimate);
            start("abq-timer", toTimer, null, timer);
        }
    }

    private void start(final String name, final ArrayBlockingQueue<PipelineEvent> in,
                       final ArrayBlockingQueue<PipelineEvent> out, final Stage... stages) {
        final Thread thread = new Thread(() -> runStage(in, out, stages), name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** One stage thread: take, run the stages, put to the next queue, or (last) recycle and count. */
    private void runStage(final ArrayBlockingQueue<PipelineEvent> in, final ArrayBlockingQueue<PipelineEvent> out,
                          final Stage[] stages) {
        try {
            while (true) {
                final PipelineEvent event = in.take();
                if (event == STOP) {
                    if (out != null) {
                        out.put(STOP);
                    }
                    for (final Stage stage : stages) {
                        stage.onShutdown();
                    }
                    return;
                }
                try {
                    for (final Stage stage : stages) {
                        stage.onEvent(event);
                    }
                } catch (final RuntimeException e) {
                    // As the pipeline's exception handler: count, go on with the next event.
                    counters.stageErrors().increment();
                }
                if (out != null) {
                    out.put(event);
                } else {
                    if (freeEvents != null && !freeEvents.offer(event)) {
                        throw new IllegalStateException("the free-event queue overflowed: an event was recycled twice");
                    }
                    processedEvents.lazySet(processedEvents.get() + 1);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void openSession(final long sessionId, final ExtensionIds extensionIds) {
        PipelineEvent event = takeEvent(0);
        for (int attempt = 0; event == null; attempt++) {
            Backoff.idle(attempt);
            event = freeEvents.poll();
        }
        event.type = EventType.OPEN_SESSION;
        event.sessionId = sessionId;
        event.timeNs = 0;
        event.capturedLength = 0;
        event.packetLength = 0;
        event.lastByte = 0;
        event.settings = new SessionSettings(extensionIds, estimatorConfig);
        event.clearOutputs();
        enqueue(event);
        counters.sessionsOpened().incrementOrdered();
    }

    @Override
    public boolean publish(final long sessionId, final DirectBuffer buffer, final int offset, final int length,
                           final long arrivalNs) {
        // The pipeline counts every publish the same way (an atomic add: relay threads may publish at once).
        counters.packetsPublished().increment();
        final int captured = Math.min(length, HEADER_CAPACITY_BYTES);
        boolean waited = false;
        PipelineEvent event = takeEvent(captured);
        for (int attempt = 0; event == null; attempt++) {
            waited = true;
            Backoff.idle(attempt);
            event = freeEvents.poll();
        }
        fill(event, sessionId, buffer, offset, length, captured, arrivalNs);
        return enqueue(event) || waited;
    }

    /** A fresh event, or one from the pool (null when the pool is empty). */
    private PipelineEvent takeEvent(final int capturedBytes) {
        return freeEvents == null ? new PipelineEvent(capturedBytes) : freeEvents.poll();
    }

    /** Hands the event to the first stage, waiting while its queue is full; true when it had to wait. */
    private boolean enqueue(final PipelineEvent event) {
        boolean waited = false;
        for (int attempt = 0; !toFirstStage.offer(event); attempt++) {
            waited = true;
            Backoff.idle(attempt);
        }
        publishedEvents++;
        return waited;
    }

    /** Fills an event with a packet exactly as {@code BwePipeline.publishPacket} fills a ring slot. */
    static void fill(final PipelineEvent event, final long sessionId, final DirectBuffer buffer, final int offset,
                     final int length, final int captured, final long arrivalNs) {
        event.type = EventType.PACKET;
        event.sessionId = sessionId;
        event.timeNs = arrivalNs;
        event.packetLength = length;
        event.capturedLength = captured;
        event.lastByte = length == 0 ? 0 : buffer.getByte(offset + length - 1) & 0xFF;
        event.settings = null;
        event.clearOutputs();
        event.header.putBytes(0, buffer, offset, captured);
    }

    @Override
    public boolean awaitDrained(final Duration timeout) {
        // As BwePipeline.awaitDrained: poll every 20 µs until the last stage has caught up.
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        final long target = publishedEvents;
        while (processedEvents.get() < target) {
            if (System.nanoTime() - deadlineNs > 0) {
                return false;
            }
            LockSupport.parkNanos(20_000);
        }
        return true;
    }

    @Override
    public PipelineCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final long deadlineNs = System.nanoTime() + JOIN_TIMEOUT_NS;
        try {
            if (!toFirstStage.offer(STOP, JOIN_TIMEOUT_NS, TimeUnit.NANOSECONDS)) {
                threads.forEach(Thread::interrupt);
            }
            for (final Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1_000);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (final Thread thread : threads) {
            if (thread.isAlive()) {
                throw new IllegalStateException("baseline stage thread " + thread.getName() + " did not stop");
            }
        }
    }
}
