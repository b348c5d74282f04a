package dev.bwe.relay.e2e;

import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.relay.RelayServer;
import dev.bwe.relay.shaper.RateSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closed loop through a bottleneck, for both of bwe's profiles and beside libwebrtc's own receiver: headless
 * Chromium sends noise video through a shaper at 300 kbps, 1 Mbps from 20 s, 300 kbps again from 45 s, to bwe
 * (parity, then adaptive), whose REMB is the only thing steering it (transport-cc is not negotiated); then the
 * same link Chromium to Chromium (the reference: libwebrtc's receive-side estimator makes the REMBs). Each run
 * prints its per-second table; the three are compared in one table of medians ({@link ClosedLoopReport}), also
 * written to {@code relay/target/browser-artifacts/closed-loop-benchmark.md}.
 *
 * <p>{@code BWE_CLOSED_LOOP_RUNS=3} repeats the three runs (interleaved, so a load change on the machine hits
 * all receivers alike) and reports medians: that is the benchmark command ({@code relay/closed-loop-benchmark.sh});
 * CI runs each once.
 *
 * <p>Margins, and why: the estimate of a delay-based AIMD controller is a sawtooth that climbs until the
 * bottleneck queue grows and then backs off to 0.85 of the measured rate, so its peaks pass the capacity by
 * design; the test wants its time-mean at or under the capacity + 5 % and (parity: AIMD) its peak under the
 * capacity + 20 %.
 * Chromium's RTP send rate (sent, not delivered: drops would show) must stay under the capacity + 5 %. The
 * queue is bounded at 300 ms by the shaper; bwe must keep the 95th percentile under 150 ms and drop under 1 %.
 * After the rise, "both rise" means: some 2 s of bwe's estimate average above 1.3 times the old capacity, and
 * some 2 s of Chromium's send rate above 1.2 times it, which the old link could not have carried (25 s to show it:
 * parity's climb on a loaded machine took 20 s and more). How far they
 * climb depends on the machine: scheduling jitter on a loaded 2-core machine reads as delay growth to any
 * delay-based estimator (libwebrtc's in the reference as much as bwe's) and turns the 8 %/s multiplicative climb
 * into a slow additive one, so the means are printed, not asserted. After the drop back to 300 kbps the
 * estimate must be at or under it within 5 s (an over-used queue backs off at once; 5 s leaves room for a
 * loaded machine).
 */
@Tag("browser")
class ClosedLoopBrowserTest {
    static final String LINK = "300kbps@0s,1mbps@20s,300kbps@45s";
    static final RateSchedule CAPACITY = RateSchedule.parse(LINK);
    static final double CAPACITY_LOW_BPS = 300_000;
    static final double RISE_S = 20;
    static final double DROP_S = 45;
    static final double END_S = 55;
    private static final long RUN_NS = TimeUnit.SECONDS.toNanos((long) END_S);
    private static final double SETTLED_FROM_S = 8;
    private static final double DROP_REACTION_S = 5;
    private static final String RUNS_ENV = "BWE_CLOSED_LOOP_RUNS";

    static RelayServer.Options options(final EstimatorProfile profile) {
        return new RelayServer.Options().capacity(CAPACITY).queueLimit(Duration.ofMillis(300))
            .oneWayDelay(Duration.ofMillis(20)).profile(profile);
    }

    static int runs() {
        final String value = System.getenv(RUNS_ENV);
        return value == null || value.isBlank() ? 1 : Math.max(1, Integer.parseInt(value.strip()));
    }

    @Test
    void bothProfilesHoldChromiumUnderTheBottleneckRiseAndFallWithItBesideLibwebrtc(@TempDir final Path dir)
        throws Exception {
        BrowserSupport.requireBrowser();
        final long startedNs = System.nanoTime();
        final Map<String, List<ShapedRun>> runs = ClosedLoopReport.receivers("bwe parity", "bwe adaptive",
            "libwebrtc");
        final int rounds = runs();
        for (int round = 1; round <= rounds; round++) {
            for (final String receiver : runs.keySet()) {
                final Path runDir = Files.createDirectories(dir.resolve(receiver.replace(' ', '-') + "-" + round));
                final boolean reference = receiver.equals("libwebrtc");
                final EstimatorProfile profile = receiver.endsWith("adaptive") ? EstimatorProfile.ADAPTIVE
                    : EstimatorProfile.PARITY;
                final ShapedRun run = ShapedRun.record(runDir, options(profile), reference, RUN_NS).named(receiver);
                BrowserSupport.say("round " + round + "/" + rounds + ", " + run.table());
                TsharkRembCheck.verifyOrSay(runDir, run.sentRembs());
                runs.get(receiver).add(run);
            }
        }
        final String report = ClosedLoopReport.of(runs, LINK);
        BrowserSupport.say(report);
        Files.createDirectories(RelayPageBrowserTest.ARTIFACTS);
        Files.writeString(RelayPageBrowserTest.ARTIFACTS.resolve("closed-loop-benchmark.md"), report);

        final SoftAssertions softly = new SoftAssertions();
        for (final String receiver : List.of("bwe parity", "bwe adaptive")) {
            for (final ShapedRun run : runs.get(receiver)) {
                checkBwe(softly, run);
            }
        }
        for (final ShapedRun reference : runs.get("libwebrtc")) {
            softly.assertThat(reference.estimates()).as("libwebrtc's REMBs seen passing the reference shaper")
                .hasSizeGreaterThan(10);
        }
        BrowserSupport.say(String.format("closed-loop browser test: %d round(s), %.1f s wall time", rounds,
            (System.nanoTime() - startedNs) / 1e9));
        softly.assertAll();
    }

    private static void checkBwe(final SoftAssertions softly, final ShapedRun run) {
        final String who = run.receiver();
        softly.assertThat(run.meanEstimateBps(SETTLED_FROM_S, RISE_S)).as("%s: mean estimate %.0f-%.0f s", who,
            SETTLED_FROM_S, RISE_S).isBetween(0.6 * CAPACITY_LOW_BPS, 1.05 * CAPACITY_LOW_BPS);
        if (who.endsWith("parity")) {
            // An AIMD property (additive climb, back-off to 0.85): the adaptive profile probes differently, so it
            // is held to what a user sees instead, the mean, the send rate, the queue and the drops below.
            softly.assertThat(run.maxEstimateBps(SETTLED_FROM_S, RISE_S)).as("%s: peak estimate at 300 kbps", who)
                .isLessThanOrEqualTo(1.2 * CAPACITY_LOW_BPS);
        }
        softly.assertThat(run.sendRateBps(SETTLED_FROM_S, RISE_S)).as("%s: Chromium's send rate at 300 kbps", who)
            .isLessThanOrEqualTo(1.05 * CAPACITY_LOW_BPS);
        softly.assertThat(run.queueDelayMs(SETTLED_FROM_S, RISE_S, 0.95)).as("%s: queue p95 at 300 kbps, ms", who)
            .isLessThanOrEqualTo(150);
        softly.assertThat(run.dropFraction(SETTLED_FROM_S, RISE_S)).as("%s: drops at 300 kbps", who)
            .isLessThanOrEqualTo(0.01);
        softly.assertThat(run.peakWindowedEstimateBps(RISE_S, DROP_S, 2)).as("%s: estimate after the rise, best 2 s",
            who).isGreaterThanOrEqualTo(1.3 * CAPACITY_LOW_BPS);
        softly.assertThat(run.peakWindowedSendRateBps(RISE_S, DROP_S, 2))
            .as("%s: Chromium's send rate after the rise, best 2 s", who)
            .isGreaterThanOrEqualTo(1.2 * CAPACITY_LOW_BPS);
        softly.assertThat(run.queueDelayMs(RISE_S, DROP_S, 0.95)).as("%s: queue p95 after the rise, ms", who)
            .isLessThanOrEqualTo(150);
        softly.assertThat(run.secondsUntilEstimateAtMost(DROP_S, CAPACITY_LOW_BPS))
            .as("%s: s after the drop until the estimate is at or under 300 kbps", who)
            .isLessThanOrEqualTo(DROP_REACTION_S);
    }
}
