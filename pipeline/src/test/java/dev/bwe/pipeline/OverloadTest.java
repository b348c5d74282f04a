package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Shed load, never stall: 100,000 sessions of 4 SSRCs published round-robin from one thread as fast
 * as it can, far more than the stages can take. The ring drops packets and counts every one, the tick
 * source skips ticks rather than queue them behind the backlog, REMBs keep going out while it lasts,
 * and once drained the counters add up: published = accepted + rejected + dropped.
 */
class OverloadTest {
    private static final int SESSIONS = 100_000;

    @Test
    void oneHundredThousandSessionsOverloadedKeepSendingRembsAndCountEveryDrop() {
        final AtomicLong rembs = new AtomicLong();
        final ExtensionIds ids = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        long published = 0;
        long refused = 0;
        try (BwePipeline pipeline = BwePipeline.builder().maxSessions(SESSIONS).ringSize(1 << 12)
            .estimatorConfig(EstimatorConfig.builder().startBitrateBps(1_000_000).build())
            .rembSink(remb -> rembs.incrementAndGet()).build()) {
            for (int s = 1; s <= SESSIONS; s++) {
                pipeline.openSession(s, ids);
            }
            final PipelineCounters counters = pipeline.counters();
            // Passes over every session and SSRC, as fast as this thread goes (the stages cannot keep up): at
            // least four, and for at least 3 s, so that REMB re-sends (every 1 s) fall after the second.
            long rembsAtHalfTime = -1;
            final long startNs = System.nanoTime();
            for (int pass = 0; pass < 4 || System.nanoTime() - startNs < 3_000_000_000L; pass++) {
                if (pass == 2) {
                    rembsAtHalfTime = rembs.get();
                }
                for (int k = 0; k < 4; k++) {
                    for (int s = 1; s <= SESSIONS; s++) {
                        final long nowNs = System.nanoTime();
                        final int length = RtpPacketBuilder.write(packet, s * 4 + k, pass, 0,
                            AbsSendTime.fromMicros(nowNs / 1000), 1000);
                        published++;
                        if (!pipeline.publishPacket(s, buffer, 0, length, nowNs)) {
                            refused++;
                        }
                    }
                }
            }
            final long rembsAtEnd = rembs.get();
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(60))).isTrue();
            assertThat(refused).as("the ring was overloaded and dropped packets").isGreaterThan(published / 20);
            assertThat(counters.packetsDropped().get()).as("every drop counted").isEqualTo(refused);
            assertThat(counters.packetsPublished().get()).isEqualTo(published);
            long rejected = 0;
            for (int code = 0; code < dev.bwe.pipeline.rtp.ParseStatus.COUNT; code++) {
                if (code != dev.bwe.pipeline.rtp.ParseStatus.OK.code()) {
                    rejected += counters.rejected(code).get();
                }
            }
            rejected += counters.refusedByEstimator(dev.bwe.estimator.PacketResult.REFUSED_STREAM_CAP).get()
                + counters.refusedByEstimator(dev.bwe.estimator.PacketResult.IGNORED_SEND_TIME_CONFLICT).get();
            assertThat(counters.packetsAccepted().get() + rejected + counters.packetsDropped().get())
                .as("published = accepted + rejected + dropped").isEqualTo(published);
            assertThat(rembsAtHalfTime).as("REMBs in the first two passes").isPositive();
            assertThat(rembsAtEnd).as("REMBs kept flowing after them").isGreaterThan(rembsAtHalfTime);
            assertThat(counters.rembsSent().get()).isEqualTo(rembs.get());
        }
    }
}
