package dev.bwe.jmh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import dev.bwe.estimator.AbsSendTime;

/**
 * A precomputed receive trace of one WebRTC session: the packets a relay's receive thread hands the
 * estimator, for {@link #DURATION_US} of simulated time, as four parallel arrays so that replaying
 * it costs a few loads per packet and no allocation.
 *
 * <pre>
 *   video A  30 fps, 2.5 Mbps, 1200 B ─┐
 *   video B  30 fps, 2.5 Mbps, 1200 B ─┤
 *   audio A  50 pps, 120 B            ─┼─▶ pacer: 12.5 Mbps, stamps abs-send-time
 *   audio B  50 pps, 120 B            ─┘      │
 *                                             ▼
 *                    bottleneck FIFO: 8 Mbps, but 4 Mbps for 0.5 s in every 16 s
 *                                             │
 *                                             ▼
 *                    25 ms propagation + 0..400 µs jitter ─▶ receiver (timestamps never go backwards)
 * </pre>
 *
 * <p>The sender does not adapt (the trace is open loop): each capacity dip builds a queue of about
 * 140 ms that drains within a second, which is what the over-use detector must see. Every rate,
 * phase and dip divides {@link #DURATION_US}, and {@link #DURATION_US} is a multiple of the 64 s
 * abs-send-time period, so lap {@code n} of a replay is lap 0 with arrival times shifted by
 * {@code n × DURATION_US} and the same 24-bit send times: laps join without a seam and a replay
 * can run for as long as a benchmark iteration lasts.
 *
 * <p>Payload sizes are what the estimator counts (payload plus padding); the link carries them plus
 * {@link #WIRE_OVERHEAD_BYTES}.
 */
public final class StreamMixTrace {
    /** Two abs-send-time periods (2 × 64 s): a whole number of periods keeps laps seamless. */
    public static final long DURATION_US = 2 * AbsSendTime.WRAP_PERIOD_US;

    public static final int VIDEO_FPS = 30;
    public static final long VIDEO_BITRATE_BPS = 2_500_000;
    public static final int VIDEO_MAX_PAYLOAD_BYTES = 1200;
    /** Stream B's frames are captured this long after stream A's, as two independent cameras. */
    public static final long VIDEO_B_PHASE_US = 11_000;
    public static final long AUDIO_PACKET_INTERVAL_US = 20_000;
    /** 48 kbps Opus in 20 ms frames. */
    public static final int AUDIO_PAYLOAD_BYTES = 120;
    public static final long AUDIO_A_PHASE_US = 3_000;
    public static final long AUDIO_B_PHASE_US = 13_000;

    /** SSRCs on both sides of the signed-int boundary, so unsigned ordering matters in the REMB list. */
    public static final int VIDEO_A_SSRC = 0x5A3C11F0;
    public static final int VIDEO_B_SSRC = 0xC0FFEE01;
    public static final int AUDIO_A_SSRC = 0x0000A001;
    public static final int AUDIO_B_SSRC = 0x9E3779B9;

    /** RTP fixed header 12 + extension block 12 + UDP 8 + IPv4 20. */
    public static final int WIRE_OVERHEAD_BYTES = 52;
    /** libwebrtc's pacing factor 2.5 × the ~5 Mbps target. */
    public static final long PACING_RATE_BPS = 12_500_000;
    public static final long LINK_CAPACITY_BPS = 8_000_000;
    public static final long DIP_CAPACITY_BPS = 4_000_000;
    public static final long DIP_PERIOD_US = 16_000_000;
    /** Offset of each dip inside its period. */
    public static final long DIP_START_US = 10_000_000;
    public static final long DIP_LENGTH_US = 500_000;
    /** Capacity dips per lap: each must show up as over-use. */
    public static final int DIPS_PER_LAP = (int) (DURATION_US / DIP_PERIOD_US);
    public static final long PROPAGATION_DELAY_US = 25_000;
    public static final int MAX_JITTER_US = 400;

    /** The sender's clock at the trace's start: abs-send-time is this clock modulo 64 s. */
    public static final long SEND_CLOCK_START_US = 3_600_000_000L;
    /** The receiver's clock at the trace's start (a relay up for about 11.6 days). */
    public static final long RECEIVE_CLOCK_START_US = 1_000_000_000_000L;

    private static final long US_PER_S = 1_000_000;
    private static final int BITS_PER_BYTE = 8;
    private static final int VIDEO_A = 0;
    private static final int VIDEO_B = 1;
    private static final int AUDIO_A = 2;
    private static final int AUDIO_B = 3;
    private static final int[] SSRC_BY_STREAM = {VIDEO_A_SSRC, VIDEO_B_SSRC, AUDIO_A_SSRC, AUDIO_B_SSRC};

    /** Receiver time of each packet in lap 0, µs; non-decreasing. */
    final long[] arrivalTimeUs;
    final int[] ssrc;
    final int[] absSendTime24;
    final int[] payloadSizeBytes;

    private StreamMixTrace(final int packetCount) {
        arrivalTimeUs = new long[packetCount];
        ssrc = new int[packetCount];
        absSendTime24 = new int[packetCount];
        payloadSizeBytes = new int[packetCount];
    }

    /** The trace every benchmark replays, built once per JVM (about 80k packets, a few MB). */
    public static StreamMixTrace standard() {
        return Standard.TRACE;
    }

    private static final class Standard {
        static final StreamMixTrace TRACE = generate(0x5EED_B3E0L);
    }

    /** Builds the trace; {@code seed} only drives the jitter. */
    public static StreamMixTrace generate(final long seed) {
        final List<Due> due = dueTimes();
        final StreamMixTrace trace = new StreamMixTrace(due.size());
        final SplittableRandom random = new SplittableRandom(seed);
        long pacerFreeUs = 0;
        long linkFreeUs = 0;
        long lastArrivalUs = 0;
        for (int i = 0; i < due.size(); i++) {
            final Due packet = due.get(i);
            final long wireBits = (long) (packet.payloadSizeBytes + WIRE_OVERHEAD_BYTES) * BITS_PER_BYTE;
            final long sendUs = Math.max(packet.dueUs, pacerFreeUs);
            pacerFreeUs = sendUs + wireBits * US_PER_S / PACING_RATE_BPS;
            final long linkStartUs = Math.max(sendUs, linkFreeUs);
            linkFreeUs = linkStartUs + wireBits * US_PER_S / capacityBps(linkStartUs);
            // One receive socket timestamps in order, however the jitter falls.
            final long arrivalUs = Math.max(lastArrivalUs,
                linkFreeUs + PROPAGATION_DELAY_US + random.nextInt(MAX_JITTER_US + 1));
            lastArrivalUs = arrivalUs;

            trace.arrivalTimeUs[i] = RECEIVE_CLOCK_START_US + arrivalUs;
            trace.ssrc[i] = SSRC_BY_STREAM[packet.stream];
            trace.absSendTime24[i] = AbsSendTime.fromMicros(SEND_CLOCK_START_US + sendUs);
            trace.payloadSizeBytes[i] = packet.payloadSizeBytes;
        }
        if (pacerFreeUs > DURATION_US || linkFreeUs > DURATION_US) {
            throw new IllegalStateException("the trace's last packet leaves after the lap ends: laps would overlap");
        }
        return trace;
    }

    /** Link capacity at {@code timeUs} since the trace's start, bps. */
    static long capacityBps(final long timeUs) {
        final long inPeriodUs = timeUs % DIP_PERIOD_US;
        return inPeriodUs >= DIP_START_US && inPeriodUs < DIP_START_US + DIP_LENGTH_US
            ? DIP_CAPACITY_BPS : LINK_CAPACITY_BPS;
    }

    /** When each packet is ready to send, in the order a pacer would send them. */
    private static List<Due> dueTimes() {
        final List<Due> due = new ArrayList<>();
        final long frameBytes = VIDEO_BITRATE_BPS / VIDEO_FPS / BITS_PER_BYTE;
        final long frames = DURATION_US * VIDEO_FPS / US_PER_S;
        for (long frame = 0; frame < frames; frame++) {
            // Computed from the frame number, not accumulated, so that 30 fps stays exact over a lap.
            final long captureUs = frame * US_PER_S / VIDEO_FPS;
            addFrame(due, VIDEO_A, captureUs, frameBytes);
            addFrame(due, VIDEO_B, captureUs + VIDEO_B_PHASE_US, frameBytes);
        }
        for (long packetUs = 0; packetUs < DURATION_US; packetUs += AUDIO_PACKET_INTERVAL_US) {
            due.add(new Due(packetUs + AUDIO_A_PHASE_US, AUDIO_A, 0, AUDIO_PAYLOAD_BYTES));
            due.add(new Due(packetUs + AUDIO_B_PHASE_US, AUDIO_B, 0, AUDIO_PAYLOAD_BYTES));
        }
        due.sort(Comparator.comparingLong(Due::dueUs).thenComparingInt(Due::stream)
            .thenComparingInt(Due::indexInFrame));
        return due;
    }

    private static void addFrame(final List<Due> due, final int stream, final long captureUs, final long frameBytes) {
        long remainingBytes = frameBytes;
        for (int index = 0; remainingBytes > 0; index++) {
            final int payloadBytes = (int) Math.min(remainingBytes, VIDEO_MAX_PAYLOAD_BYTES);
            due.add(new Due(captureUs, stream, index, payloadBytes));
            remainingBytes -= payloadBytes;
        }
    }

    private record Due(long dueUs, int stream, int indexInFrame, int payloadSizeBytes) {
    }

    /** Packets in one lap. */
    public int packetCount() {
        return arrivalTimeUs.length;
    }

    /** Receiver time of packet {@code index} in lap {@code lap}, µs. */
    public long arrivalTimeUs(final int index, final long lap) {
        return arrivalTimeUs[index] + lap * DURATION_US;
    }

    public int ssrc(final int index) {
        return ssrc[index];
    }

    public int absSendTime24(final int index) {
        return absSendTime24[index];
    }

    public int payloadSizeBytes(final int index) {
        return payloadSizeBytes[index];
    }

    /** The four SSRCs, ascending unsigned, as a REMB lists them. */
    public static int[] ssrcsAscendingUnsigned() {
        return new int[] {AUDIO_A_SSRC, VIDEO_A_SSRC, AUDIO_B_SSRC, VIDEO_B_SSRC};
    }
}
