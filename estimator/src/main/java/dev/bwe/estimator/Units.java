package dev.bwe.estimator;

/**
 * The rounding rules of libwebrtc's unit types ({@code Timestamp}, {@code TimeDelta}, {@code DataRate},
 * {@code DataSize}), which bit-exact agreement depends on. Times are µs, rates bps, sizes bytes, as
 * there.
 */
final class Units {
    /** A rate or time that is not there (libwebrtc's empty optional or minus infinity). */
    static final long NONE = Long.MIN_VALUE;

    private Units() {
    }

    /** {@code .ms()}: µs to ms, rounding to nearest with halves toward +∞ ({@code DivideRoundToNearest}). */
    static long usToMs(final long timeUs) {
        return Math.floorDiv(timeUs + 500, 1000);
    }

    /** {@code .kbps()}: bps to kbps, rounding to nearest with halves toward +∞. */
    static long bpsToKbps(final long rateBps) {
        return Math.floorDiv(rateBps + 500, 1000);
    }

    /** {@code std::llround}: nearest, halves away from zero (used by {@code unit * double}). */
    static long llround(final double value) {
        return value < 0 ? -Math.round(-value) : Math.round(value);
    }

    /** {@code DataRate * double} and {@code double * DataRate}. */
    static long scaleRate(final long rateBps, final double factor) {
        return llround(rateBps * factor);
    }

    /** {@code DataSize / TimeDelta}: bytes·8,000,000 / µs, truncating. */
    static long bytesPerDurationToBps(final long bytes, final long durationUs) {
        return bytes * 8_000_000L / durationUs;
    }

    /** {@code DataSize / DataRate}: µs, truncating. */
    static long bytesAtRateToUs(final long bytes, final long rateBps) {
        return bytes * 8_000_000L / rateBps;
    }

    /** {@code DataRate * TimeDelta}: bytes, rounded to nearest ((bps·µs + 4,000,000) / 8,000,000). */
    static long rateTimesDurationToBytes(final long rateBps, final long durationUs) {
        return (rateBps * durationUs + 4_000_000L) / 8_000_000L;
    }

    /** {@code .seconds<double>()}: a multiplication by the reciprocal, as libwebrtc does it. */
    static double usToSeconds(final long durationUs) {
        return durationUs * (1.0 / 1_000_000.0);
    }

    /** Construction from a double ({@code BitsPerSec(double)}, {@code Seconds(double)}...): truncation. */
    static long truncate(final double value) {
        return (long) value;
    }
}
