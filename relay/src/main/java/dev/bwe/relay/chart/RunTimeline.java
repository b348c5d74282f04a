package dev.bwe.relay.chart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The run so far, bounded: the last {@link #MAX_ROWS} samples (two hours at 500 ms), REMBs and events; older
 * entries are let go first, so a relay left running does not grow. Thread-safe: the sampler appends, the HTTP
 * thread reads.
 */
public final class RunTimeline {
    /** Samples kept: two hours at one every 500 ms. */
    public static final int MAX_ROWS = 14_400;
    /** REMB points kept (two hours at five a second). */
    public static final int MAX_REMBS = 36_000;
    /** Events kept. */
    public static final int MAX_EVENTS = 1_000;

    private final Deque<TimelineRow> rows = new ArrayDeque<>();
    private final Deque<TimelinePoint> rembs = new ArrayDeque<>();
    private final Deque<TimelineEvent> events = new ArrayDeque<>();

    /** Appends a sample. */
    public synchronized void add(final TimelineRow row) {
        append(rows, Objects.requireNonNull(row, "row"), MAX_ROWS);
    }

    /** Appends a REMB sent. */
    public synchronized void addRemb(final TimelinePoint remb) {
        append(rembs, Objects.requireNonNull(remb, "remb"), MAX_REMBS);
    }

    /** Appends an event. */
    public synchronized void addEvent(final TimelineEvent event) {
        append(events, Objects.requireNonNull(event, "event"), MAX_EVENTS);
    }

    private static <T> void append(final Deque<T> to, final T item, final int max) {
        if (to.size() == max) {
            to.removeFirst();
        }
        to.addLast(item);
    }

    /** Samples at or after {@code fromS}, oldest first. */
    public synchronized List<TimelineRow> rows(final double fromS) {
        return from(rows, fromS, TimelineRow::timeS);
    }

    /** REMBs at or after {@code fromS}, oldest first. */
    public synchronized List<TimelinePoint> rembs(final double fromS) {
        return from(rembs, fromS, TimelinePoint::timeS);
    }

    /** Events at or after {@code fromS}, oldest first. */
    public synchronized List<TimelineEvent> events(final double fromS) {
        return from(events, fromS, TimelineEvent::timeS);
    }

    /** The time of the latest sample, or 0 before the first. */
    public synchronized double lastTimeS() {
        return rows.isEmpty() ? 0 : rows.peekLast().timeS();
    }

    private static <T> List<T> from(final Deque<T> items, final double fromS, final ToDoubleFunction<T> time) {
        final List<T> out = new ArrayList<>();
        for (final T item : items) {
            if (time.applyAsDouble(item) >= fromS) {
                out.add(item);
            }
        }
        return out;
    }
}
