package dev.bwe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.ShardedPipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * No per-session meter outlives its session: 10,000 sessions opened and closed over two shards (with up to
 * 500 open at once, and traffic on some), and the registry is back to its baseline; sessions still open
 * when the pipelines close take their meters with them.
 */
class SessionMeterChurnTest {
    private static final ExtensionIds IDS = ExtensionIds.of(Traffic.AST_ID, 0);
    private static final int SESSIONS = 10_000;
    private static final int OPEN_AT_ONCE = 500;

    @Test
    void tenThousandSessionsLeaveTheRegistryAsItWas() {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final Traffic traffic = new Traffic();
        final ShardedPipeline sharded = ShardedPipeline.start(2, BwePipeline.builder().tickSource(TickSource.MANUAL));
        try (sharded; BweMetrics metrics = BweMetrics.of(sharded).sessionMeters(OPEN_AT_ONCE)) {
            metrics.bindTo(registry);
            final int baseline = registry.getMeters().size();
            int maxSeen = 0;
            for (long id = 1; id <= SESSIONS; id++) {
                if (id > OPEN_AT_ONCE) {
                    sharded.closeSession(id - OPEN_AT_ONCE);
                }
                sharded.openSession(id, IDS);
                if (id % 1000 == 0) {
                    // Some traffic, so gauges hold real values while the churn goes on.
                    traffic.run(sharded.shard(sharded.shardOf(id)), id, (int) id, 200);
                }
                maxSeen = Math.max(maxSeen, metrics.meteredSessions());
            }
            assertThat(maxSeen).isEqualTo(OPEN_AT_ONCE);
            assertThat(registry.getMeters()).hasSize(baseline + 2 * OPEN_AT_ONCE);
            for (long id = SESSIONS - OPEN_AT_ONCE + 1; id <= SESSIONS - 100; id++) {
                sharded.closeSession(id);
            }
            assertThat(registry.getMeters()).hasSize(baseline + 2 * 100);
            assertThat(registry.get("bwe.metrics.sessions.unmetered").gauge().value()).isZero();
            assertThat(registry.get("bwe.sessions.opened").tag("shard", "0").functionCounter().count()
                + registry.get("bwe.sessions.opened").tag("shard", "1").functionCounter().count())
                .isEqualTo(SESSIONS);
            // The last 100 stay open: closing the pipelines closes them, and their meters go.
            for (int shard = 0; shard < sharded.shardCount(); shard++) {
                sharded.shard(shard).close();
            }
            assertThat(registry.getMeters()).hasSize(baseline);
            assertThat(metrics.meteredSessions()).isZero();
        }
        assertThat(registry.getMeters()).isEmpty();
    }
}
