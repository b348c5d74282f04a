package dev.bwe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** README "Monitoring", Prometheus: the snippet as written there (port 0 here instead of 9464). */
class MonitoringExampleTest {
    @Test
    void readmeSnippetServesTheMeters() throws Exception {
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).build()) {
            pipeline.openSession(7, ExtensionIds.of(Traffic.AST_ID, 0));
            // --- as in README ---
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            BweMetrics metrics = BweMetrics.of(pipeline)       // or BweMetrics.of(shardedPipeline)
                .sessionMeters(100);                           // opt-in: per-session gauges for up to 100 sessions
            metrics.bindTo(registry);
            PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, 0);
            // close endpoint and metrics before the pipeline
            // ---
            try (endpoint; metrics) {
                final HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(endpoint.uri()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("bwe_sessions{shard=\"0\"} 1.0")
                    .contains("bwe_session_streams{session=\"7\",shard=\"0\"} 0.0");
            }
            assertThat(registry.getMeters()).isEmpty();
        }
    }
}
