package dev.bwe.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.rtp.SdpExtmap;
import dev.bwe.tools.capture.CaptureFile;
import dev.bwe.tools.capture.Datagram;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay's operators scrape it: {@code /metrics} shows the packets it took and each peer's estimate. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyRelayMetricsTest {
    private static final String EXTMAP = "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    private static final Pattern ACCEPTED = Pattern.compile("(?m)^bwe_packets_accepted_total\\{[^}]*} (\\S+)$");
    private static final Pattern ESTIMATE = Pattern.compile("(?m)^bwe_session_estimate_bps\\{[^}]*} (\\S+)$");

    @Test
    void metricsShowThePacketsTakenAndThePeersEstimate() throws Exception {
        final List<Datagram> datagrams = new ArrayList<>();
        CaptureFile.read(Path.of(System.getProperty("bwe.captures"), "str0m-vp8.pcap"), datagrams::add);
        final NettyRelay.Options options = new NettyRelay.Options(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SdpExtmap.parse(List.of(EXTMAP)),
            EstimatorConfig.builder().startBitrateBps(300_000).build(), 0x5EED, null);
        final HttpClient http = HttpClient.newHttpClient();
        try (NettyRelay relay = NettyRelay.start(options);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            final URI uri = relay.serveMetrics(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            peer.connect(relay.localAddress());
            for (final Datagram d : datagrams) {
                peer.send(new DatagramPacket(d.payload(), d.payload().length));
            }
            // Wait (with a deadline) until the scrape shows what the pipeline took.
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String body = "";
            double accepted = 0;
            while (System.nanoTime() - deadlineNs < 0) {
                body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
                final Matcher m = ACCEPTED.matcher(body);
                accepted = m.find() ? Double.parseDouble(m.group(1)) : 0;
                if (accepted >= relay.bwe().counters().packetsAccepted().get() && accepted > 0
                    && ESTIMATE.matcher(body).find()) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertThat(accepted).as("bwe_packets_accepted_total in\n%s", body).isPositive();
            final Matcher estimate = ESTIMATE.matcher(body);
            assertThat(estimate.find()).as("the peer's session estimate gauge in\n%s", body).isTrue();
            assertThat(Double.parseDouble(estimate.group(1))).as("the start estimate at least").isPositive();
        }
    }
}
