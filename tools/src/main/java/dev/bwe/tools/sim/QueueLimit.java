package dev.bwe.tools.sim;

/**
 * Drop-tail limit of a bottleneck queue: a packet is dropped on arrival when the bytes already waiting
 * (including the one being serialised) plus its own would exceed the limit.
 *
 * <p>The limit is either a fixed number of bytes, or a queueing time at the capacity in effect when the
 * packet arrives (RFC 8867 sizes its queues that way, "300 ms"): {@code limitBytes = capacityBps × ms / 8000}.
 */
public final class QueueLimit {
    private static final QueueLimit UNLIMITED = new QueueLimit(Long.MAX_VALUE, -1);

    private final long bytes;
    private final long millis;

    private QueueLimit(final long bytes, final long millis) {
        this.bytes = bytes;
        this.millis = millis;
    }

    /** No limit: nothing is ever dropped for lack of room. */
    public static QueueLimit unlimited() {
        return UNLIMITED;
    }

    /** At most {@code bytes} bytes in the queue. */
    public static QueueLimit bytes(final long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("queue limit must be > 0 bytes, was " + bytes);
        }
        return new QueueLimit(bytes, -1);
    }

    /** At most {@code millis} ms of queueing at the capacity in effect when a packet arrives. */
    public static QueueLimit millis(final long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("queue limit must be > 0 ms, was " + millis);
        }
        return new QueueLimit(-1, millis);
    }

    /** The limit in bytes when the link runs at {@code capacityBps}. */
    public long limitBytes(final long capacityBps) {
        if (millis < 0) {
            return bytes;
        }
        return capacityBps * millis / (1000 * SimTime.BITS_PER_BYTE);
    }

    public boolean isUnlimited() {
        return this == UNLIMITED;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof QueueLimit && ((QueueLimit) o).bytes == bytes && ((QueueLimit) o).millis == millis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes) * 31 + Long.hashCode(millis);
    }

    @Override
    public String toString() {
        if (isUnlimited()) {
            return "unlimited";
        }
        return millis >= 0 ? millis + "ms" : bytes + "B";
    }
}
