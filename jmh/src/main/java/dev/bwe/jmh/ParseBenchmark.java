package dev.bwe.jmh;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.rtp.ParseStatus;
import dev.bwe.pipeline.rtp.RtpHeaderParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Nanoseconds per packet to validate an RTP header and read abs-send-time with bwe's
 * {@link RtpHeaderParser}, from the first {@value #CAPTURE_BYTES} bytes of each packet as a ring slot
 * holds them, for both RFC 8285 forms of the extension block:
 *
 * <pre>
 *   ONE_BYTE  0xBEDE, 4 words: toffset(1) transport-cc(3) abs-send-time(2) mid(4) video-orientation(5) pad
 *   TWO_BYTE  0x1000, 10 words: the same five, then a 20-byte dependency descriptor under id 16, pad
 * </pre>
 *
 * Abs-send-time sits in the middle of the block, so the walk has elements to step over before and
 * after it. {@value #PACKET_COUNT} packets of 4 SSRCs with distinct sequence numbers and send times
 * are parsed round-robin, so neither parser sees the same bytes twice in a row.
 *
 * <p><b>Expected result</b>, checked in {@link Packets#setUp()} for every packet before measuring:
 * both parsers read back exactly the SSRC, sequence number, RTP timestamp, abs-send-time and payload
 * size that were written, and bwe's parser returns {@link ParseStatus#OK}. bwe's parser allocates
 * nothing ({@code gc.alloc.rate.norm} ≈ 0 B/op with {@code -prof gc}).
 *
 * <p><b>Baseline</b>, {@link #baselineNaiveParser}: the same bytes parsed the way a typical codebase
 * does it ({@link ParsedRtpPacket}: a new object per packet, every extension element copied into a
 * {@code HashMap<Integer, byte[]>}), the packet handed on to a {@link Blackhole} as it would be handed
 * to the next component, and abs-send-time read from the map.
 */
public class ParseBenchmark extends BweBenchmark {
    /** Distinct packets parsed round-robin; a power of two, so the next index is a mask away. */
    public static final int PACKET_COUNT = 256;
    /** Bytes captured per packet, as a ring slot keeps the start of the packet; both headers fit. */
    public static final int CAPTURE_BYTES = 128;
    public static final int VIDEO_PAYLOAD_BYTES = 1200;

    static final int TOFFSET_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;
    static final int VIDEO_ORIENTATION_ID = 5;
    /** Negotiated but absent, as in most packets: senders stamp it about once a second. */
    static final int ABS_CAPTURE_TIME_ID = 7;
    /** Above 14: only the two-byte form can carry it (RFC 8285 §4.3). */
    static final int DEPENDENCY_DESCRIPTOR_ID = 16;
    static final int DEPENDENCY_DESCRIPTOR_BYTES = 20;
    static final ExtensionIds IDS = ExtensionIds.of(ABS_SEND_TIME_ID, ABS_CAPTURE_TIME_ID);

    private static final int[] SSRCS = {0x5A3C11F0, 0xC0FFEE01, 0x0000A001, 0x9E3779B9};
    private static final int VIDEO_PAYLOAD_TYPE = 96;
    private static final int RTP_CLOCK_TICKS_PER_FRAME = 90_000 / 30;
    /** Send-time step between consecutive packets, µs: about 640 packets per second. */
    private static final long PACKET_SPACING_US = 1_563;

    /** How the packets' extension block is written. */
    public enum ExtensionForm {
        /** RFC 8285 §4.2, profile 0xBEDE. */
        ONE_BYTE,
        /** RFC 8285 §4.3, profile 0x1000. */
        TWO_BYTE
    }

    /** The packets, both parsers' inputs, and the expected values to check them against. */
    @State(Scope.Thread)
    public static class Packets {
        /** Left empty on purpose: JMH then runs every {@link ExtensionForm}. */
        @Param
        public ExtensionForm form;

        /** {@link #PACKET_COUNT} slots of {@link #CAPTURE_BYTES}: the naive parser reads this array. */
        final byte[] slots = new byte[PACKET_COUNT * CAPTURE_BYTES];
        /** The same memory, for bwe's parser. */
        final UnsafeBuffer buffer = new UnsafeBuffer(slots);
        final int[] packetLengthBytes = new int[PACKET_COUNT];
        /** Each packet's last byte, kept beside the slot because the capture does not reach it. */
        final int[] lastByte = new int[PACKET_COUNT];
        final RtpHeaderParser parser = new RtpHeaderParser();
        final RtpHeaderParser genericParser = RtpHeaderParser.genericOnly();
        int next;

        final int[] expectedSsrc = new int[PACKET_COUNT];
        final int[] expectedSequenceNumber = new int[PACKET_COUNT];
        final int[] expectedTimestamp = new int[PACKET_COUNT];
        final int[] expectedAbsSendTime24 = new int[PACKET_COUNT];

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < PACKET_COUNT; i++) {
                expectedSsrc[i] = SSRCS[i % SSRCS.length];
                expectedSequenceNumber[i] = (0xFF80 + i) & 0xFFFF; // wraps inside the set
                // Crosses 2^31, so an unsigned 32-bit value that is negative as an int is read back too.
                expectedTimestamp[i] = 0x7FFF_F000 + i / SSRCS.length * RTP_CLOCK_TICKS_PER_FRAME;
                expectedAbsSendTime24[i] = AbsSendTime.fromMicros(63_900_000 + i * PACKET_SPACING_US); // wraps too
                final int headerBytes = writePacket(slots, i * CAPTURE_BYTES, form, expectedSequenceNumber[i],
                    expectedTimestamp[i], expectedSsrc[i], expectedAbsSendTime24[i]);
                packetLengthBytes[i] = headerBytes + VIDEO_PAYLOAD_BYTES;
                lastByte[i] = i & 0xFF;
            }
            for (int i = 0; i < PACKET_COUNT; i++) {
                checkBweParser(parser, i);
                checkBweParser(genericParser, i);
                checkNaiveParser(i);
            }
        }

        int nextIndex() {
            final int index = next;
            next = (index + 1) & (PACKET_COUNT - 1);
            return index;
        }

        private void checkBweParser(final RtpHeaderParser parser, final int i) {
            final int status = parser.parse(buffer, i * CAPTURE_BYTES, CAPTURE_BYTES, packetLengthBytes[i],
                lastByte[i], IDS);
            if (status != ParseStatus.OK.code()
                || parser.ssrc() != expectedSsrc[i]
                || parser.sequenceNumber() != expectedSequenceNumber[i]
                || parser.timestamp() != expectedTimestamp[i]
                || !parser.hasAbsSendTime()
                || parser.absSendTime24() != expectedAbsSendTime24[i]
                || parser.payloadSizeBytes() != VIDEO_PAYLOAD_BYTES) {
                throw new IllegalStateException(form + " packet " + i + ": bwe parser read status "
                    + ParseStatus.fromCode(status) + ", ssrc " + parser.ssrc() + ", seq " + parser.sequenceNumber()
                    + ", ts " + parser.timestamp() + ", abs-send-time " + parser.absSendTime24()
                    + ", payload " + parser.payloadSizeBytes());
            }
        }

        private void checkNaiveParser(final int i) {
            final ParsedRtpPacket packet =
                ParsedRtpPacket.parse(slots, i * CAPTURE_BYTES, CAPTURE_BYTES, packetLengthBytes[i]);
            final int elements = form == ExtensionForm.ONE_BYTE ? 5 : 6;
            if ((int) packet.getSsrc() != expectedSsrc[i]
                || packet.getSequenceNumber() != expectedSequenceNumber[i]
                || (int) packet.getTimestamp() != expectedTimestamp[i]
                || absSendTime24(packet) != expectedAbsSendTime24[i]
                || packet.getPayloadLength() != VIDEO_PAYLOAD_BYTES
                || packet.getExtensions().size() != elements) {
                throw new IllegalStateException(form + " packet " + i + ": naive parser read ssrc "
                    + packet.getSsrc() + ", seq " + packet.getSequenceNumber() + ", ts " + packet.getTimestamp()
                    + ", abs-send-time " + absSendTime24(packet) + ", payload " + packet.getPayloadLength()
                    + ", extensions " + packet.getExtensions().keySet());
            }
        }
    }

    @Benchmark
    public long bweParser(final Packets packets) {
        final int i = packets.nextIndex();
        final RtpHeaderParser parser = packets.parser;
        final int status = parser.parse(packets.buffer, i * CAPTURE_BYTES, CAPTURE_BYTES,
            packets.packetLengthBytes[i], packets.lastByte[i], IDS);
        return digest(status, parser.ssrc(), parser.sequenceNumber(), parser.absSendTime24(),
            parser.payloadSizeBytes());
    }

    /**
     * The same parse on the generic path only ({@link RtpHeaderParser#genericOnly()}): what
     * {@link #bweParser} costs without its one-byte fast path, measured in the same run.
     */
    @Benchmark
    public long bweParserGenericPath(final Packets packets) {
        final int i = packets.nextIndex();
        final RtpHeaderParser parser = packets.genericParser;
        final int status = parser.parse(packets.buffer, i * CAPTURE_BYTES, CAPTURE_BYTES,
            packets.packetLengthBytes[i], packets.lastByte[i], IDS);
        return digest(status, parser.ssrc(), parser.sequenceNumber(), parser.absSendTime24(),
            parser.payloadSizeBytes());
    }

    @Benchmark
    public long baselineNaiveParser(final Packets packets, final Blackhole blackhole) {
        final int i = packets.nextIndex();
        final ParsedRtpPacket packet =
            ParsedRtpPacket.parse(packets.slots, i * CAPTURE_BYTES, CAPTURE_BYTES, packets.packetLengthBytes[i]);
        // The packet object escapes, as it does when a typical codebase hands it to the next component.
        blackhole.consume(packet);
        return digest(ParseStatus.OK.code(), (int) packet.getSsrc(), packet.getSequenceNumber(),
            absSendTime24(packet), packet.getPayloadLength());
    }

    /** Folds what the estimator needs from a packet into one value for the harness to consume. */
    private static long digest(final int status, final int ssrc, final int sequenceNumber, final int absSendTime24,
                               final int payloadSizeBytes) {
        return ((long) ssrc << 32) ^ ((long) sequenceNumber << 24) ^ absSendTime24
            ^ ((long) payloadSizeBytes << 12) ^ status;
    }

    /** The naive way to read abs-send-time: look it up in the map; -1 when absent or malformed. */
    static int absSendTime24(final ParsedRtpPacket packet) {
        final byte[] value = packet.getExtensions().get(ABS_SEND_TIME_ID);
        if (value == null || value.length != 3) {
            return -1;
        }
        return ((value[0] & 0xFF) << 16) | ((value[1] & 0xFF) << 8) | (value[2] & 0xFF);
    }

    /**
     * Writes an RTP header with a video packet's extension block at {@code offset}, byte by byte from
     * RFC 3550 §5.1 and RFC 8285 §4 (sharing no code with either parser), and fills the rest of the
     * slot with payload bytes.
     *
     * @return the header length in bytes
     */
    static int writePacket(final byte[] slots, final int offset, final ExtensionForm form, final int sequenceNumber,
                           final int timestamp, final int ssrc, final int absSendTime24) {
        int p = offset;
        slots[p++] = (byte) 0x90; // V=2, P=0, X=1, CC=0
        slots[p++] = (byte) VIDEO_PAYLOAD_TYPE;
        p = putShort(slots, p, sequenceNumber);
        p = putInt(slots, p, timestamp);
        p = putInt(slots, p, ssrc);

        final int blockHeader = p;
        p += 4;
        final int blockStart = p;
        final boolean oneByte = form == ExtensionForm.ONE_BYTE;
        p = putElement(slots, p, oneByte, TOFFSET_ID, new byte[] {0, 0, 0});
        p = putElement(slots, p, oneByte, TRANSPORT_CC_ID, new byte[] {(byte) (sequenceNumber >> 8),
            (byte) sequenceNumber});
        p = putElement(slots, p, oneByte, ABS_SEND_TIME_ID, new byte[] {(byte) (absSendTime24 >> 16),
            (byte) (absSendTime24 >> 8), (byte) absSendTime24});
        p = putElement(slots, p, oneByte, MID_ID, new byte[] {'0'});
        p = putElement(slots, p, oneByte, VIDEO_ORIENTATION_ID, new byte[] {0});
        if (!oneByte) {
            final byte[] descriptor = new byte[DEPENDENCY_DESCRIPTOR_BYTES];
            for (int i = 0; i < descriptor.length; i++) {
                descriptor[i] = (byte) (0x80 | i);
            }
            p = putElement(slots, p, false, DEPENDENCY_DESCRIPTOR_ID, descriptor);
        }
        while ((p - blockStart) % 4 != 0) {
            slots[p++] = 0; // padding to a whole 32-bit word (RFC 8285 §4.1)
        }
        putShort(slots, blockHeader, oneByte ? 0xBEDE : 0x1000);
        putShort(slots, blockHeader + 2, (p - blockStart) / 4);

        final int headerBytes = p - offset;
        for (int i = p; i < offset + CAPTURE_BYTES; i++) {
            slots[i] = (byte) (i * 31);
        }
        return headerBytes;
    }

    private static int putElement(final byte[] slots, final int at, final boolean oneByte, final int id,
                                  final byte[] data) {
        int p = at;
        if (oneByte) {
            slots[p++] = (byte) (id << 4 | (data.length - 1));
        } else {
            slots[p++] = (byte) id;
            slots[p++] = (byte) data.length;
        }
        System.arraycopy(data, 0, slots, p, data.length);
        return p + data.length;
    }

    private static int putShort(final byte[] slots, final int at, final int value) {
        slots[at] = (byte) (value >> 8);
        slots[at + 1] = (byte) value;
        return at + 2;
    }

    private static int putInt(final byte[] slots, final int at, final int value) {
        putShort(slots, at, value >>> 16);
        return putShort(slots, at + 2, value);
    }
}
