package dev.bwe.tools.sim;

import java.util.PriorityQueue;

/**
 * The simulated clock and its agenda: actions run in time order, and actions scheduled for the same
 * nanosecond run in the order they were scheduled, so a run is reproducible. Nothing here reads a real
 * clock or sleeps: time jumps from one event to the next.
 */
public final class EventLoop {
    private final PriorityQueue<Event> agenda = new PriorityQueue<>();
    private long nowNs;
    private long nextSequence;
    private long executed;

    /** The current simulated time, ns. */
    public long nowNs() {
        return nowNs;
    }

    /** Number of events run so far. */
    public long executedEvents() {
        return executed;
    }

    /**
     * Schedules {@code action} at {@code timeNs}.
     *
     * @throws IllegalArgumentException if {@code timeNs} is in the past
     */
    public void schedule(final long timeNs, final Runnable action) {
        if (timeNs < nowNs) {
            throw new IllegalArgumentException("cannot schedule at " + timeNs + " ns, now is " + nowNs + " ns");
        }
        agenda.add(new Event(timeNs, nextSequence++, action));
    }

    /** Runs every event due at or before {@code endNs}, then sets the clock to {@code endNs}. */
    public void runUntil(final long endNs) {
        while (!agenda.isEmpty() && agenda.peek().timeNs <= endNs) {
            final Event event = agenda.poll();
            nowNs = event.timeNs;
            executed++;
            event.action.run();
        }
        nowNs = Math.max(nowNs, endNs);
    }

    private static final class Event implements Comparable<Event> {
        private final long timeNs;
        private final long sequence;
        private final Runnable action;

        Event(final long timeNs, final long sequence, final Runnable action) {
            this.timeNs = timeNs;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public int compareTo(final Event o) {
            final int byTime = Long.compare(timeNs, o.timeNs);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }
}
