package dev.bwe.jmh;

import dev.bwe.estimator.BandwidthUsage;
import dev.bwe.estimator.DelayFilterKind;
import dev.bwe.estimator.DetectorStateListener;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.PacketResult;
import dev.bwe.estimator.RemoteBitrateEstimator;
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
 * estimate updates and the per-packet REMB scheduling decision ({@link RembThrottle}; encoding the
 * REMB is measured separately, with the REMB encoder).
 *
 * <pre>
 *   trace arrays (lap n: arrival times + n × 128 s)
 *     ├─▶ estimator.incomingPacket ─▶ onEstimate ─▶ RembThrottle: REMB at once on a drop of 3 % or more
 *     └─▶ RembThrottle.onPacket ──────────────────▶ periodic REMB, every 1 s
 * </pre>
 *
 * <p><b>Expected result</b>, checked on one lap of the trace before measuring
 * ({@link #replayLap}, {@link LapOutcome#check}) and on the measured replay after it: every packet
 * is accepted; over-use is detected in each of the {@value StreamMixTrace#DIPS_PER_LAP} capacity
 * dips of a lap, and each brings an immediate REMB; at least one REMB goes out per simulated second;
 * the estimate at the end of the lap lies between {@link #MIN_SETTLED_ESTIMATE_BPS} and
 * {@link #MAX_SETTLED_ESTIMATE_BPS}. No allocation per packet once C2 has compiled the path
 * ({@code -prof gc}: {@code gc.alloc.rate.norm} ≈ 0 B/op); before that, JDK 17+'s Java
 * {@code StrictMath.pow} allocates a scratch array per delay-filter update, about 17 B per packet.
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

    /** One session's estimator, replaying the trace lap after lap. */
    @State(Scope.Thread)
    public static class EstimatorState {
        /** Left empty on purpose: JMH then runs every {@link DelayFilterKind}, so a new filter needs no edit here. */
        @Param
        public DelayFilterKind delayFilter;

        RemoteBitrateEstimator estimator;
        RembThrottle remb;
        final Replay replay = new Replay(StreamMixTrace.standard());
        /** OR of every {@link PacketResult} code returned; stays {@link PacketResult#ACCEPTED} (0). */
        int resultBits;

        @Setup(Level.Trial)
        public void setUp() {
            // The trace must make the estimator do what the benchmark claims to measure.
            replayLap(replay.trace, delayFilter).check();
            remb = new RembThrottle();
            estimator = new RemoteBitrateEstimator(config(delayFilter), remb);
        }

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
            final long expectedRembs = simulatedUs / RembThrottle.PERIODIC_INTERVAL_US - 1;
            if (remb.sentCount() < expectedRembs) {
                throw new IllegalStateException("REMBs sent: " + remb.sentCount() + ", expected at least "
                    + expectedRembs + " in " + simulatedUs + " µs");
            }
            if (replay.lap >= 1 && remb.sentOnDecreaseCount() < StreamMixTrace.DIPS_PER_LAP) {
                throw new IllegalStateException("a full lap sent only " + remb.sentOnDecreaseCount()
                    + " REMBs on a decrease; expected one per capacity dip, " + StreamMixTrace.DIPS_PER_LAP);
            }
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
    public long estimatorWithRembSchedule(final EstimatorState state) {
        final RemoteBitrateEstimator estimator = state.estimator;
        final RembThrottle remb = state.remb;
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

    static EstimatorConfig config(final DelayFilterKind delayFilter) {
        return EstimatorConfig.builder().delayFilter(delayFilter).build();
    }

    /** What one lap of the trace did to a fresh estimator. */
    record LapOutcome(
        DelayFilterKind delayFilter,
        int packets,
        int refusedPackets,
        long estimateUpdates,
        long overuseOnsets,
        long rembsSent,
        long rembsSentOnDecrease,
        long finalEstimateBps) {

        /** Throws unless the lap matches the expected result stated on {@link EstimatorBenchmark}. */
        LapOutcome check() {
            final long simulatedSeconds = StreamMixTrace.DURATION_US / RembThrottle.PERIODIC_INTERVAL_US;
            if (refusedPackets != 0
                || estimateUpdates == 0
                || overuseOnsets < StreamMixTrace.DIPS_PER_LAP
                || rembsSentOnDecrease < StreamMixTrace.DIPS_PER_LAP
                || rembsSent < simulatedSeconds - 1
                || finalEstimateBps < MIN_SETTLED_ESTIMATE_BPS
                || finalEstimateBps > MAX_SETTLED_ESTIMATE_BPS) {
                throw new IllegalStateException("the trace does not exercise the estimator as expected: " + this);
            }
            return this;
        }
    }

    /** Replays lap 0 of {@code trace} through a fresh estimator and REMB schedule. */
    static LapOutcome replayLap(final StreamMixTrace trace, final DelayFilterKind delayFilter) {
        final RembThrottle remb = new RembThrottle();
        final long[] overuseOnsets = new long[1];
        final DetectorStateListener detectorListener = (arrivalTimeMs, previous, current) -> {
            if (current == BandwidthUsage.OVERUSING) {
                overuseOnsets[0]++;
            }
        };
        final RemoteBitrateEstimator estimator =
            new RemoteBitrateEstimator(config(delayFilter), remb, detectorListener);
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
        return new LapOutcome(delayFilter, trace.packetCount(), refused, remb.updateCount(), overuseOnsets[0],
            remb.sentCount(), remb.sentOnDecreaseCount(), estimator.latestEstimateBps());
    }
}
