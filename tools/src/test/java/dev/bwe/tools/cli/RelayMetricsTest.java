package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bwe relay} serves its pipeline's meters (and the JVM's) at the /metrics address it prints. */
class RelayMetricsTest {
    private static final Pattern METRICS = Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)");

    @Test
    void relayServesPrometheusMetrics() throws Exception {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread relay = new Thread(() -> exit.set(BweCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
            "relay", "--duration", "20s")), "relay-under-test");
        relay.start();
        try {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            Matcher m = METRICS.matcher(out.toString());
            while (!m.find()) {
                assertThat(System.nanoTime() - deadlineNs).as("relay printed no metrics address: " + out + err)
                    .isNegative();
                assertThat(relay.isAlive()).as("relay exited: " + out + err).isTrue();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                m = METRICS.matcher(out.toString());
            }
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(m.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(response.body())
                .contains("bwe_packets_published_total{shard=\"0\"} 0")
                .contains("bwe_packets_rejected_total{reason=\"too_short\",shard=\"0\"} 0")
                .contains("bwe_sessions{shard=\"0\"} 0")
                .contains("bwe_metrics_sessions_metered 0")
                .contains("jvm_memory_used_bytes");
        } finally {
            relay.interrupt();
            relay.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(relay.isAlive()).isFalse();
    }
}
