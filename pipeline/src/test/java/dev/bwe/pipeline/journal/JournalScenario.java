package dev.bwe.pipeline.journal;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RtpPacketBuilder;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A deterministic multi-session run that exercises what replay must reproduce: three sessions of two
 * streams each through a bottleneck that halves after 5 s (over-use, REMB drops), stream 1002 silent
 * from 3 s to 7 s (evicted after 2 s, then back), session 3 closed at 6 s, and a send clock that starts
 * 2 s before abs-send-time wraps (64 s), so every session crosses the wrap. Ticks every 5 ms.
 */
public final class JournalScenario {
    public static final long START_NS = 1_000_000_000L;
    static final long TICK_NS = 5_000_000L;
    static final int SILENT_SSRC = 1002;
    static final long CLOSED_SESSION = 3;
    static final long CLOSE_AT_NS = START_NS + 6_000_000_000L;
    /** Run time at which abs-send-time wraps. */
    static final long WRAP_AT_NS = START_NS + 2_000_000_000L;
    static final ExtensionIds IDS = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);

    /** One step of the run. */
    public record Step(Kind kind, long timeNs, long sessionId, int ssrc, int seq, int absSendTime24, int payloadBytes) {
    }

    public enum Kind { TICK, PACKET, CLOSE }

    private JournalScenario() {
    }

    public static List<Step> generate(final long durationMs, final long seed) {
        final long[] sessions = {1, 2, 3};
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Step> steps = new ArrayList<>();
        final long endNs = START_NS + durationMs * 1_000_000L;
        final long[] queueFreeAtNs = new long[sessions.length];
        final int[] seq = new int[sessions.length * 2];
        // The send clock: 62 s at the start, so abs-send-time (6.18 fixed point, 64 s period) wraps after 2 s.
        final long sendClockOffsetUs = 62_000_000L - START_NS / 1000;
        for (long sendNs = START_NS; sendNs < endNs; sendNs += 10_000_000L) {
            for (int s = 0; s < sessions.length; s++) {
                if (sessions[s] == CLOSED_SESSION && sendNs >= CLOSE_AT_NS - 100_000_000L) {
                    continue;
                }
                for (int k = 0; k < 2; k++) {
                    final int ssrc = (int) (sessions[s] * 1000 + k + 1);
                    if (ssrc == SILENT_SSRC && sendNs >= START_NS + 3_000_000_000L
                        && sendNs < START_NS + 7_000_000_000L) {
                        continue;
                    }
                    final long capacityBps = sendNs - START_NS < 5_000_000_000L ? 3_000_000L : 1_600_000L;
                    final int payload = 1180 + random.nextInt(20);
                    final long txNs = (payload + 20) * 8L * 1_000_000_000L / capacityBps;
                    final long departNs = Math.max(sendNs, queueFreeAtNs[s]) + txNs;
                    queueFreeAtNs[s] = departNs;
                    final long arrivalNs = departNs + 20_000_000L + random.nextInt(200_000);
                    final int ast = AbsSendTime.fromMicros(sendNs / 1000 + sendClockOffsetUs);
                    steps.add(new Step(Kind.PACKET, arrivalNs, sessions[s], ssrc, seq[s * 2 + k]++ & 0xFFFF, ast,
                        payload));
                }
            }
        }
        steps.add(new Step(Kind.CLOSE, CLOSE_AT_NS, CLOSED_SESSION, 0, 0, 0, 0));
        // Ticks through 3 s of silence after the last send: re-sends, then every stream times out.
        for (long t = START_NS; t <= endNs + 3_000_000_000L; t += TICK_NS) {
            steps.add(new Step(Kind.TICK, t, 0, 0, 0, 0, 0));
        }
        // Arrival order, stable: ticks and the close were added after the packets, so a packet at the same
        // time comes first.
        steps.sort((a, b) -> Long.compare(a.timeNs(), b.timeNs()));
        return steps;
    }

    /** Drives a pipeline built with {@code TickSource.MANUAL} through the steps and waits until it drained. */
    static void drive(final BwePipeline pipeline, final List<Step> steps) {
        for (final long s : new long[] {1, 2, 3}) {
            pipeline.openSession(s, IDS);
        }
        driveSteps(pipeline, steps);
    }

    /** As {@link #drive} on a pipeline whose sessions are open already. */
    static void driveSteps(final BwePipeline pipeline, final List<Step> steps) {
        driveSteps(pipeline, steps, true);
    }

    /** As {@link #driveSteps}; {@code journalToo} false waits for the stages only at the end, not the journal. */
    static void driveSteps(final BwePipeline pipeline, final List<Step> steps, final boolean journalToo) {
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        for (final Step step : steps) {
            switch (step.kind()) {
                case TICK:
                    pipeline.tick(step.timeNs());
                    break;
                case CLOSE:
                    pipeline.closeSession(step.sessionId());
                    break;
                default:
                    final int length = RtpPacketBuilder.write(packet, step.ssrc(), step.seq(), 0, step.absSendTime24(),
                        step.payloadBytes());
                    // A full ring would drop the packet: wait for the stages (a deterministic run drops
                    // nothing). This thread is the only publisher, so room seen is room kept.
                    while (pipeline.remainingCapacity() == 0) {
                        Thread.onSpinWait();
                    }
                    if (!pipeline.publishPacket(step.sessionId(), buffer, 0, length, step.timeNs())) {
                        throw new AssertionError("packet dropped with room in the ring");
                    }
                    break;
            }
        }
        if (!(journalToo ? pipeline.awaitDrained(Duration.ofSeconds(30))
            : pipeline.awaitStagesDrained(Duration.ofSeconds(30)))) {
            throw new AssertionError("pipeline did not drain in 30 s");
        }
    }
}
