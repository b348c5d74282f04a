package dev.bwe.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.InsufficientCapacityException;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.collections.LongHashSet;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The one thread that publishes control and tick events: it drains open/close requests from an MPSC
 * queue (so none is ever lost, whatever the ring's state), validates them against the sessions it
 * knows (duplicates, the session cap) and publishes them into the ring, waiting for room if the ring
 * is full; packets may be dropped, control events never are.
 */
final class ControlPublisher {
    private final RingBuffer<PipelineEvent> ring;
    private final PipelineCounters counters;
    private final int maxSessions;
    private final MpscUnboundedXaddArrayQueue<ControlCommand> queue = new MpscUnboundedXaddArrayQueue<>(256);
    private final LongHashSet openSessions = new LongHashSet();
    private long lastTimeNs;
    private volatile Runnable wakeUp = () -> { };

    ControlPublisher(final RingBuffer<PipelineEvent> ring, final PipelineCounters counters, final int maxSessions) {
        this.ring = ring;
        this.counters = counters;
        this.maxSessions = maxSessions;
    }

    /** Any thread: enqueue a request. */
    void submit(final ControlCommand command) {
        queue.offer(command);
        wakeUp.run();
    }

    /** Who is woken after a request is queued (the timer agent, which may be asleep until its next tick). */
    void onSubmit(final Runnable wake) {
        this.wakeUp = wake;
    }

    /** Control thread: publish every pending request at {@code nowNs}; returns how many were handled. */
    int drain(final long nowNs) {
        lastTimeNs = nowNs;
        return drainAtLastTime();
    }

    /**
     * Control thread, manual ticks: publish every pending request stamped with the last tick's time, so
     * that a journal of a simulated or replayed run stays in one clock.
     */
    int drainAtLastTime() {
        int handled = 0;
        ControlCommand command;
        while ((command = queue.poll()) != null) {
            apply(command);
            handled++;
        }
        return handled;
    }

    private void apply(final ControlCommand command) {
        if (command.type == EventType.OPEN_SESSION) {
            if (openSessions.contains(command.sessionId)) {
                command.fail("session " + command.sessionId + " is already open");
                return;
            }
            if (openSessions.size() >= maxSessions) {
                counters.sessionsRejected().incrementOrdered();
                command.fail("session cap of " + maxSessions + " reached; session " + command.sessionId
                    + " not opened");
                return;
            }
            openSessions.add(command.sessionId);
            publish(EventType.OPEN_SESSION, command.sessionId, lastTimeNs, command.settings);
            counters.sessionsOpened().incrementOrdered();
            if (command.settings.hasRembSenderSsrc()) {
                // Its own event (and journal record) right after the open: live and replay apply it alike.
                publishControl(EventType.SET_REMB_SENDER_SSRC, command.sessionId,
                    command.settings.rembSenderSsrc() & 0xFFFFFFFFL, 0);
            }
        } else if (EventType.isSessionControl(command.type)) {
            if (!openSessions.contains(command.sessionId)) {
                if (command.type != EventType.REMOVE_STREAM) {
                    command.fail("session " + command.sessionId + " is not open");
                    return;
                }
                // Removing a stream of a session already closed is harmless, as closing twice is.
            } else {
                publishControl(command.type, command.sessionId, command.valueA, command.valueB);
            }
        } else {
            // Closing a session that is not open is harmless (a relay may close twice): nothing to publish.
            if (openSessions.remove(command.sessionId)) {
                publish(EventType.CLOSE_SESSION, command.sessionId, lastTimeNs, null);
                counters.sessionsClosed().incrementOrdered();
            }
        }
        command.complete();
    }

    /** Control thread: publish a tick at {@code nowNs}. */
    void publishTick(final long nowNs) {
        lastTimeNs = nowNs;
        publish(EventType.TICK, 0, nowNs, null);
        counters.ticks().incrementOrdered();
    }

    private void publishControl(final byte type, final long sessionId, final long valueA, final long valueB) {
        final long sequence = ring.next();
        try {
            final PipelineEvent event = ring.get(sequence);
            event.setEvent(type, sessionId, lastTimeNs, null);
            event.controlA = valueA;
            event.controlB = valueB;
        } finally {
            ring.publish(sequence);
        }
    }

    /**
     * Control thread, live ticks: publish a tick at {@code nowNs} if the ring has room; its sequence, or
     * -1 when the ring is full (the tick is skipped, never waited for: the stages are behind).
     */
    long tryPublishTick(final long nowNs) {
        final long sequence;
        try {
            sequence = ring.tryNext();
        } catch (final InsufficientCapacityException e) {
            return -1;
        }
        lastTimeNs = nowNs;
        try {
            ring.get(sequence).setEvent(EventType.TICK, 0, nowNs, null);
        } finally {
            ring.publish(sequence);
        }
        counters.ticks().incrementOrdered();
        return sequence;
    }

    private void publish(final byte type, final long sessionId, final long timeNs, final SessionSettings settings) {
        final long sequence = ring.next();
        try {
            ring.get(sequence).setEvent(type, sessionId, timeNs, settings);
        } finally {
            ring.publish(sequence);
        }
    }

    int openSessionCount() {
        return openSessions.size();
    }
}
