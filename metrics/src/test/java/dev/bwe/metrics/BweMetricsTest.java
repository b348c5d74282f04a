package dev.bwe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.CountersFile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

/** Every pipeline counter is a meter with the counter's value; per-session gauges live as long as their session. */
class BweMetricsTest {
    private static final ExtensionIds IDS = ExtensionIds.of(Traffic.AST_ID, 0);

    @Test
    void pipelineMetersReadTheCounters() {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final Traffic traffic = new Traffic();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).shard(3).build();
             BweMetrics metrics = BweMetrics.of(pipeline)) {
            metrics.bindTo(registry);
            pipeline.openSession(1, IDS);
            traffic.run(pipeline, 1, 0x1111, 3_000);
            traffic.publishRunt(pipeline, 1);
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();

            assertThat(counter(registry, "bwe.packets.published")).isEqualTo(traffic.published);
            assertThat(counter(registry, "bwe.packets.accepted")).isEqualTo(traffic.published - 1)
                .isEqualTo(pipeline.counters().packetsAccepted().get());
            assertThat(registry.get("bwe.packets.rejected").tags("shard", "3", "reason", "too_short")
                .functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("bwe.packets.rejected").tags("reason", "stream_cap").functionCounter().count())
                .isZero();
            assertThat(registry.get("bwe.sessions").tag("shard", "3").gauge().value()).isEqualTo(1);
            assertThat(registry.get("bwe.streams").gauge().value()).isEqualTo(1);
            assertThat(counter(registry, "bwe.rembs.sent")).isPositive()
                .isEqualTo(pipeline.counters().rembsSent().get());
            assertThat(counter(registry, "bwe.ticks")).isEqualTo(pipeline.counters().ticks().get());
            assertThat(registry.get("bwe.ring.size").gauge().value()).isEqualTo(pipeline.ringSize());
            // Per-session meters are opt-in: none here.
            assertThat(registry.find("bwe.session.estimate.bps").gauges()).isEmpty();
            metrics.close();
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    @Test
    void sessionGaugesComeAndGoWithTheirSessionsUpToTheCap() {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final Traffic traffic = new Traffic();
        final BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).build();
        try (pipeline; BweMetrics metrics = BweMetrics.of(pipeline).sessionMeters(2)) {
            pipeline.openSession(1, IDS); // open before binding: metered on bind
            metrics.bindTo(registry);
            final int baseline = registry.getMeters().size();
            pipeline.openSession(2, IDS);
            pipeline.openSession(3, IDS); // over the cap of 2: counted, not metered
            assertThat(sessionIds(registry)).containsExactlyInAnyOrder("1", "2");
            assertThat(registry.get("bwe.metrics.sessions.unmetered").gauge().value()).isEqualTo(1);

            traffic.run(pipeline, 1, 0x1111, 8_000);
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            final double estimate = registry.get("bwe.session.estimate.bps").tag("session", "1").gauge().value();
            assertThat(estimate).isPositive().isEqualTo(pipeline.latestEstimateBps(1));
            assertThat(registry.get("bwe.session.streams").tag("session", "1").gauge().value()).isEqualTo(1);
            assertThat(registry.get("bwe.session.streams").tag("session", "2").gauge().value()).isZero();

            pipeline.closeSession(1);
            assertThat(sessionIds(registry)).containsExactly("2");
            pipeline.openSession(4, IDS); // room again
            assertThat(sessionIds(registry)).containsExactlyInAnyOrder("2", "4");
            pipeline.closeSession(2);
            pipeline.closeSession(3);
            pipeline.closeSession(4);
            assertThat(registry.getMeters()).hasSize(baseline - 2); // session 1 was in the baseline
            assertThat(metrics.meteredSessions()).isZero();
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void everyPipelineCounterHasAMeter() {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final CountersManager manager = CountersFile.inMemory(128);
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).countersManager(manager)
                .build();
             BweMetrics metrics = BweMetrics.of(pipeline)) {
            metrics.bindTo(registry);
            final int[] counters = new int[1];
            manager.forEach((id, label) -> counters[0]++);
            // One meter per counter (ring remaining is read from the ring itself), plus the ring's size. A
            // counter added to PipelineCounters without a meter here fails this.
            assertThat(registry.getMeters()).hasSize(counters[0] + 1);
        }
    }

    private static long counter(final MeterRegistry registry, final String name) {
        return (long) RequiredSearch.in(registry).name(name).functionCounter().count();
    }

    private static java.util.List<String> sessionIds(final MeterRegistry registry) {
        return registry.find("bwe.session.estimate.bps").gauges().stream().map(g -> g.getId().getTag("session"))
            .collect(java.util.stream.Collectors.toList());
    }
}
