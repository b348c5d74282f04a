package dev.bwe.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.relay.RelayServer;
import dev.bwe.relay.RembRecord;
import dev.bwe.relay.browser.ChromeDriverSession;
import dev.bwe.relay.shaper.RateSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (a) Open loop: the endpoint sends a forced REMB schedule (1.5 Mbps, then 300 kbps, then 1 Mbps) instead of
 * bwe's estimate, and headless Chromium's own bandwidth estimate ({@code candidate-pair.availableOutgoingBitrate})
 * must equal each REMB from 2 s after it until the next change, to 2 %.
 */
@Tag("browser")
class OpenLoopBrowserTest {
    private static final RateSchedule FORCED = RateSchedule.parse("1.5mbps@0s,300kbps@7s,1mbps@14s");
    private static final long RUN_NS = TimeUnit.SECONDS.toNanos(21);
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long FOLLOW_NS = TimeUnit.SECONDS.toNanos(2);
    private static final double TOLERANCE = 0.02;

    @Test
    void chromiumsAvailableOutgoingBitrateFollowsEachRembWithin2sTo2Percent(@TempDir final Path dir)
        throws Exception {
        BrowserSupport.requireBrowser();
        final long startedNs = System.nanoTime();
        final List<BrowserSample> samples = new ArrayList<>();
        final List<RembRecord> sent;
        final long originNs;
        try (RelayServer server = RelayServer.start(new RelayServer.Options().forcedRemb(FORCED));
             ChromeDriverSession chrome = ChromeDriverSession.builder().workDir(dir).start()) {
            chrome.scriptTimeout(Duration.ofSeconds(30));
            chrome.navigate(server.pageUrl().toString());
            final Map<?, ?> connected = BrowserSupport.connect(chrome, "connect");
            assertThat(connected.get("offerProfile")).as("plain RTP: is this Debian's chromium?").isEqualTo("RTP/AVPF");
            BrowserSupport.awaitTrue("first RTP at the endpoint", 10_000, () -> server.endpoint().mediaStartNs() != 0);
            originNs = server.endpoint().mediaStartNs();
            for (long dueNs = originNs; dueNs - originNs < RUN_NS; dueNs += SAMPLE_NS) {
                BrowserSupport.parkUntil(dueNs);
                samples.add(BrowserSample.read(chrome, "relay"));
            }
            sent = server.endpoint().sentRembs().snapshot();
        }
        BrowserSupport.say(Trajectories.openLoopTable(samples, sent, originNs));
        TsharkRembCheck.verifyOrSay(dir, sent);

        // Each change of the forced REMB, at the time the first REMB with the new value went out.
        final List<RembRecord> changes = new ArrayList<>();
        for (final RembRecord r : sent) {
            if (changes.isEmpty() || changes.get(changes.size() - 1).bitrateBps() != r.bitrateBps()) {
                changes.add(r);
            }
        }
        assertThat(changes).extracting(RembRecord::bitrateBps).containsExactly(1_500_000L, 300_000L, 1_000_000L);
        for (int i = 0; i < changes.size(); i++) {
            final long changeNs = changes.get(i).timeNs();
            final long endNs = i + 1 < changes.size() ? changes.get(i + 1).timeNs() : Long.MAX_VALUE;
            final double remb = changes.get(i).bitrateBps();
            int checked = 0;
            for (final BrowserSample s : samples) {
                if (s.atNs() - changeNs >= FOLLOW_NS && s.atNs() < endNs) {
                    assertThat(Math.abs(s.availableOutgoingBps() - remb) / remb)
                        .as("availableOutgoingBitrate %.0f at t=%.2f s vs REMB %.0f sent at t=%.2f s",
                            s.availableOutgoingBps(), (s.atNs() - originNs) / 1e9, remb, (changeNs - originNs) / 1e9)
                        .isLessThanOrEqualTo(TOLERANCE);
                    checked++;
                }
            }
            assertThat(checked).as("samples checked after the change to %.0f", remb).isGreaterThanOrEqualTo(8);
        }
        BrowserSupport.say(String.format("open-loop browser test: %.1f s wall time",
            (System.nanoTime() - startedNs) / 1e9));
    }
}
