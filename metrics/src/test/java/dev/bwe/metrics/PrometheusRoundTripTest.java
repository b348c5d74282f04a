package dev.bwe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) scrapes a running pipeline's
 * {@code /metrics} and gives the estimate and the packet counters back through its HTTP query API.
 * Loopback only; every wait is a poll with a deadline. Skipped with a message where {@code prometheus} is
 * not installed, unless {@code BWE_PROMETHEUS_TESTS=required} (CI), where that is a failure.
 */
class PrometheusRoundTripTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.eE+-]+,\"([^\"]+)\"\\]");

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesThePipelineAndAnswersQueries() throws Exception {
        final Path prometheus = findPrometheus();
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final Traffic traffic = new Traffic();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).build();
             BweMetrics metrics = BweMetrics.of(pipeline).sessionMeters(10);
             PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, 0)) {
            metrics.bindTo(registry);
            pipeline.openSession(42, ExtensionIds.of(Traffic.AST_ID, 0));
            traffic.run(pipeline, 42, 0x4242, 8_000);
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            final long accepted = pipeline.counters().packetsAccepted().get();
            final long estimateBps = pipeline.latestEstimateBps(42);
            assertThat(accepted).isEqualTo(traffic.published);
            assertThat(estimateBps).isPositive();
            assertThat(scrape(endpoint.uri())).contains("bwe_packets_accepted_total{shard=\"0\"} " + accepted);

            final int apiPort = freePort();
            final Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: bwe",
                "    metrics_path: /metrics",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + endpoint.port() + "']",
                ""));
            final Path log = dir.resolve("prometheus.log");
            final Process process = new ProcessBuilder(prometheus.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + apiPort)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                final String api = "http://127.0.0.1:" + apiPort + "/api/v1/query?query=";
                assertThat(awaitValue(process, log, api, "bwe_packets_accepted_total{job=\"bwe\",shard=\"0\"}"))
                    .isEqualTo(accepted);
                assertThat(awaitValue(process, log, api, "bwe_packets_published_total{shard=\"0\"}"))
                    .isEqualTo(traffic.published);
                assertThat(awaitValue(process, log, api, "bwe_session_estimate_bps{session=\"42\"}"))
                    .isEqualTo(estimateBps);
                assertThat(awaitValue(process, log, api, "bwe_session_streams{session=\"42\"}")).isEqualTo(1);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Queries until the instant vector has a sample, or the deadline passes. */
    private static long awaitValue(final Process process, final Path log, final String api, final String query)
        throws IOException, InterruptedException {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final URI uri = URI.create(api + URLEncoder.encode(query, StandardCharsets.UTF_8));
        final long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() - deadlineNs < 0) {
            if (!process.isAlive()) {
                fail("prometheus exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                final HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                final Matcher m = VALUE.matcher(response.body());
                if (response.statusCode() == 200 && m.find()) {
                    return (long) Double.parseDouble(m.group(1));
                }
            } catch (final IOException e) {
                last = e.toString(); // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        fail("Prometheus gave no value for " + query + " within " + DEADLINE + "; last answer: " + last
            + "\nits log:\n" + Files.readString(log));
        return -1;
    }

    private static String scrape(final URI uri) throws IOException, InterruptedException {
        final HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PrometheusEndpoint.CONTENT_TYPE);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The prometheus binary on the PATH (or Debian's /usr/bin), or a skip, or a failure when required. */
    private static Path findPrometheus() {
        final String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (final String entry : path.split(File.pathSeparator)) {
            final Path candidate = Path.of(entry.isEmpty() ? "." : entry, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        final String message = "prometheus is not installed (Debian: apt-get install prometheus); "
            + "the Prometheus round trip is skipped";
        if ("required".equals(System.getenv("BWE_PROMETHEUS_TESTS"))) {
            fail(message.replace("is skipped", "is required here (BWE_PROMETHEUS_TESTS=required)"));
        }
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message);
        return null;
    }
}
