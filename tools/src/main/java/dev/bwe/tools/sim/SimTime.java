package dev.bwe.tools.sim;

/** Unit constants and conversions of simulated time (nanoseconds) and rates, in one place. */
final class SimTime {
    static final long NS_PER_US = 1_000L;
    static final long NS_PER_MS = 1_000_000L;
    static final long NS_PER_S = 1_000_000_000L;
    static final long BITS_PER_BYTE = 8L;

    private SimTime() {
    }

    static long msToNs(final long ms) {
        return Math.multiplyExact(ms, NS_PER_MS);
    }

    static double nsToMs(final long ns) {
        return ns / (double) NS_PER_MS;
    }

    static double nsToS(final long ns) {
        return ns / (double) NS_PER_S;
    }

    /** Time to put {@code bytes} on a wire of {@code rateBps}, rounded up to the next ns (never 0 for a packet). */
    static long transmissionNs(final long bytes, final long rateBps) {
        return ceilDiv(bytes * BITS_PER_BYTE * NS_PER_S, rateBps);
    }

    static long ceilDiv(final long x, final long y) {
        return -Math.floorDiv(-x, y);
    }
}
