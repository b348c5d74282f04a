package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Live use with the timer agent, and a close that leaves nothing running. */
class PipelineLifecycleTest {
    private static final ExtensionIds IDS = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);

    @Test
    void anIdlePipelineGetsNoTicksAndSleeps() throws Exception {
        final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (BwePipeline p = BwePipeline.builder().build()) {
            for (int s = 1; s <= 100; s++) {
                p.openSession(s, IDS);
            }
            Thread.sleep(500);
            final long cpu0 = os.getProcessCpuTime();
            final long wall0 = System.nanoTime();
            Thread.sleep(3_000);
            final double coreShare = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
            assertThat(p.counters().ticks().get()).as("nothing is due: no tick").isZero();
            // The whole test JVM (JIT and GC threads included); the former SLEEPING default took ~25 %.
            assertThat(coreShare).as("share of one core while idle").isLessThan(0.10);
        }
    }

    @Test
    void closeGivesTheCountersBackToASharedManager() {
        final org.agrona.concurrent.status.CountersManager manager = dev.bwe.pipeline.stat.CountersFile.inMemory(256);
        for (int restart = 0; restart < 3; restart++) {
            try (BwePipeline p = BwePipeline.builder().countersManager(manager).build()) {
                assertThat(labels(manager)).isNotEmpty();
            }
            assertThat(labels(manager)).as("restart %d: no counter left allocated", restart).isEmpty();
        }
    }

    private static List<String> labels(final org.agrona.concurrent.status.CountersManager manager) {
        final List<String> labels = new java.util.ArrayList<>();
        manager.forEach((id, label) -> labels.add(label));
        return labels;
    }

    private static Set<String> bweThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(n -> n.startsWith("bwe-")).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingMode.class)
    void liveAgentTicksDeliverRembsAndCloseJoinsEveryThread(final ThreadingMode mode) throws Exception {
        final RecordingSink sink = new RecordingSink();
        final BwePipeline p = BwePipeline.builder().threadingMode(mode).rembSink(sink)
            .tickInterval(Duration.ofMillis(2)).build();
        final List<Thread> threads = p.threads();
        assertThat(threads).hasSize(mode == ThreadingMode.COMPACT ? 2 : 4);
        p.openSession(5, IDS);
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        // Arrival times in the pipeline's clock (System.nanoTime), spaced as 100 pps of 1000 bytes over 6 s,
        // but published as fast as possible: the estimator only sees the stamped times.
        final long startNs = System.nanoTime() - 7_000_000_000L;
        for (int i = 0; i < 600; i++) {
            final long t = startNs + i * 10_000_000L;
            final int length = RtpPacketBuilder.write(packet, 0xCAFE, i, 0, AbsSendTime.fromMicros(t / 1000), 1000);
            assertThat(p.publishPacket(5, buffer, 0, length, t)).isTrue();
        }
        assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.rembs()).isNotEmpty();
        assertThat(sink.rembs().get(0).ssrcs()).containsExactly(0xCAFE);
        assertThat(sink.decodeErrors()).isEmpty();
        // Ticks come only when a deadline is due: the stream (last packet 1 s ago) times out within ~1 s.
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (p.counters().evictions().get() == 0 && System.nanoTime() - deadlineNs < 0) {
            Thread.sleep(10);
        }
        assertThat(p.counters().ticks().get()).isPositive();
        assertThat(p.counters().evictions().get()).as("the silent stream evicted on a tick").isEqualTo(1);

        p.close();
        p.close();
        for (final Thread t : threads) {
            assertThat(t.isAlive()).as(t.getName()).isFalse();
        }
        assertThat(bweThreads()).isEmpty();
        assertThatThrownBy(() -> p.publishPacket(5, buffer, 0, 100, 0)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> p.openSession(6, IDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sessionCapAndDuplicateOpenFailClearly() {
        try (BwePipeline p = BwePipeline.builder().maxSessions(2).build()) {
            p.openSession(1, IDS);
            p.openSession(2, IDS);
            assertThatThrownBy(() -> p.openSession(1, IDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open");
            assertThatThrownBy(() -> p.openSession(3, IDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("session cap of 2");
            assertThat(p.counters().sessionsRejected().get()).isEqualTo(1);
            p.closeSession(2);
            p.closeSession(2);
            p.openSession(3, IDS);
        }
    }

    @Test
    void manualTicksAreRefusedWhenTheAgentTicks() {
        try (BwePipeline p = BwePipeline.builder().build()) {
            assertThatThrownBy(() -> p.tick(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TickSource.MANUAL");
        }
    }

    @Test
    void badArgumentsFailFast() {
        assertThatThrownBy(() -> BwePipeline.builder().ringSize(1000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> BwePipeline.builder().maxStreamsPerSession(256)).hasMessageContaining("1..255");
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).build()) {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[10]);
            assertThatThrownBy(() -> p.publishPacket(1, buffer, 5, 10, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(p.counters().packetsPublished().get()).isZero();
        }
    }
}
