package dev.bwe.relay;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded, thread-safe list of {@link RembRecord}s: appended by the thread that sends REMBs, read by tests
 * and the stats page. Past {@link #MAX_RECORDS} records it keeps counting but stops storing, so a relay left
 * running for days does not grow without bound.
 */
public final class RembLog {
    /** Most records kept (about an hour of REMBs at five a second). */
    public static final int MAX_RECORDS = 20_000;

    private final List<RembRecord> records = new ArrayList<>();
    private long count;
    private RembRecord last;

    synchronized void add(final RembRecord record) {
        count++;
        last = record;
        if (records.size() < MAX_RECORDS) {
            records.add(record);
        }
    }

    /** A copy of the records kept so far, oldest first. */
    public synchronized List<RembRecord> snapshot() {
        return new ArrayList<>(records);
    }

    /** The records kept from index {@code from} on (a reader that keeps its place), oldest first. */
    public synchronized List<RembRecord> from(final int from) {
        return from >= records.size() ? List.of() : new ArrayList<>(records.subList(Math.max(0, from),
            records.size()));
    }

    /** Records added so far, stored or not. */
    public synchronized long count() {
        return count;
    }

    /** The latest record, or null. */
    public synchronized RembRecord last() {
        return last;
    }
}
