package dev.bwe.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * abs-send-time and abs-capture-time conversions (reference §3.1, §4.2, §4.3). The property tests are
 * seeded; the seed is in each test's name, so a failure can be replayed exactly.
 */
class AbsSendTimeTest {
    private static final int SAMPLES = 10_000;
    private static final long WRAP_PERIOD_US = 64_000_000L;
    /** Ticks per second in the upshifted domain. */
    private static final long TICKS_PER_SECOND = 1L << 26;
    /** One 24-bit LSB in upshifted ticks. */
    private static final long LSB_TICKS = 1L << 8;

    /** libwebrtc's test helper {@code AbsSendTime(t, denom)}: t/denom seconds, rounded to nearest. */
    @Test
    void matchesTheUsefulValuesOfLibwebrtcsTestHelper() {
        assertThat(AbsSendTime.fromFraction(1, 50)).isEqualTo(5243);
        assertThat(AbsSendTime.fromFraction(1, 100)).isEqualTo(2621);
        assertThat(AbsSendTime.fromFraction(15, 90_000)).isEqualTo(44);
        assertThat(AbsSendTime.fromFraction(1, 90_000)).isEqualTo(3);
        assertThat(AbsSendTime.fromFraction(35, 1)).isEqualTo(9_175_040);
        // 640 s = 10 whole 64 s periods: 10 * 2^24, nothing left after the mask.
        assertThat(AbsSendTime.fromFraction(640, 1)).isZero();
    }

    /** {@code AddAbsSendTime}: 24-bit modular addition, negative deltas wrap. */
    @Test
    void addWrapsModulo2To24() {
        assertThat(AbsSendTime.add(0xFFFFFF, 1)).isZero();
        assertThat(AbsSendTime.add(0, -5243)).isEqualTo(0x1000000 - 5243);
        assertThat(AbsSendTime.add(16_515_066, 50 * 5243)).isZero();
    }

    /** The sender's {@code To24Bits}: ((t mod 64 s) << 18) / 1 s, truncating. */
    @Test
    void fromMicrosTruncatesLikeLibwebrtcsSender() {
        assertThat(AbsSendTime.fromMicros(0)).isZero();
        // One LSB is 1e6 / 2^18 ≈ 3.8147 µs: 3 µs is still 0, 4 µs is 1.
        assertThat(AbsSendTime.fromMicros(3)).isZero();
        assertThat(AbsSendTime.fromMicros(4)).isEqualTo(1);
        // 20 ms is 5242.88 LSB: truncated, where the rounded test helper gives 5243.
        assertThat(AbsSendTime.fromMicros(20_000)).isEqualTo(5242);
        assertThat(AbsSendTime.fromMicros(1_000_000)).isEqualTo(1 << 18);
        assertThat(AbsSendTime.fromMicros(WRAP_PERIOD_US - 1)).isEqualTo(0xFFFFFF);
        assertThat(AbsSendTime.fromMicros(WRAP_PERIOD_US)).isZero();
        assertThat(AbsSendTime.fromMicros(WRAP_PERIOD_US + 4)).isEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 0x5EEDL, 20_240_618L})
    void fromMicrosIsTheLargestValueNotAfterTheTimeWithinItsPeriod(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < SAMPLES; i++) {
            final long timeUs = random.nextLong(0, 1L << 45);
            final long withinPeriodUs = timeUs % WRAP_PERIOD_US;

            final int value = AbsSendTime.fromMicros(timeUs);

            // value / 2^18 s <= t < (value + 1) / 2^18 s, in exact integer arithmetic.
            assertThat((long) value * 1_000_000L).as("t = %d µs", timeUs)
                .isLessThanOrEqualTo(withinPeriodUs << 18);
            assertThat((value + 1L) * 1_000_000L).as("t = %d µs", timeUs)
                .isGreaterThan(withinPeriodUs << 18);
            // Back to µs, truncating twice, loses less than one LSB plus one µs.
            assertThat(withinPeriodUs - AbsSendTime.toMicros(value)).as("t = %d µs", timeUs).isBetween(0L, 4L);
        }
    }

    @Test
    void toTicksUpshiftsByEightAndIgnoresBitsAbove24() {
        assertThat(AbsSendTime.toTicks(1)).isEqualTo(256);
        assertThat(AbsSendTime.toTicks(0xFFFFFF)).isEqualTo(0xFFFFFF00);
        assertThat(AbsSendTime.toTicks(0x1000000)).isZero();
        assertThat(AbsSendTime.toTicks(0x1ABCDEF)).isEqualTo(0xABCDEF00);
        assertThat(AbsSendTime.TIMESTAMP_TO_MS).isEqualTo(1.4901161193847656e-05);
    }

    /** The probe detector's µs send time: ticks × (1000 / 2^26) ms, then truncated to µs. */
    @Test
    void probeTimeIsTheTickValueInMicrosTruncated() {
        assertThat(AbsSendTime.ticksToProbeTimeUs((int) TICKS_PER_SECOND)).isEqualTo(1_000_000L);
        // 5243 LSB = 20.000915… ms.
        assertThat(AbsSendTime.ticksToProbeTimeUs(AbsSendTime.toTicks(5243))).isEqualTo(20_000L);
        // The top of the range reads as unsigned: just under 64 s.
        assertThat(AbsSendTime.ticksToProbeTimeUs(0xFFFFFF00)).isEqualTo(63_999_996L);
    }

    /**
     * Wrap handling is plain unsigned 32-bit subtraction: for any send time t and a later one t + d with
     * d under 32 s, the tick difference equals d in ticks to within one 24-bit LSB (each conversion
     * truncates once), whether or not the 64 s period wraps in between.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7L, 0xC0FFEEL, 335_544L})
    void tickDifferenceUnwrapsAcrossThe64SecondWrap(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        int wrapped = 0;
        for (int i = 0; i < SAMPLES; i++) {
            final long deltaUs = random.nextLong(1, 32_000_000L);
            final long timeUs;
            if (i % 2 == 0) {
                timeUs = random.nextLong(0, 1L << 40);
            } else {
                // Straddle a period boundary: t is at most d before it.
                final long boundaryUs = random.nextLong(1, 1L << 20) * WRAP_PERIOD_US;
                timeUs = boundaryUs - random.nextLong(1, deltaUs + 1);
            }
            final int before = AbsSendTime.fromMicros(timeUs);
            final int after = AbsSendTime.fromMicros(timeUs + deltaUs);
            if (after < before) {
                wrapped++;
            }

            final long diffTicks = Integer.toUnsignedLong(AbsSendTime.toTicks(after) - AbsSendTime.toTicks(before));

            // |diff − d·2^26/1e6| ≤ 256, multiplied through by 1e6 to stay in integers.
            final long errorScaled = diffTicks * 1_000_000L - deltaUs * TICKS_PER_SECOND;
            assertThat(Math.abs(errorScaled)).as("t = %d µs, d = %d µs, diff = %d ticks", timeUs, deltaUs, diffTicks)
                .isLessThanOrEqualTo(LSB_TICKS * 1_000_000L);
        }
        assertThat(wrapped).as("samples that crossed a wrap").isGreaterThan(SAMPLES / 4);
    }

    @Test
    void absCaptureTimeHasAnEightByteAndASixteenByteForm() {
        assertThat(AbsCaptureTime.SHORT_LENGTH_BYTES).isEqualTo(8);
        assertThat(AbsCaptureTime.LONG_LENGTH_BYTES).isEqualTo(16);
    }

    @Test
    void ntpTimestampCarriesWholeSecondsHighAndTheFractionLow() {
        assertThat(AbsCaptureTime.fromMicros(1_500_000)).isEqualTo((1L << 32) | 0x8000_0000L);
        // Seconds mod 64 and the top 18 fraction bits: (ntp >> 14) & 0xFFFFFF.
        assertThat(AbsSendTime.fromNtp((65L << 32) | 0x8000_0000L)).isEqualTo((1 << 18) | (1 << 17));
        // NTP seconds above 2^31 (after 2036 in era 0) still convert: the shift is unsigned.
        assertThat(AbsSendTime.fromNtp(0xFFFF_FFFF_FFFF_FFFFL)).isEqualTo(0xFFFFFF);
    }

    /**
     * Capture time converted to the abs-send-time domain agrees with the sender's own conversion. The
     * brief asks for 1 LSB; it is in fact exact: both truncate t·2^18/1e6 once, because flooring
     * t·2^32/1e6 and then dropping 14 bits is the same floor.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3L, 0xABCDEFL, 8_285L})
    void absCaptureTimeAgreesWithAbsSendTimeForTheSameInstant(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < SAMPLES; i++) {
            // Anywhere in NTP era 0, including seconds ≥ 2^31.
            final long timeUs = random.nextLong(0, (1L << 32) * 1_000_000L);

            final long ntp = AbsCaptureTime.fromMicros(timeUs);

            assertThat(AbsCaptureTime.toAbsSendTime24(ntp)).as("t = %d µs", timeUs)
                .isEqualTo(AbsSendTime.fromMicros(timeUs));
            assertThat(AbsCaptureTime.toTicks(ntp)).as("t = %d µs", timeUs)
                .isEqualTo(AbsSendTime.toTicks(AbsSendTime.fromMicros(timeUs)));
        }
    }
}
