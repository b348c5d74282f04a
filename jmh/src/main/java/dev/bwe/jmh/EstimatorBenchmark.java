package dev.bwe.jmh;

import dev.bwe.estimator.BandwidthUsage;
import dev.bwe.estimator.DelayFilterKind;
import dev.bwe.estimator.DetectorStateListener;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.estimator.PacketResult;
import dev.bwe.estimator.RemoteBitrateEstimator;
import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.estimator.remb.RembScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Nanoseconds per received packet for one session's {@link RemoteBitrateEstimator} fed a realistic
 * stream mix ({@link StreamMixTrace}: two 30 fps 2.5 Mbps video and two 50 pps audio SSRCs, stamped
 * with abs-send-time, arriving through a bottleneck with periodic capacity dips), including the
 * estimate updates and the session's REMB work ({@link RembPath}: libwebrtc's throttle, the periodic
 * re-send check on every packet, and encoding each REMB that goes out, a few per second).
 *
 * <pre>
 *   trace arrays (lap n: arrival times + n × 128 s)
 *     ├─▶ estimator.incomingPacket ─▶ onEstimate ─▶ RembScheduler.onEstimate ─┐
 *     └─▶ RembScheduler.onTick (re-send after 1 s without a REMB) ────────────┴─▶ RembEncoder
 * </pre>
 *
 * <p><b>Expected result</b>, checked on one lap of the trace before measuring ({@link #replayLap},
 * {@link LapOutcome#check}) and on the measured replay after it ({@link EstimatorState#tearDown}):
 * every packet is accepted; over-use is detected in each of the {@value StreamMixTrace#DIPS_PER_LAP}
 * capacity dips of a lap, and each dip brings a REMB announcing a drop; at least one REMB goes out per
 * simulated second; the last REMB decodes and lists the four SSRCs; the estimate at the end of a lap
 * lies between {@link #MIN_SETTLED_ESTIMATE_BPS} and {@link #MAX_SETTLED_ESTIMATE_BPS}. No allocation
 * per packet once C2 has compiled the path ({@code -prof gc}: {@code gc.alloc.rate.norm} ≈ 0 B/op);
 * before that, JDK 17+'s Java {@code StrictMath.pow} allocates a scratch array per Kalman update,
 * about 17 B per packet.
 *
 * <p><b>Baseline</b>, {@link #baselineSumOfFields}: the same loop over the same trace with the
 * estimator replaced by a sum of the packet's fields, so the cost of the harness and of reading the
 * trace is visible beside the estimator's.
 *
 * <p>Both loops handle {@value #PACKETS_PER_INVOCATION} packets per call, so the score is ns per
 * packet with the harness's per-call overhead spread thin.
 */
public class EstimatorBenchmark extends BweBenchmark {
    public static final int PACKETS_PER_INVOCATION = 1024;

    /**
     * The estimate settles near what the session sends, 5.1 Mbps of payload: AIMD caps it at 1.5 ×
     * the incoming rate, and a dip's over-use takes it down to 0.85 × the rate that got through.
     */
    public static final long MIN_SETTLED_ESTIMATE_BPS = 2_000_000;
    public static final long MAX_SETTLED_ESTIMATE_BPS = 8_000_000;

    /** The re-send interval bounds the gap between two REMBs while streams are live. */
    private static final long MAX_REMB_GAP_US = RembScheduler.DEFAULT_RESEND_INTERVAL_US;

    /** One session's estimator, replaying the trace lap after lap. */
    @State(Scope.Thread)
    public static class EstimatorState {
        /** Left empty on purpose: JMH then runs every {@link DelayFilterKind}, so a new filter needs no edit here. */
        @Param
        public DelayFilterKind delayFilter;

        /** Left empty too: every {@link EstimatorProfile}, parity and adaptive side by side in one run. */
        @Param
        public EstimatorProfile profile;

        RemoteBitrateEstimator estimator;
        RembPath remb;
        final Replay replay = new Replay(StreamMixTrace.standard());
        /** OR of every {@link PacketResult} code returned; stays {@link PacketResult#ACCEPTED} (0). */
        int resultBits;

        @Setup(Level.Trial)
        public void setUp() {
            // The trace must make the estimator do what the benchmark claims to measure.
            replayLap(replay.trace, delayFilter, profile).check();
            remb = new RembPath();
            estimator = new RemoteBitrateEstimator(config(delayFilter, profile), remb);
        }

        /** The measured replay did the same work as the checked lap: no fast wrong answer. */
        @TearDown(Level.Trial)
        public void tearDown() {
            final long simulatedUs = replay.simulatedUs();
            if (resultBits != PacketResult.ACCEPTED) {
                throw new IllegalStateException("the estimator refused packets of the trace: result bits "
                    + resultBits);
            }
            if (estimator.latestEstimateBps() <= 0) {
                throw new IllegalStateException("no valid estimate after " + simulatedUs + " µs of trace");
            }
            final long expectedRembs = simulatedUs / MAX_REMB_GAP_US - 1;
            if (remb.sentCount() < expectedRembs) {
                throw new IllegalStateException("REMBs sent: " + remb.sentCount() + ", expected at least "
                    + expectedRembs + " in " + simulatedUs + " µs");
            }
            if (replay.lap >= 1 && remb.sentDropCount() < StreamMixTrace.DIPS_PER_LAP) {
                throw new IllegalStateException("a full lap sent only " + remb.sentDropCount()
                    + " REMBs announcing a drop; expected one per capacity dip, " + StreamMixTrace.DIPS_PER_LAP);
            }
            checkLastRemb(remb);
        }
    }

    /** The baseline's replay position over the same trace. */
    @State(Scope.Thread)
    public static class BaselineState {
        final Replay replay = new Replay(StreamMixTrace.standard());
    }

    /** A position in an endless replay of a trace: lap {@code n} is lap 0 moved {@code n} trace lengths on. */
    static final class Replay {
        final StreamMixTrace trace;
        final long[] arrivalTimeUs;
        final int[] ssrc;
        final int[] absSendTime24;
        final int[] payloadSizeBytes;
        int index;
        long lap;

        Replay(final StreamMixTrace trace) {
            this.trace = trace;
            this.arrivalTimeUs = trace.arrivalTimeUs;
            this.ssrc = trace.ssrc;
            this.absSendTime24 = trace.absSendTime24;
            this.payloadSizeBytes = trace.payloadSizeBytes;
        }

        /** Receiver time the replay has reached since its first packet, µs. */
        long simulatedUs() {
            return trace.arrivalTimeUs(index, lap) - trace.arrivalTimeUs(0, 0);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_INVOCATION)
    public long estimatorWithRemb(final EstimatorState state) {
        final RemoteBitrateEstimator estimator = state.estimator;
        final RembPath remb = state.remb;
        final Replay replay = state.replay;
        final long[] arrivalTimeUs = replay.arrivalTimeUs;
        final int[] ssrc = replay.ssrc;
        final int[] absSendTime24 = replay.absSendTime24;
        final int[] payloadSizeBytes = replay.payloadSizeBytes;
        int index = replay.index;
        long lapOffsetUs = replay.lap * StreamMixTrace.DURATION_US;
        int resultBits = 0;
        for (int n = 0; n < PACKETS_PER_INVOCATION; n++) {
            final long nowUs = arrivalTimeUs[index] + lapOffsetUs;
            resultBits |= estimator.incomingPacket(nowUs, ssrc[index], absSendTime24[index], payloadSizeBytes[index]);
            remb.onPacket(nowUs, estimator.ssrcs());
            if (++index == arrivalTimeUs.length) {
                index = 0;
                lapOffsetUs += StreamMixTrace.DURATION_US;
                replay.lap++;
            }
        }
        replay.index = index;
        state.resultBits |= resultBits;
        return estimator.latestEstimateBps();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_INVOCATION)
    public long baselineSumOfFields(final BaselineState state) {
        final Replay replay = state.replay;
        final long[] arrivalTimeUs = replay.arrivalTimeUs;
        final int[] ssrc = replay.ssrc;
        final int[] absSendTime24 = replay.absSendTime24;
        final int[] payloadSizeBytes = replay.payloadSizeBytes;
        int index = replay.index;
        long lapOffsetUs = replay.lap * StreamMixTrace.DURATION_US;
        long sum = 0;
        for (int n = 0; n < PACKETS_PER_INVOCATION; n++) {
            final long nowUs = arrivalTimeUs[index] + lapOffsetUs;
            sum += nowUs + ssrc[index] + absSendTime24[index] + payloadSizeBytes[index];
            if (++index == arrivalTimeUs.length) {
                index = 0;
                lapOffsetUs += StreamMixTrace.DURATION_US;
                replay.lap++;
            }
        }
        replay.index = index;
        return sum;
    }

    static EstimatorConfig config(final DelayFilterKind delayFilter, final EstimatorProfile profile) {
        return EstimatorConfig.builder().delayFilter(delayFilter).profile(profile).build();
    }

    /** The last REMB decodes, comes from the relay, lists the four SSRCs and carries the last bitrate sent. */
    static void checkLastRemb(final RembPath remb) {
        final RembDecoder decoded = remb.decodeLastRemb();
        final int[] expectedSsrcs = StreamMixTrace.ssrcsAscendingUnsigned();
        boolean ssrcsMatch = decoded.ssrcCount() == expectedSsrcs.length;
        for (int i = 0; ssrcsMatch && i < expectedSsrcs.length; i++) {
            ssrcsMatch = decoded.ssrc(i) == expectedSsrcs[i];
        }
        // REMB keeps 18 significant bits of the bitrate, truncating.
        final long sentBps = remb.lastSentBps();
        final boolean bitrateMatches =
            decoded.bitrateBps() <= sentBps && decoded.bitrateBps() >= sentBps - (sentBps >> 17);
        if (decoded.senderSsrc() != RembPath.RELAY_SSRC || !ssrcsMatch || !bitrateMatches) {
            throw new IllegalStateException("the last REMB decodes as sender " + decoded.senderSsrc() + ", "
                + decoded.bitrateBps() + " bps for " + decoded.ssrcCount() + " SSRCs; sent " + sentBps + " bps");
        }
    }

    /** What one lap of the trace did to a fresh estimator. */
    record LapOutcome(
        DelayFilterKind delayFilter,
        int packets,
        int refusedPackets,
        long estimateUpdates,
        long overuseOnsets,
        long rembsSent,
        long rembsAnnouncingDrop,
        long finalEstimateBps) {

        /** Throws unless the lap matches the expected result stated on {@link EstimatorBenchmark}. */
        LapOutcome check() {
            final long simulatedUs = StreamMixTrace.DURATION_US;
            if (refusedPackets != 0
                || estimateUpdates == 0
                || overuseOnsets < StreamMixTrace.DIPS_PER_LAP
                || rembsAnnouncingDrop < StreamMixTrace.DIPS_PER_LAP
                || rembsSent < simulatedUs / MAX_REMB_GAP_US - 1
                || finalEstimateBps < MIN_SETTLED_ESTIMATE_BPS
                || finalEstimateBps > MAX_SETTLED_ESTIMATE_BPS) {
                throw new IllegalStateException("the trace does not exercise the estimator as expected: " + this);
            }
            return this;
        }
    }

    /** Replays lap 0 of {@code trace} through a fresh estimator and REMB path, as the benchmark does. */
    static LapOutcome replayLap(final StreamMixTrace trace, final DelayFilterKind delayFilter,
                                final EstimatorProfile profile) {
        final RembPath remb = new RembPath();
        final long[] overuseOnsets = new long[1];
        final DetectorStateListener detectorListener = (arrivalTimeMs, previous, current) -> {
            if (current == BandwidthUsage.OVERUSING) {
                overuseOnsets[0]++;
            }
        };
        final RemoteBitrateEstimator estimator =
            new RemoteBitrateEstimator(config(delayFilter, profile), remb, detectorListener);
        int refused = 0;
        for (int i = 0; i < trace.packetCount(); i++) {
            final long nowUs = trace.arrivalTimeUs(i, 0);
            final int result = estimator.incomingPacket(nowUs, trace.ssrc(i), trace.absSendTime24(i),
                trace.payloadSizeBytes(i));
            if (result != PacketResult.ACCEPTED) {
                refused++;
            }
            remb.onPacket(nowUs, estimator.ssrcs());
        }
        checkLastRemb(remb);
        return new LapOutcome(delayFilter, trace.packetCount(), refused, remb.updateCount(), overuseOnsets[0],
            remb.sentCount(), remb.sentDropCount(), estimator.latestEstimateBps());
    }
}
