package dev.bwe.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.relay.RelayServer;
import dev.bwe.relay.browser.ChromeDriverSession;
import dev.bwe.relay.chart.TimelineRow;
import dev.bwe.relay.shaper.RateSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay page as a person sees it, in headless Chromium: both peer connections (to bwe, and the Chromium to
 * Chromium reference) through their shapers, the live chart filling every series, a profile change and a
 * capacity change made from the page and marked on the chart, the states it shows, and a screenshot kept as a
 * test artefact: {@code relay/target/browser-artifacts/relay-page.png} (README's picture is a copy of it).
 */
@Tag("browser")
class RelayPageBrowserTest {
    /** Where the screenshot goes; the module's directory is the tests' working directory. */
    static final Path ARTIFACTS = Path.of("target", "browser-artifacts");
    private static final RateSchedule CAPACITY = RateSchedule.parse("1mbps@0s,400kbps@14s");
    private static final long RUN_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long PROFILE_CHANGE_NS = TimeUnit.SECONDS.toNanos(20);
    /** What every series must hold (the chart's legend labels; "queue: " marks the second panel). */
    private static final List<String> SERIES = List.of("capacity", "bwe estimate", "bwe REMB sent",
        "Chromium availableOutgoingBitrate", "Chromium send rate", "ref capacity", "ref libwebrtc REMB",
        "ref Chromium availableOutgoingBitrate", "ref Chromium send rate", "queue: bwe bottleneck",
        "queue: reference bottleneck");

    @Test
    void thePageChartsEverySeriesLiveMarksChangesAndSaysWhenTheRelayStops(@TempDir final Path dir)
        throws Exception {
        BrowserSupport.requireBrowser();
        final long startedNs = System.nanoTime();
        final Path clip = BrowserSupport.noiseClip(dir);
        final Path journal = dir.resolve("journal");
        try (ChromeDriverSession chrome = ChromeDriverSession.builder().workDir(dir).fakeVideo(clip)
            .arg("--window-size=1200,1050").start()) {
            chrome.scriptTimeout(Duration.ofSeconds(40));
            final RelayServer server = RelayServer.start(new RelayServer.Options().capacity(CAPACITY)
                .journal(journal).queueLimit(Duration.ofMillis(300)).oneWayDelay(Duration.ofMillis(20)));
            try {
                chrome.navigate(server.pageUrl().toString());
                assertThat(text(chrome, "status")).startsWith("relay running");
                BrowserSupport.connect(chrome, "connect");
                BrowserSupport.connect(chrome, "connectReference");
                BrowserSupport.awaitTrue("first media packet at the shaper", 10_000,
                    () -> server.shaper().orElseThrow().originNs() != 0);
                final long originNs = server.shaper().orElseThrow().originNs();

                BrowserSupport.awaitTrue("points in every series of the chart", 25_000,
                    () -> missing(chartPoints(chrome)).isEmpty());
                BrowserSupport.parkUntil(originNs + PROFILE_CHANGE_NS);
                final Object session = chrome.executeAsync("const done = arguments[arguments.length - 1];"
                    + "window.bwe.switchProfile('adaptive').then(done, e => done(String(e)));");
                assertThat(session).as("switchProfile from the page").isEqualTo(2L);
                BrowserSupport.parkUntil(originNs + RUN_NS);

                final Map<?, ?> points = chartPoints(chrome);
                BrowserSupport.say("relay page chart, points per series: " + points);
                assertThat(missing(points)).as("series without points").isEmpty();
                assertThat(text(chrome, "status")).startsWith("connected: Chromium is sending to bwe (session 2, "
                    + "profile adaptive)");
                assertThat(text(chrome, "encryption")).startsWith("none: plain RTP");
                assertThat(text(chrome, "journal")).contains(journal.toAbsolutePath().toString(),
                    "bwe replay --journal");
                assertThat((List<?>) chrome.execute("return window.bwe.chart.events.map(e => e.label);"))
                    .anyMatch(l -> l.toString().startsWith("profile adaptive (session 2)"))
                    .anyMatch(l -> l.toString().startsWith("reference connected"));
                assertThat(chrome.execute("return document.getElementById('csv').href;").toString())
                    .endsWith("/series.csv");
                final List<TimelineRow> rows = server.timeline().rows(0);
                assertThat(rows.stream().mapToLong(TimelineRow::sessionId).max().orElseThrow()).isEqualTo(2);
                Files.createDirectories(ARTIFACTS);
                Files.write(ARTIFACTS.resolve("relay-page.png"), chrome.screenshot());
                BrowserSupport.say("relay page screenshot: " + ARTIFACTS.resolve("relay-page.png").toAbsolutePath());
            } finally {
                server.close();
            }
            // The page keeps running without its relay: it says so instead of a raw fetch error.
            BrowserSupport.awaitTrue("the page saying the relay stopped", 10_000,
                () -> text(chrome, "status").startsWith("relay stopped"));
        }
        assertThat(Files.isDirectory(journal.resolve("events"))).as("journal written").isTrue();
        BrowserSupport.say(String.format("relay page browser test: %.1f s wall time",
            (System.nanoTime() - startedNs) / 1e9));
    }

    private static Map<?, ?> chartPoints(final ChromeDriverSession chrome) {
        return (Map<?, ?>) chrome.execute("return window.bwe.chartPoints();");
    }

    private static List<String> missing(final Map<?, ?> points) {
        return SERIES.stream().filter(s -> !(points.get(s) instanceof Number n) || n.longValue() == 0).toList();
    }

    private static String text(final ChromeDriverSession chrome, final String id) {
        return String.valueOf(chrome.execute("return document.getElementById(arguments[0]).textContent;", id));
    }
}
