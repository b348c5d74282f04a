package dev.bwe.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bwe.relay.shaper.RateSchedule;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's HTTP side without a browser. */
class RelayServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesThePageAnswersOneOfferAndReportsStats() throws Exception {
        try (RelayServer server = RelayServer.start(new RelayServer.Options()
            .capacity(RateSchedule.parse("2.5mbps@0s,300kbps@10s")))) {
            final HttpResponse<String> page = get(server.pageUrl());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("window.bwe = {", "Media is NOT encrypted", "maintain-resolution");

            final HttpResponse<String> answer = post(server.pageUrl().resolve("/offer"), ChromiumOffer.PLAIN);
            assertThat(answer.statusCode()).isEqualTo(200);
            // With a shaper the one candidate is the shaper's port, not the endpoint's.
            final int shaperPort = server.shaper().orElseThrow().port();
            assertThat(answer.body()).contains("127.0.0.1 " + shaperPort + " typ host")
                .doesNotContain(" " + server.endpoint().port() + " typ host");

            assertThat(post(server.pageUrl().resolve("/offer"), ChromiumOffer.PLAIN).statusCode()).isEqualTo(409);
            final Map<?, ?> stats = new ObjectMapper()
                .readValue(get(server.pageUrl().resolve("/stats.json")).body(), Map.class);
            assertThat(stats.get("encrypted")).isEqualTo(false);
            assertThat(stats.get("rembSource")).isEqualTo("bwe");
            assertThat(((Number) ((Map<?, ?>) stats.get("shaper")).get("capacityBps")).longValue())
                .isEqualTo(2_500_000L);
            assertThat(get(server.pageUrl().resolve("/nope")).statusCode()).isEqualTo(404);
            assertThat(server.chromiumCommandLine()).contains("--disable-webrtc-encryption",
                "--allow-loopback-in-peer-connection", server.pageUrl().toString());
        }
    }

    @Test
    void servesTheChartLibraryItsSeriesAndTheCsvFromTheJar() throws Exception {
        try (RelayServer server = RelayServer.start(new RelayServer.Options()
            .capacity(RateSchedule.parse("1mbps@0s,300kbps@10s")))) {
            final HttpResponse<String> js = get(server.pageUrl().resolve("/uplot/uPlot.iife.min.js"));
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.body()).contains("uPlot");
            assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/javascript");
            assertThat(get(server.pageUrl().resolve("/uplot/uPlot.min.css")).body()).contains(".uplot");
            assertThat(get(server.pageUrl()).body()).contains("/uplot/uPlot.iife.min.js", "/series.csv");

            // The sampler runs every 500 ms from the start: capacity is charted before any browser connects.
            BrowserTimeouts.await(() -> server.timeline().rows(0).size() >= 2, 5_000);
            final Map<?, ?> series = json(get(server.pageUrl().resolve("/series.json")).body());
            assertThat((List<?>) series.get("capacity")).isNotEmpty()
                .allMatch(v -> ((Number) v).longValue() == 1_000_000L);
            assertThat((List<?>) series.get("estimate")).allMatch(v -> v == null);
            assertThat(get(server.pageUrl().resolve("/series.json?window=x")).statusCode()).isEqualTo(400);

            assertThat(post(server.pageUrl().resolve("/browser-stats"), "relay,900000,800000").statusCode())
                .isEqualTo(200);
            BrowserTimeouts.await(() -> server.timeline().rows(0).stream()
                .anyMatch(r -> r.availableOutgoingBps() == 900_000), 5_000);
            assertThat(post(server.pageUrl().resolve("/browser-stats"), "relay;1;2").statusCode()).isEqualTo(400);

            final HttpResponse<String> csv = get(server.pageUrl().resolve("/series.csv"));
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
            assertThat(csv.body().lines().findFirst().orElseThrow()).isEqualTo(
                dev.bwe.relay.chart.TimelineFormats.CSV_HEADER);
            assertThat(csv.body().lines().skip(1)).anyMatch(l -> l.contains(",900000,800000,"));
        }
    }

    @Test
    void theProfileAndTheCapacityChangeWhileItRunsAndTheChartMarksBoth(@TempDir final Path dir) throws Exception {
        final Path journal = dir.resolve("journal");
        try (RelayServer server = RelayServer.start(new RelayServer.Options().journal(journal)
            .capacity(RateSchedule.parse("1mbps@0s,300kbps@10s")))) {
            final URI page = server.pageUrl();
            final Map<?, ?> before = json(get(page.resolve("/stats.json")).body());
            assertThat(before.get("profile")).isEqualTo("parity");
            assertThat(before.get("journal")).isEqualTo(journal.toAbsolutePath().toString());
            assertThat(before.get("encryption").toString()).startsWith("none");
            assertThat(post(page.resolve("/profile"), "adaptive").statusCode()).as("before an offer").isEqualTo(409);

            assertThat(post(page.resolve("/offer"), ChromiumOffer.PLAIN).statusCode()).isEqualTo(200);
            final HttpResponse<String> switched = post(page.resolve("/profile"), "adaptive");
            assertThat(switched.statusCode()).isEqualTo(200);
            assertThat(switched.body()).isEqualTo("2");
            assertThat(server.endpoint().sessionId()).isEqualTo(2);
            assertThat(post(page.resolve("/profile"), "fastest").body()).contains("parity, adaptive");
            final Map<?, ?> after = json(get(page.resolve("/stats.json")).body());
            assertThat(after.get("profile")).isEqualTo("adaptive");
            assertThat(((Number) after.get("sessionId")).longValue()).isEqualTo(2L);

            final HttpResponse<String> capacity = post(page.resolve("/capacity"), "500kbps@0s,2mbps@5s");
            assertThat(capacity.statusCode()).isEqualTo(200);
            // No media yet: the new schedule simply replaces the old one.
            assertThat(capacity.body()).isEqualTo("500000bps@0ms,2000000bps@5000ms");
            assertThat(server.shaper().orElseThrow().capacity().bitrateBpsAt(0)).isEqualTo(500_000);
            assertThat(post(page.resolve("/capacity"), "fast").statusCode()).isEqualTo(400);

            BrowserTimeouts.await(() -> server.timeline().rows(0).size() >= 1, 5_000);
            final Map<?, ?> series = json(get(page.resolve("/series.json")).body());
            assertThat(((List<?>) series.get("events")).stream().map(e -> ((Map<?, ?>) e).get("label").toString()))
                .anyMatch(l -> l.startsWith("connected: bwe session 1 (parity)"))
                .anyMatch(l -> l.startsWith("profile adaptive (session 2)"))
                .anyMatch(l -> l.startsWith("capacity 500000bps@0ms"));
        }
        try (RelayServer noShaper = RelayServer.start(new RelayServer.Options())) {
            assertThat(post(noShaper.pageUrl().resolve("/capacity"), "1mbps").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void refusesAnEncryptedOfferWithTheReason() throws Exception {
        try (RelayServer server = RelayServer.start(new RelayServer.Options())) {
            final HttpResponse<String> refused = post(server.pageUrl().resolve("/offer"), ChromiumOffer.ENCRYPTED);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("--disable-webrtc-encryption");
            assertThat(post(server.pageUrl().resolve("/reference/target"), "1234").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void startsAReferenceShaperOnceForALoopbackPort() throws Exception {
        final RelayServer.Options options = new RelayServer.Options().capacity(RateSchedule.constant(1_000_000));
        try (RelayServer server = RelayServer.start(options)) {
            assertThat(post(server.pageUrl().resolve("/reference/target"), "x").statusCode()).isEqualTo(400);
            final HttpResponse<String> started = post(server.pageUrl().resolve("/reference/target"), "40000");
            assertThat(started.statusCode()).isEqualTo(200);
            assertThat(Integer.parseInt(started.body())).isEqualTo(server.referenceShaper().orElseThrow().port());
            assertThat(server.referenceShaper().orElseThrow().target().getPort()).isEqualTo(40000);
            assertThat(post(server.pageUrl().resolve("/reference/target"), "40001").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void closeIsIdempotentAndStopsListening() throws Exception {
        final RelayServer server = RelayServer.start(new RelayServer.Options());
        final URI page = server.pageUrl();
        server.close();
        server.close();
        assertThat(server.endpoint().stats().rtpPackets()).isZero();
        try {
            get(page);
            throw new AssertionError("the page still answers after close");
        } catch (final java.io.IOException expected) {
            // connection refused
        }
    }

    private static Map<?, ?> json(final String body) throws java.io.IOException {
        return new ObjectMapper().readValue(body, Map.class);
    }

    /** Waits for a condition the relay's own threads bring about. */
    private static final class BrowserTimeouts {
        static void await(final java.util.function.BooleanSupplier condition, final long timeoutMs) {
            final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (!condition.getAsBoolean()) {
                assertThat(System.nanoTime() - deadline).as("condition within " + timeoutMs + " ms").isNegative();
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    private HttpResponse<String> get(final URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final URI uri, final String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
