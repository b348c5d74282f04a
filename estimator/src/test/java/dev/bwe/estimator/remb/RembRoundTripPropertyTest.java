package dev.bwe.estimator.remb;

import static dev.bwe.estimator.remb.RembTestSupport.bytesOf;
import static dev.bwe.estimator.remb.RembTestSupport.ssrcsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwe.estimator.remb.RembTestSupport.ArraySsrcSet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encode then decode random REMBs. The decoded bitrate must be the encoded one with its low bits cut:
 * never above it (a REMB must not raise the sender's rate) and less than one unit of the last kept bit
 * (2^exp) below it. The seed is in every test name; rerun one with its seed to reproduce a failure.
 */
class RembRoundTripPropertyTest {
    private static final int ROUNDS = 2_000;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RembEncoder.encodedLength(255) + 16]);
    private final UnsafeBuffer arrayBuffer = new UnsafeBuffer(new byte[RembEncoder.encodedLength(255) + 16]);
    private final RembEncoder encoder = new RembEncoder();
    private final RembEncoder arrayEncoder = new RembEncoder();
    private final RembDecoder decoder = new RembDecoder();

    @ParameterizedTest(name = "full 0..Long.MAX_VALUE range, seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 0x5EEDL, 1_234_567_890L, -42L})
    void roundTripTruncatesOnlyBelowTheExponentAcrossTheWholeLongRange(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < ROUNDS; i++) {
            // A random bit length first, so small and huge magnitudes are equally likely.
            final long bitrateBps = (random.nextLong() >>> 1) >>> random.nextInt(63);
            roundTrip(random, bitrateBps, "seed " + seed + " round " + i);
        }
        for (final long edgeBps : new long[] {0, 1, 0x3FFFF, 0x40000, 0x40001, Long.MAX_VALUE, Long.MAX_VALUE - 1,
            1L << 62, 0x3FFFFL << 45}) {
            roundTrip(random, edgeBps, "seed " + seed + " edge " + edgeBps);
        }
    }

    @ParameterizedTest(name = "realistic 5 kbps..100 Mbps, seed {0}")
    @ValueSource(longs = {7L, 11L, 0xCAFEL, 20_240_618L})
    void roundTripTruncatesOnlyBelowTheExponentForRealisticBitrates(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < ROUNDS; i++) {
            final long bitrateBps = random.nextLong(5_000, 100_000_001);
            roundTrip(random, bitrateBps, "seed " + seed + " round " + i);
        }
    }

    private void roundTrip(final SplittableRandom random, final long bitrateBps, final String what) {
        final int[] ssrcs = randomSortedSsrcs(random);
        final int senderSsrc = random.nextInt();
        final int offset = random.nextInt(16);
        final Supplier<String> context = () -> what + ", bitrate " + bitrateBps + " bps, " + ssrcs.length + " SSRCs";

        final int written = encoder.wrap(buffer, offset).encode(senderSsrc, bitrateBps, new ArraySsrcSet(ssrcs));
        final int[] padded = Arrays.copyOf(ssrcs, ssrcs.length + random.nextInt(4));
        final int writtenFromArray = arrayEncoder.wrap(arrayBuffer, offset)
            .encode(senderSsrc, bitrateBps, padded, ssrcs.length);

        // Plain JUnit assertions with lazy messages: this loop runs tens of thousands of times.
        assertEquals(RembEncoder.encodedLength(ssrcs.length), written, context);
        assertEquals(written, writtenFromArray, context);
        assertArrayEquals(bytesOf(buffer, offset, written), bytesOf(arrayBuffer, offset, written), context);
        assertTrue(decoder.wrap(buffer, offset, written), () -> context.get() + ": " + decoder.error());

        final int exponent = (buffer.getByte(offset + 17) & 0xFF) >>> 2;
        final long decodedBps = decoder.bitrateBps();
        assertEquals(Math.max(0, 64 - Long.numberOfLeadingZeros(bitrateBps) - 18), exponent, context);
        assertTrue(decodedBps <= bitrateBps, () -> context.get() + ": decoded " + decodedBps + " is above");
        assertTrue(bitrateBps - decodedBps < 1L << exponent, () -> context.get() + ": decoded " + decodedBps
            + " is 2^" + exponent + " or more below");
        assertEquals(bitrateBps >>> exponent << exponent, decodedBps, context);
        assertEquals(senderSsrc, decoder.senderSsrc(), context);
        assertEquals(0, decoder.mediaSsrc(), context);
        assertArrayEquals(ssrcs, ssrcsOf(decoder), context);
    }

    /** 0..255 SSRCs over the full unsigned range, ascending unsigned as libwebrtc lists them. */
    private static int[] randomSortedSsrcs(final SplittableRandom random) {
        final int count = random.nextInt(8) == 0 ? 255 : random.nextInt(256);
        final long[] unsigned = new long[count];
        for (int i = 0; i < count; i++) {
            unsigned[i] = random.nextInt(16) == 0 ? (random.nextBoolean() ? 0L : 0xFFFFFFFFL)
                : Integer.toUnsignedLong(random.nextInt());
        }
        Arrays.sort(unsigned);
        final int[] ssrcs = new int[count];
        for (int i = 0; i < count; i++) {
            ssrcs[i] = (int) unsigned[i];
        }
        return ssrcs;
    }
}
