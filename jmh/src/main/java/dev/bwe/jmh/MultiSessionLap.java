package dev.bwe.jmh;

import java.util.Arrays;

import dev.bwe.pipeline.rtp.ExtensionIds;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One lap of what a relay receives from {@value #SESSIONS} sessions, as RTP packets ready to publish:
 * each session is the {@link StreamMixTrace} (two 2.5 Mbps video and two 48 kbps audio SSRCs through a
 * bottleneck with capacity dips, {@value #PACKETS_PER_SESSION_PER_SECOND} packets/s) with SSRCs of its
 * own, and the sessions are interleaved in arrival order.
 *
 * <pre>
 *   session 1: StreamMixTrace, SSRCs + 0, arrivals + 0 µs ─┐
 *   session 2: StreamMixTrace, SSRCs + 1, arrivals + 100 µs ┼─▶ merged by arrival time ─▶ packet i:
 *   ...                                                    │     bytes at i × 32, its real length,
 *   session 8: StreamMixTrace, SSRCs + 7, arrivals + 700 µs ┘     session id, arrival time (ns)
 * </pre>
 *
 * <p><b>Layout.</b> Every packet has the same 32-byte header (RTP fixed header and the one-byte
 * extension block of {@link ParseBenchmark.ExtensionForm#ONE_BYTE}: toffset, transport-cc,
 * abs-send-time, mid, video-orientation) and starts {@value #STRIDE_BYTES} bytes after the one before,
 * while declaring its real length (1232 bytes for full video packets, 152 for audio). So a packet's
 * payload bytes are the headers of the packets after it. The pipeline copies at most its slot's 256
 * header bytes and reads nothing past the header but the last byte (the padding count, unused: no
 * packet sets P), so the content of the payload is irrelevant; what matters is that every publish
 * copies as many bytes as it would from a real packet. This way the lap's
 * {@value #SESSIONS} × 81,920 packets fit in 21 MB instead of 700 MB.
 *
 * <p><b>Laps.</b> The trace's send times repeat every lap (its length is two abs-send-time periods),
 * so the bytes are the same for every lap and only the arrival time moves on: lap {@code n} arrives
 * {@code n × 128 s} after lap 0 ({@link #arrivalNs(int, long)}). The session offsets (at most 700 µs)
 * are shorter than the 7 ms between a lap's last packet and the next lap's first, so arrival times
 * never go backwards, not even across sessions.
 */
public final class MultiSessionLap {
    public static final int SESSIONS = 8;
    /** Sessions are 1..{@link #SESSIONS}. */
    public static final long FIRST_SESSION_ID = 1;
    /** Packets per second of one session's trace: 2 × 30 fps × 9 video packets + 2 × 50 audio packets. */
    public static final int PACKETS_PER_SESSION_PER_SECOND = 640;
    /** Bytes from one packet's start to the next one's: exactly the header. */
    public static final int STRIDE_BYTES = 32;
    public static final long LAP_DURATION_NS = StreamMixTrace.DURATION_US * 1_000;
    /** Session {@code k} (from 0) arrives this much later than session 0, ns. */
    static final long SESSION_ARRIVAL_STEP_NS = 100_000;

    private static final int RTP_CLOCK_TICKS_PER_PACKET = 3_000;

    private final UnsafeBuffer packets;
    private final int[] lengthBytes;
    private final long[] sessionId;
    private final long[] arrivalNs;
    private final int[] payloadSizeBytes;

    private MultiSessionLap(final UnsafeBuffer packets, final int[] lengthBytes, final long[] sessionId,
                            final long[] arrivalNs, final int[] payloadSizeBytes) {
        this.packets = packets;
        this.lengthBytes = lengthBytes;
        this.sessionId = sessionId;
        this.arrivalNs = arrivalNs;
        this.payloadSizeBytes = payloadSizeBytes;
    }

    /** The lap every pipeline benchmark replays, built once per JVM (a few hundred ms, about 37 MB). */
    public static MultiSessionLap standard() {
        return Standard.LAP;
    }

    private static final class Standard {
        static final MultiSessionLap LAP = build(StreamMixTrace.standard(), SESSIONS);
    }

    /** The header-extension ids every session negotiated (those of {@link ParseBenchmark}). */
    public static ExtensionIds extensionIds() {
        return ParseBenchmark.IDS;
    }

    /** Session id of session {@code k}, 0-based. */
    public static long sessionId(final int k) {
        return FIRST_SESSION_ID + k;
    }

    static MultiSessionLap build(final StreamMixTrace trace, final int sessions) {
        final int perSession = trace.packetCount();
        final int count = perSession * sessions;
        // Merge by (arrival time, session, index): one sortable long per packet, no boxing.
        final long firstArrivalUs = trace.arrivalTimeUs(0, 0);
        final int indexBits = 32 - Integer.numberOfLeadingZeros(perSession);
        final int sessionBits = 32 - Integer.numberOfLeadingZeros(sessions);
        final long[] keys = new long[count];
        for (int k = 0; k < sessions; k++) {
            for (int i = 0; i < perSession; i++) {
                final long relativeNs =
                    (trace.arrivalTimeUs(i, 0) - firstArrivalUs) * 1_000 + k * SESSION_ARRIVAL_STEP_NS;
                keys[k * perSession + i] = (relativeNs << (sessionBits + indexBits)) | ((long) k << indexBits) | i;
            }
        }
        if (Long.numberOfLeadingZeros(LAP_DURATION_NS) <= sessionBits + indexBits) {
            throw new IllegalStateException("arrival times do not fit beside session and index in the merge key");
        }
        Arrays.sort(keys);

        final int maxLength = STRIDE_BYTES + StreamMixTrace.VIDEO_MAX_PAYLOAD_BYTES;
        final byte[] bytes = new byte[count * STRIDE_BYTES + maxLength];
        final int[] lengthBytes = new int[count];
        final long[] sessionId = new long[count];
        final long[] arrivalNs = new long[count];
        final int[] payloadSizeBytes = new int[count];
        // Sequence numbers per (session, stream): streams are told apart by their base SSRC.
        final int[] baseSsrcs = StreamMixTrace.ssrcsAscendingUnsigned();
        final int[] nextSequenceNumber = new int[sessions * baseSsrcs.length];
        final long indexMask = (1L << indexBits) - 1;
        final long sessionMask = (1L << sessionBits) - 1;
        for (int p = 0; p < count; p++) {
            final int i = (int) (keys[p] & indexMask);
            final int k = (int) ((keys[p] >>> indexBits) & sessionMask);
            final int stream = indexOf(baseSsrcs, trace.ssrc(i));
            final int sequenceNumber = nextSequenceNumber[k * baseSsrcs.length + stream]++ & 0xFFFF;
            final int headerBytes = ParseBenchmark.writePacket(bytes, p * STRIDE_BYTES,
                ParseBenchmark.ExtensionForm.ONE_BYTE, sequenceNumber, sequenceNumber * RTP_CLOCK_TICKS_PER_PACKET,
                trace.ssrc(i) + k, trace.absSendTime24(i));
            if (headerBytes != STRIDE_BYTES) {
                throw new IllegalStateException("header of " + headerBytes + " bytes; the layout needs "
                    + STRIDE_BYTES);
            }
            lengthBytes[p] = headerBytes + trace.payloadSizeBytes(i);
            sessionId[p] = sessionId(k);
            arrivalNs[p] = trace.arrivalTimeUs(i, 0) * 1_000 + k * SESSION_ARRIVAL_STEP_NS;
            payloadSizeBytes[p] = trace.payloadSizeBytes(i);
        }
        return new MultiSessionLap(new UnsafeBuffer(bytes), lengthBytes, sessionId, arrivalNs, payloadSizeBytes);
    }

    private static int indexOf(final int[] values, final int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown SSRC " + value);
    }

    /** Packets in one lap. */
    public int packetCount() {
        return lengthBytes.length;
    }

    /** All packets' bytes; packet {@code index} starts at {@link #offset(int)}. */
    public UnsafeBuffer packets() {
        return packets;
    }

    public int offset(final int index) {
        return index * STRIDE_BYTES;
    }

    public int lengthBytes(final int index) {
        return lengthBytes[index];
    }

    /** What the estimator counts for the packet: its length less the 32-byte header. */
    public int payloadSizeBytes(final int index) {
        return payloadSizeBytes[index];
    }

    /** Session of packet {@code index}. */
    public long sessionOf(final int index) {
        return sessionId[index];
    }

    /** Arrival time of packet {@code index} in lap {@code lap}, ns in the trace's receive clock. */
    public long arrivalNs(final int index, final long lap) {
        return arrivalNs[index] + lap * LAP_DURATION_NS;
    }
}
