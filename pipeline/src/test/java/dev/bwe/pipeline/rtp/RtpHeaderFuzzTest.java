package dev.bwe.pipeline.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A million random and mutated packets: the parser never throws, always returns one of the
 * statuses, never reads past the captured bytes, and what it accepts is self-consistent.
 *
 * <p>The slot view is re-wrapped for every packet to end exactly at the capture, so that with
 * Agrona's bounds checks on (the default) any read beyond the capture throws and is caught here.
 */
class RtpHeaderFuzzTest {
    private static final int PACKETS = 1_000_000;
    private static final int POOL_SIZE = 2_000;
    private static final int OFFSET = Slot.OFFSET;
    private static final int MAX_PACKET_BYTES = 4_096;

    private final byte[] backing = new byte[OFFSET + MAX_PACKET_BYTES];
    private final UnsafeBuffer view = new UnsafeBuffer(backing);
    private int length;
    private int captured;
    private int lastByte;

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {0xB0E5EEDL})
    void aMillionRandomAndMutatedPacketsNeverThrowAndAlwaysGetAStatus(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<RandomRtpPackets.Expected> pool = new ArrayList<>(POOL_SIZE);
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(RandomRtpPackets.next(random));
        }
        final ExtensionIds[] idChoices = {
            ExtensionIds.NONE, ExtensionIds.of(3, 5), ExtensionIds.of(1, 14), ExtensionIds.of(200, 15),
            ExtensionIds.of(0, 0, 2), ExtensionIds.of(3, 5, 1)};

        final RtpHeaderParser parser = new RtpHeaderParser();
        final long[] counts = new long[ParseStatus.COUNT];
        long outOfRangeStatuses = 0;
        long inconsistentAccepts = 0;
        String firstFailure = null;
        for (int i = 0; i < PACKETS; i++) {
            final RandomRtpPackets.Expected base = pool.get(random.nextInt(POOL_SIZE));
            final ExtensionIds ids = random.nextInt(4) == 0 ? idChoices[random.nextInt(idChoices.length)] : base.ids();
            generate(random, base);
            view.wrap(backing, 0, OFFSET + captured);
            final int status;
            try {
                status = parser.parse(view, OFFSET, captured, length, lastByte, ids);
            } catch (final Throwable t) {
                throw new AssertionError("seed " + seed + " packet " + i + " threw on "
                    + Arrays.toString(Arrays.copyOfRange(backing, OFFSET, OFFSET + captured))
                    + " length " + length + " last byte " + lastByte, t);
            }
            if (status < 0 || status >= ParseStatus.COUNT) {
                outOfRangeStatuses++;
                continue;
            }
            counts[status]++;
            if ((status == ParseStatus.OK.code() || status == ParseStatus.NO_SEND_TIME.code())
                && !isConsistentAccept(parser, status)) {
                inconsistentAccepts++;
                if (firstFailure == null) {
                    firstFailure = "seed " + seed + " packet " + i;
                }
            }
        }

        assertThat(outOfRangeStatuses).isZero();
        assertThat(inconsistentAccepts).as("first at %s", firstFailure).isZero();
        assertThat(Arrays.stream(counts).sum()).isEqualTo(PACKETS);
        assertThat(counts[ParseStatus.UNKNOWN_SESSION.code()]).as("reserved for the pipeline").isZero();
        for (final ParseStatus status : ParseStatus.values()) {
            if (status != ParseStatus.UNKNOWN_SESSION) {
                assertThat(counts[status.code()]).as("packets with status %s", status).isPositive();
            }
        }
    }

    /**
     * The property behind the parser's one-byte fast path: on random, valid and mutated headers (with
     * every combination of negotiated ids), the fast path and the generic path agree on the status and
     * on every field. Each packet sits in an array that ends exactly at the capture, so a fast-path read
     * past the capture throws.
     */
    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {0xFA57L, 0x5EED5L})
    void fastPathAndGenericPathAgreeOnEveryField(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<RandomRtpPackets.Expected> pool = new ArrayList<>(POOL_SIZE);
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(RandomRtpPackets.next(random));
        }
        final RtpHeaderParser fast = new RtpHeaderParser();
        final RtpHeaderParser generic = RtpHeaderParser.genericOnly();
        final long[] counts = new long[ParseStatus.COUNT];
        long withToffset = 0;
        for (int i = 0; i < 300_000; i++) {
            final RandomRtpPackets.Expected base = pool.get(random.nextInt(POOL_SIZE));
            final int toffsetId = random.nextInt(3) == 0 ? random.nextInt(1, 15) : 0;
            final ExtensionIds ids = toffsetId == 0 || toffsetId == base.ids().absSendTimeId()
                || toffsetId == base.ids().absCaptureTimeId()
                ? base.ids() : ExtensionIds.of(base.ids().absSendTimeId(), base.ids().absCaptureTimeId(), toffsetId);
            generate(random, base);
            final UnsafeBuffer exact = new UnsafeBuffer(Arrays.copyOf(backing, OFFSET + captured));
            final int fastStatus = fast.parse(exact, OFFSET, captured, length, lastByte, ids);
            final int genericStatus = generic.parse(exact, OFFSET, captured, length, lastByte, ids);
            final String where = "seed " + seed + " packet " + i + " ids " + ids + ": "
                + Arrays.toString(Arrays.copyOfRange(backing, OFFSET, OFFSET + captured)) + " length " + length
                + " last byte " + lastByte;
            assertThat(fastStatus).as(where).isEqualTo(genericStatus);
            assertThat(fields(fast)).as(where).isEqualTo(fields(generic));
            counts[fastStatus]++;
            if (fast.hasTransmissionOffset()) {
                withToffset++;
            }
        }
        assertThat(counts[ParseStatus.OK.code()]).as("accepted packets").isGreaterThan(100_000);
        assertThat(withToffset).as("packets with a toffset read").isGreaterThan(50);
    }

    private static List<Object> fields(final RtpHeaderParser p) {
        return List.of(p.marker(), p.payloadType(), p.sequenceNumber(), p.timestamp(), p.ssrc(), p.csrcCount(),
            p.headerLengthBytes(), p.paddingBytes(), p.payloadSizeBytes(), p.hasAbsSendTime(), p.absSendTime24(),
            p.hasAbsCaptureTime(), p.absCaptureTimeNtp(), p.hasCaptureClockOffset(), p.captureClockOffset(),
            p.hasTransmissionOffset(), p.transmissionOffset(), p.malformedExtensionCount());
    }

    private boolean isConsistentAccept(final RtpHeaderParser parser, final int status) {
        return parser.headerLengthBytes() >= RtpHeaderParser.FIXED_HEADER_BYTES
            && parser.headerLengthBytes() <= captured
            && parser.headerLengthBytes() + parser.paddingBytes() <= length
            && parser.payloadSizeBytes() == length - parser.headerLengthBytes()
            && parser.absSendTime24() >>> 24 == 0
            && (status == ParseStatus.OK.code()) == (parser.hasAbsSendTime() || parser.hasAbsCaptureTime())
            && parser.malformedExtensionCount() <= 3;
    }

    /** Fills {@link #backing} with one test packet and sets length, capture and last byte. */
    private void generate(final SplittableRandom random, final RandomRtpPackets.Expected base) {
        if (random.nextInt(8) == 0) {
            randomBytes(random);
        } else {
            final byte[] bytes = base.bytes();
            System.arraycopy(bytes, 0, backing, OFFSET, bytes.length);
            length = bytes.length;
            final int mutations = random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                mutate(random);
            }
        }
        captured = Math.min(length, Slot.CAPACITY_BYTES);
        lastByte = length == 0 ? 0 : backing[OFFSET + length - 1] & 0xFF;
        switch (random.nextInt(16)) {
            case 0 -> captured = random.nextInt(captured + 1);
            case 1 -> lastByte = random.nextInt(256);
            case 2 -> lastByte = random.nextInt(-2, 258);
            case 3 -> captured = Math.min(captured + random.nextInt(1, 4), MAX_PACKET_BYTES);
            default -> {
            }
        }
    }

    private void randomBytes(final SplittableRandom random) {
        length = random.nextInt(301);
        for (int i = 0; i < length; i++) {
            backing[OFFSET + i] = (byte) random.nextInt(256);
        }
        if (length > 0 && random.nextBoolean()) {
            // Make it look like RTP v2 more often than 1 in 4, to get past the first checks.
            backing[OFFSET] = (byte) (0x80 | backing[OFFSET] & 0x3F);
        }
    }

    private void mutate(final SplittableRandom random) {
        final int headerEnd = Math.min(length, 96);
        switch (random.nextInt(9)) {
            case 0 -> length = random.nextInt(length + 1);
            case 1 -> backing[OFFSET] = (byte) (backing[OFFSET] & 0xF0 | random.nextInt(16));
            case 2 -> setExtensionLengthField(random);
            case 3 -> randomizeExtensionBlock(random);
            case 4 -> backing[OFFSET] = (byte) (random.nextInt(4) << 6 | backing[OFFSET] & 0x3F);
            case 5 -> backing[OFFSET] ^= 0x20;
            case 6 -> {
                if (length > 0) {
                    backing[OFFSET + length - 1] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(256));
                }
            }
            case 7 -> {
                if (headerEnd > 0) {
                    backing[OFFSET + random.nextInt(headerEnd)] = (byte) random.nextInt(256);
                }
            }
            default -> {
                if (length > 1) {
                    backing[OFFSET + 1] = (byte) random.nextInt(256);
                }
            }
        }
    }

    private int extensionHeaderIndex() {
        return RtpHeaderParser.FIXED_HEADER_BYTES + 4 * (backing[OFFSET] & 0x0F);
    }

    private void setExtensionLengthField(final SplittableRandom random) {
        final int index = extensionHeaderIndex() + 2;
        if (index + 2 <= length) {
            final int words = random.nextBoolean() ? random.nextInt(1 << 16) : random.nextInt(16);
            backing[OFFSET + index] = (byte) (words >>> 8);
            backing[OFFSET + index + 1] = (byte) words;
        }
    }

    private void randomizeExtensionBlock(final SplittableRandom random) {
        final int start = extensionHeaderIndex() + 4;
        final int end = Math.min(length, start + random.nextInt(1, 64));
        for (int i = start; i < end; i++) {
            // Bias towards the bytes that matter to the walk: padding, ID 15 and small lengths.
            final int kind = random.nextInt(4);
            backing[OFFSET + i] = (byte) (kind == 0 ? 0 : kind == 1 ? 0xF0 | random.nextInt(16) : random.nextInt(256));
        }
    }
}
