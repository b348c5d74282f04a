package dev.bwe.estimator;

/**
 * libwebrtc's {@code webrtc::Random} (rtc_base/random.{h,cc}), bit for bit, so that the
 * randomised {@code overuse_detector_unittest.cc} cases draw the same numbers as the C++ tests.
 *
 * <p>xorshift64 with a multiplicative output scramble. The Gaussian uses {@link StrictMath} for
 * {@code log} and {@code cos} so the draws, and therefore the frame counts, are the same on every JVM.
 */
final class LibwebrtcRandom {
    private static final long OUTPUT_MULTIPLIER = 2685821657736338717L;
    /** {@code 0xFFFFFFFFFFFFFFFFull} converted to double in the C++ division: it rounds to 2^64. */
    private static final double UINT64_MAX_AS_DOUBLE = 0x1.0p64;
    private static final double PI = 3.14159265358979323846;

    private long state;

    LibwebrtcRandom(final long seed) {
        if (seed == 0) {
            // xorshift never leaves the all-zero state; libwebrtc DCHECKs the same.
            throw new IllegalArgumentException("seed must be non-zero");
        }
        state = seed;
    }

    /** A non-zero unsigned 64-bit output ({@code NextOutput}). */
    long nextOutput() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return state * OUTPUT_MULTIPLIER;
    }

    /** {@code int32_t Rand(int32_t low, int32_t high)}: uniform on [low, high]. */
    int rand(final int low, final int high) {
        if (low > high) {
            throw new IllegalArgumentException("low > high");
        }
        final long span = (long) high - low;
        return (int) (randUnsigned(span) + low);
    }

    /** {@code uint32_t Rand(uint32_t t)}: uniform on [0, t], from the low 32 bits of one output. */
    private long randUnsigned(final long t) {
        final long x = nextOutput() & 0xFFFF_FFFFL;
        // x < 2^32 and t + 1 <= 2^32, so the product fits in 64 unsigned bits; shift it unsigned.
        return (x * (t + 1)) >>> 32;
    }

    /** {@code Gaussian(mean, sd)}: Box-Muller on two outputs in (0, 1]. */
    double gaussian(final double mean, final double standardDeviation) {
        final double u1 = unsignedToDouble(nextOutput()) / UINT64_MAX_AS_DOUBLE;
        final double u2 = unsignedToDouble(nextOutput()) / UINT64_MAX_AS_DOUBLE;
        return mean + standardDeviation * StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * PI * u2);
    }

    /**
     * C++'s {@code static_cast<double>(uint64_t)}: round to nearest even. Halving loses the low bit,
     * so it is folded back in as a sticky bit before the conversion; doubling is then exact.
     */
    static double unsignedToDouble(final long value) {
        if (value >= 0) {
            return (double) value;
        }
        return (double) ((value >>> 1) | (value & 1)) * 2.0;
    }
}
