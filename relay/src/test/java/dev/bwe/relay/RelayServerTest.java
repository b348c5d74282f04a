package dev.bwe.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bwe.relay.shaper.RateSchedule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    private HttpResponse<String> get(final URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final URI uri, final String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
