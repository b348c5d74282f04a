package dev.bwe.jmh;

/**
 * How a publisher waits for room in a full ring or queue: a few spins (room usually comes back within
 * nanoseconds when the consumers are running), then {@link Thread#yield()}, because on a 2-core machine
 * the consumers that would make room may need the very core the publisher is spinning on. The same
 * policy for every {@link Handoff}, so waiting favours none of them.
 */
final class Backoff {
    /** Spins before yielding: about a microsecond of {@link Thread#onSpinWait()}. */
    static final int SPINS_BEFORE_YIELD = 100;

    private Backoff() {
    }

    /** Waits once; {@code attempt} counts from 0 for each packet that found no room. */
    static void idle(final int attempt) {
        if (attempt < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
