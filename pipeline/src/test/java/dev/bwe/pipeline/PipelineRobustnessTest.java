package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stage.Stage;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Hostile and heavy input: nothing escapes, nothing blocks the publisher, everything is counted. */
class PipelineRobustnessTest {
    private static final ExtensionIds IDS = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);

    @Test
    void millionRandomAndMutatedPacketsSeed0xBAD1NPUTAreAllCounted() {
        final SplittableRandom random = new SplittableRandom(0xBAD1L);
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 14).build()) {
            p.openSession(1, IDS);
            p.openSession(2, ExtensionIds.of(2, 5));
            long t = 1_000_000_000L;
            for (int i = 0; i < 1_000_000; i++, t += 20_000L) {
                int length = RtpPacketBuilder.write(packet, random.nextInt(4), i, 0,
                    AbsSendTime.fromMicros(t / 1000), random.nextInt(1200));
                switch (random.nextInt(6)) {
                    case 0: // random bytes
                        length = random.nextInt(1500);
                        for (int k = 0; k < length; k++) {
                            packet[k] = (byte) random.nextInt();
                        }
                        break;
                    case 1: // truncation
                        length = random.nextInt(length + 1);
                        break;
                    case 2: // flipped bits in the header
                        for (int k = 0; k < 3; k++) {
                            packet[random.nextInt(20)] ^= (byte) (1 << random.nextInt(8));
                        }
                        break;
                    case 3: // random extension block length and elements
                        packet[15] = (byte) random.nextInt();
                        packet[16] = (byte) random.nextInt();
                        break;
                    case 4: // padding bit with a random last byte
                        packet[0] |= 0x20;
                        packet[length - 1] = (byte) random.nextInt();
                        break;
                    default: // valid
                        break;
                }
                final long session = random.nextInt(3); // session 0 is unknown
                p.publishPacket(session, buffer, 0, length, t);
                if ((i & 0xFFF) == 0) {
                    p.tick(t);
                }
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(60))).isTrue();
            final PipelineCounters c = p.counters();
            assertThat(c.packetsPublished().get()).isEqualTo(1_000_000);
            assertThat(c.packetsAccepted().get() + c.rejectedTotal() + c.packetsDropped().get()).isEqualTo(1_000_000);
            assertThat(c.packetsEntered().get() + c.packetsDropped().get()).isEqualTo(1_000_000);
            assertThat(c.stageErrors().get()).as("no exception escaped a stage").isZero();
            assertThat(c.rejected(dev.bwe.pipeline.rtp.ParseStatus.UNKNOWN_SESSION.code()).get()).isPositive();
            assertThat(c.packetsAccepted().get()).isPositive();
        }
    }

    @Test
    void stalledConsumerMakesPublishDropWithoutBlocking() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch stalled = new CountDownLatch(1);
        final StageFactory stall = (counters, shard) -> new Stage() {
            @Override
            public void onEvent(final PipelineEvent event) {
                stalled.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        final byte[] packet = new byte[200];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(64).extraStage(stall)
            .build()) {
            p.openSession(1, IDS);
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
            int dropped = 0;
            final long startNs = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                final int length = RtpPacketBuilder.write(packet, 1, i, 0, i, 100);
                if (!p.publishPacket(1, buffer, 0, length, 1_000_000_000L + i * 1_000_000L)) {
                    dropped++;
                }
            }
            final long elapsedNs = System.nanoTime() - startNs;
            assertThat(dropped).isGreaterThanOrEqualTo(1000 - 64);
            assertThat(elapsedNs).as("1000 publishes into a full ring return at once").isLessThan(2_000_000_000L);
            release.countDown();
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            final PipelineCounters c = p.counters();
            assertThat(c.packetsDropped().get()).isEqualTo(dropped);
            assertThat(c.packetsPublished().get()).isEqualTo(1000);
            assertThat(c.packetsAccepted().get() + c.rejectedTotal() + c.packetsDropped().get()).isEqualTo(1000);
        }
    }

    @Test
    void throwingSinkIsCountedAndThePipelineGoesOn() {
        final int[] calls = {0};
        final RembSink failing = remb -> {
            calls[0]++;
            throw new IllegalStateException("relay RTCP path is down");
        };
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(failing).build()) {
            p.openSession(1, IDS);
            long t = 1_000_000_000L;
            for (int i = 0; i < 700; i++, t += 10_000_000L) {
                final int length = RtpPacketBuilder.write(packet, 1, i, 0, AbsSendTime.fromMicros(t / 1000), 1000);
                p.publishPacket(1, buffer, 0, length, t);
                p.tick(t + 1);
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            assertThat(p.counters().rembsSent().get()).isPositive();
            assertThat(p.counters().sinkErrors().get()).isEqualTo(p.counters().rembsSent().get());
            assertThat(p.counters().packetsAccepted().get()).isEqualTo(700);
            assertThat(p.counters().stageErrors().get()).isZero();
        }
    }
}
