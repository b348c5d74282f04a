package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Ticks visit only the sessions with a deadline due; the REMBs must be exactly those of visiting every
 * session on every tick ({@link ReferenceModel} walks them all), with streams that go silent for longer
 * than the timeout and come back, sessions that go silent altogether, arrival times that step back a
 * little (relay threads race), and sessions that close and reopen under the same id.
 */
class DeadlineTicksTest {
    private static final int SESSIONS = 40;
    private static final long TICK_NS = 5_000_000;

    @Test
    void rembsEqualThoseOfWalkingEverySessionOnEveryTick() {
        final SplittableRandom random = new SplittableRandom(2026);
        final ExtensionIds ids = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);
        final EstimatorConfig config = EstimatorConfig.builder().maxStreams(64).startBitrateBps(500_000).build();
        final ReferenceModel reference = new ReferenceModel();
        final RecordingSink sink = new RecordingSink();
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        // Each session: its streams' silence windows (in 100 ms steps), chosen at random per step.
        final boolean[][] silent = new boolean[SESSIONS][4];
        final int[] seq = new int[SESSIONS];
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 16)
            .estimatorConfig(config).rembSink(sink).maxSessions(SESSIONS).build()) {
            for (int s = 1; s <= SESSIONS; s++) {
                pipeline.openSession(s, ids);
                reference.open(s, config);
            }
            long nowNs = 1_000_000_000L;
            final long endNs = nowNs + 20_000_000_000L;
            long nextTickNs = nowNs;
            int step = 0;
            while (nowNs < endNs) {
                if (step++ % 20 == 0) {
                    // Every 100 ms some streams fall silent or come back; a tenth of the time a whole session.
                    for (int s = 0; s < SESSIONS; s++) {
                        for (int k = 0; k < 4; k++) {
                            if (random.nextInt(40) == 0) {
                                silent[s][k] = !silent[s][k];
                            }
                        }
                    }
                    if (random.nextInt(10) == 0) {
                        final long reopened = 1 + random.nextInt(SESSIONS);
                        pipeline.closeSession(reopened);
                        reference.close(reopened);
                        pipeline.openSession(reopened, ids);
                        reference.open(reopened, config);
                    }
                }
                for (int s = 0; s < SESSIONS; s++) {
                    for (int k = 0; k < 4; k++) {
                        if (silent[s][k] || random.nextInt(3) != 0) {
                            continue;
                        }
                        final long sessionId = s + 1;
                        final int ssrc = (s + 1) * 10 + k;
                        // Up to 300 µs back in time: packets of one session published by racing threads.
                        final long arrivalNs = nowNs - random.nextInt(300) * 1_000L;
                        final int ast = AbsSendTime.fromMicros(arrivalNs / 1000 - 20_000);
                        final int payload = 200 + random.nextInt(1000);
                        final int length = RtpPacketBuilder.write(packet, ssrc, seq[s]++, 0, ast, payload);
                        while (!pipeline.publishPacket(sessionId, buffer, 0, length, arrivalNs)) {
                            // A full ring drops: wait for room, so that both sides see every packet.
                            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
                        }
                        reference.packet(sessionId, arrivalNs / 1000, ssrc, ast, RtpPacketBuilder.payloadSize(length));
                    }
                }
                nowNs += TICK_NS / 5;
                if (nowNs - nextTickNs >= 0) {
                    // Manual ticks never wait and a full ring drops: let the stages catch up on a busy machine.
                    assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
                    pipeline.tick(nowNs);
                    reference.tick(nowNs / 1000);
                    nextTickNs += TICK_NS;
                }
            }
            // Everything goes silent: the timeouts and the last re-sends happen on ticks alone.
            for (int i = 0; i < 1000; i++) {
                nowNs += TICK_NS;
                pipeline.tick(nowNs);
                reference.tick(nowNs / 1000);
            }
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(pipeline.counters().streams().get()).as("every stream timed out").isZero();
            assertThat(pipeline.estimateStage().streamCount()).isZero();
            assertThat(pipeline.counters().evictions().get()).as("streams went silent and came back")
                .isGreaterThan(100);
        }
        final Map<Long, List<ReferenceModel.Remb>> expected = RecordingSink.bySession(reference.rembs);
        assertThat(RecordingSink.bySession(sink.rembs())).isEqualTo(expected);
        assertThat(reference.rembs).hasSizeGreaterThan(2000);
        assertThat(expected).hasSize(SESSIONS);
    }
}
