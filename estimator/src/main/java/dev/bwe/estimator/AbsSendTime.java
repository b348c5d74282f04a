package dev.bwe.estimator;

/**
 * The abs-send-time header extension: a 24-bit 6.18 fixed-point send time in seconds, wrapping every
 * 64 s (URI {@code http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time}).
 *
 * <p>The estimator shifts the 24-bit value left by 8 so that it fills a 32-bit word; wrap-around is
 * then plain 32-bit modular arithmetic, and one tick is 2^-26 s (≈ 14.9 ns).
 */
public final class AbsSendTime {
    /** Fractional bits of the 24-bit value. */
    public static final int FRACTION_BITS = 18;
    /** Left shift from the 24-bit wire value to the 32-bit tick domain. */
    public static final int INTER_ARRIVAL_UPSHIFT = 8;
    /** Fractional bits of the upshifted 32-bit value: one tick is 2^-26 s. */
    public static final int INTER_ARRIVAL_SHIFT = FRACTION_BITS + INTER_ARRIVAL_UPSHIFT;
    /** Milliseconds per upshifted tick, {@code 1000 / 2^26}. */
    public static final double TIMESTAMP_TO_MS = 1000.0 / (1 << INTER_ARRIVAL_SHIFT);
    /** Mask of the 24-bit wire value. */
    public static final int MASK_24 = 0xFFFFFF;
    /** Period of the 24-bit value: 64 s. */
    public static final long WRAP_PERIOD_US = 64_000_000L;

    private AbsSendTime() {
    }

    /** The 24-bit wire value upshifted to the estimator's unsigned 32-bit tick domain. */
    public static int toTicks(final int absSendTime24) {
        return (absSendTime24 & MASK_24) << INTER_ARRIVAL_UPSHIFT;
    }

    /**
     * The send time the probe detector uses, in µs: libwebrtc converts the 32-bit tick value to a
     * double number of ms and truncates to µs ({@code Timestamp::Millis(double)}).
     */
    public static long ticksToProbeTimeUs(final int ticks) {
        final double ms = Integer.toUnsignedLong(ticks) * TIMESTAMP_TO_MS;
        return (long) (ms * 1000.0);
    }

    /**
     * The value a sender stamps for a clock time, truncating as libwebrtc's
     * {@code AbsoluteSendTime::To24Bits}: {@code ((t mod 64 s) << 18) / 1 s}.
     */
    public static int fromMicros(final long timeUs) {
        final long withinPeriodUs = Math.floorMod(timeUs, WRAP_PERIOD_US);
        return (int) (((withinPeriodUs << FRACTION_BITS) / 1_000_000L) & MASK_24);
    }

    /** The 24-bit value rounded to nearest, as libwebrtc's unit-test helper {@code AbsSendTime(t, denom)}. */
    public static int fromFraction(final long numerator, final long denominator) {
        return (int) ((((numerator << FRACTION_BITS) + denominator / 2) / denominator) & MASK_24);
    }

    /** The time within the 64 s period that a 24-bit value stands for, µs (truncating). */
    public static long toMicros(final int absSendTime24) {
        return ((absSendTime24 & MASK_24) * 1_000_000L) >> FRACTION_BITS;
    }

    /** {@code (a + b) mod 2^24}: adds a (possibly negative) delta to a 24-bit value. */
    public static int add(final int absSendTime24, final int delta) {
        return (absSendTime24 + delta) & MASK_24;
    }

    /**
     * The send time of an NTP (UQ32.32) timestamp in the 24-bit domain: {@code (ntp >> 14) & 0xFFFFFF},
     * as libwebrtc derives abs-send-time from an NTP clock.
     */
    public static int fromNtp(final long ntpUq32x32) {
        return (int) ((ntpUq32x32 >>> 14) & MASK_24);
    }
}
