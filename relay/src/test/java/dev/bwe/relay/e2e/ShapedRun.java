package dev.bwe.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.relay.RelayServer;
import dev.bwe.relay.RembRecord;
import dev.bwe.relay.browser.ChromeDriverSession;
import dev.bwe.relay.shaper.RateSchedule;
import dev.bwe.relay.shaper.UdpShaper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of headless Chromium sending the noise clip through a {@link UdpShaper}: either to bwe's endpoint, or
 * (the reference) to a second peer connection in the same page whose libwebrtc estimator sends the REMBs.
 * Records the sender's getStats every 500 ms, the receiver's REMBs, and every shaped packet's queueing delay,
 * all on one clock with t = 0 at the shaper's first media packet.
 *
 * @param receiver   "bwe" (or "bwe parity", "bwe adaptive") or "libwebrtc"
 * @param originNs   the shaper's t = 0
 * @param samples    the sender's readings
 * @param estimates  the receiver's estimate over time: bwe's pipeline output, or libwebrtc's REMBs on the wire
 * @param sentRembs  REMBs on the wire to the sender (for bwe: the endpoint's record, for the tshark check)
 * @param queue      every shaped packet
 * @param capacity   the shaper's capacity schedule
 */
record ShapedRun(String receiver, long originNs, List<BrowserSample> samples, List<RembRecord> estimates,
                 List<RembRecord> sentRembs, List<UdpShaper.Sample> queue, RateSchedule capacity) {
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Runs for {@code durationNs} after the first shaped packet; {@code reference} picks the receiver. */
    static ShapedRun record(final Path dir, final RelayServer.Options options, final boolean reference,
                            final long durationNs) throws Exception {
        final Path clip = BrowserSupport.noiseClip(dir);
        try (RelayServer server = RelayServer.start(options);
             ChromeDriverSession chrome = ChromeDriverSession.builder().workDir(dir).fakeVideo(clip).start()) {
            chrome.scriptTimeout(Duration.ofSeconds(40));
            chrome.navigate(server.pageUrl().toString());
            final Map<?, ?> connected = BrowserSupport.connect(chrome, reference ? "connectReference" : "connect");
            BrowserSupport.say((reference ? "reference pc1 -> shaper -> pc2: " : "Chromium -> shaper -> bwe: ")
                + connected);
            if (reference) {
                assertThat(connected.get("transportCcInAnswer")).isEqualTo(Boolean.FALSE);
            }
            final String which = reference ? "reference" : "relay";
            BrowserSupport.awaitTrue("a shaper in place", 10_000,
                () -> (reference ? server.referenceShaper() : server.shaper()).isPresent());
            final UdpShaper shaper = (reference ? server.referenceShaper() : server.shaper()).orElseThrow();
            BrowserSupport.awaitTrue("first media packet at the shaper", 10_000, () -> shaper.originNs() != 0);
            final long originNs = shaper.originNs();
            final List<BrowserSample> samples = new ArrayList<>();
            for (long dueNs = originNs; dueNs - originNs < durationNs; dueNs += SAMPLE_NS) {
                BrowserSupport.parkUntil(dueNs);
                samples.add(BrowserSample.read(chrome, which));
            }
            final List<RembRecord> estimates = reference ? server.referenceRembs().snapshot()
                : server.endpoint().bweEstimates().snapshot();
            final List<RembRecord> sent = reference ? estimates : server.endpoint().sentRembs().snapshot();
            return new ShapedRun(reference ? "libwebrtc" : "bwe", originNs, samples, estimates, sent,
                shaper.samples(), shaper.capacity());
        }
    }

    /** The same run under another name (the table's heading). */
    ShapedRun named(final String name) {
        return new ShapedRun(name, originNs, samples, estimates, sentRembs, queue, capacity);
    }

    /** Seconds from {@code fromS} until the estimate is first at or under {@code bps}, or NaN if it never is. */
    double secondsUntilEstimateAtMost(final double fromS, final double bps) {
        for (int i = 0; i < estimates.size(); i++) {
            final RembRecord r = estimates.get(i);
            final double at = seconds(r.timeNs());
            // The estimate in force at fromS counts from fromS.
            final boolean inForce = at >= fromS || (i + 1 < estimates.size()
                && seconds(estimates.get(i + 1).timeNs()) > fromS);
            if (inForce && r.bitrateBps() <= bps) {
                return Math.max(0, at - fromS);
            }
        }
        return Double.NaN;
    }

    /** Seconds after t = 0. */
    double seconds(final long atNs) {
        return (atNs - originNs) / 1e9;
    }

    /** The receiver's estimate averaged over time in [fromS, toS), bps; the estimate is a step function. */
    double meanEstimateBps(final double fromS, final double toS) {
        double weighted = 0;
        double covered = 0;
        for (int i = 0; i < estimates.size(); i++) {
            final double start = Math.max(fromS, seconds(estimates.get(i).timeNs()));
            final double end = Math.min(toS, i + 1 < estimates.size() ? seconds(estimates.get(i + 1).timeNs()) : toS);
            if (end > start) {
                weighted += estimates.get(i).bitrateBps() * (end - start);
                covered += end - start;
            }
        }
        return covered == 0 ? Double.NaN : weighted / covered;
    }

    /** The highest estimate in force at any time in [fromS, toS), bps. */
    double maxEstimateBps(final double fromS, final double toS) {
        double max = Double.NaN;
        for (int i = 0; i < estimates.size(); i++) {
            final double start = seconds(estimates.get(i).timeNs());
            final double end = i + 1 < estimates.size() ? seconds(estimates.get(i + 1).timeNs()) : Double.MAX_VALUE;
            if (end > fromS && start < toS) {
                max = Double.isNaN(max) ? estimates.get(i).bitrateBps() : Math.max(max, estimates.get(i).bitrateBps());
            }
        }
        return max;
    }

    /** The highest {@link #meanEstimateBps} over {@code windowS}-second windows (0.5 s steps) in [fromS, toS). */
    double peakWindowedEstimateBps(final double fromS, final double toS, final double windowS) {
        double peak = Double.NaN;
        for (double t = fromS; t + windowS <= toS + 1e-9; t += 0.5) {
            final double mean = meanEstimateBps(t, t + windowS);
            peak = Double.isNaN(peak) || mean > peak ? mean : peak;
        }
        return peak;
    }

    /** The highest {@link #sendRateBps} over {@code windowS}-second windows (0.5 s steps) in [fromS, toS). */
    double peakWindowedSendRateBps(final double fromS, final double toS, final double windowS) {
        double peak = Double.NaN;
        for (double t = fromS; t + windowS <= toS + 1e-9; t += 0.5) {
            final double rate = sendRateBps(t, t + windowS);
            peak = Double.isNaN(peak) || rate > peak ? rate : peak;
        }
        return peak;
    }

    /** Chromium's availableOutgoingBitrate averaged over the samples in [fromS, toS), bps. */
    double meanAvailableOutgoingBps(final double fromS, final double toS) {
        return samplesIn(fromS, toS).stream().mapToDouble(BrowserSample::availableOutgoingBps).average()
            .orElse(Double.NaN);
    }

    /** RTP bytes Chromium sent in [fromS, toS) as a rate, bps (sent, not delivered: drops count). */
    double sendRateBps(final double fromS, final double toS) {
        final List<BrowserSample> in = samplesIn(fromS, toS);
        if (in.size() < 2) {
            return Double.NaN;
        }
        final BrowserSample first = in.get(0);
        final BrowserSample last = in.get(in.size() - 1);
        return (last.rtpBytesSent() - first.rtpBytesSent()) * 8e3 / (last.statsTimeMs() - first.statsTimeMs());
    }

    /** The {@code fraction} quantile (0..1) of queueing delay of packets that arrived in [fromS, toS), ms. */
    double queueDelayMs(final double fromS, final double toS, final double fraction) {
        final double[] delays = queue.stream().filter(s -> !s.dropped() && inWindow(s, fromS, toS))
            .mapToDouble(s -> s.queueDelayNs() / 1e6).sorted().toArray();
        return delays.length == 0 ? Double.NaN : delays[Math.min(delays.length - 1, (int) (fraction * delays.length))];
    }

    /** Fraction of shaped packets dropped in [fromS, toS). */
    double dropFraction(final double fromS, final double toS) {
        final long all = queue.stream().filter(s -> inWindow(s, fromS, toS)).count();
        final long dropped = queue.stream().filter(s -> s.dropped() && inWindow(s, fromS, toS)).count();
        return all == 0 ? Double.NaN : (double) dropped / all;
    }

    /** Seconds from {@code fromS} until the estimate first reaches {@code bps}, or NaN if it never does. */
    double secondsUntilEstimateReaches(final double fromS, final double bps) {
        for (final RembRecord r : estimates) {
            if (seconds(r.timeNs()) >= fromS && r.bitrateBps() >= bps) {
                return seconds(r.timeNs()) - fromS;
            }
        }
        return Double.NaN;
    }

    /** Seconds from {@code fromS} until availableOutgoingBitrate first reaches {@code bps}, or NaN. */
    double secondsUntilAvailableReaches(final double fromS, final double bps) {
        for (final BrowserSample s : samples) {
            if (seconds(s.atNs()) >= fromS && s.availableOutgoingBps() >= bps) {
                return seconds(s.atNs()) - fromS;
            }
        }
        return Double.NaN;
    }

    private boolean inWindow(final UdpShaper.Sample s, final double fromS, final double toS) {
        final double t = s.arrivalNs() / 1e9;
        return t >= fromS && t < toS;
    }

    private List<BrowserSample> samplesIn(final double fromS, final double toS) {
        return samples.stream().filter(s -> seconds(s.atNs()) >= fromS && seconds(s.atNs()) < toS).toList();
    }

    /** A per-second table: capacity, estimate, Chromium's aob and target, send rate, queue delay p95. */
    String table() {
        final StringBuilder out = new StringBuilder(receiver + " run (kbps, ms): t (s) | capacity | " + receiver
            + " estimate | Chromium availableOutgoingBitrate | targetBitrate | sent | queue p95 | drops\n");
        final double end = seconds(samples.get(samples.size() - 1).atNs());
        for (int t = 0; t + 1 <= end; t++) {
            out.append(String.format("  %3d | %5d | %7.0f | %7.0f | %7.0f | %7.0f | %5.0f | %4.1f%%%n", t,
                capacity.bitrateBpsAt(TimeUnit.SECONDS.toNanos(t)) / 1000,
                meanEstimateBps(t, t + 1) / 1000, meanAvailableOutgoingBps(t, t + 1) / 1000,
                samplesIn(t, t + 1).stream().mapToDouble(BrowserSample::targetBps).average().orElse(Double.NaN) / 1000,
                sendRateBps(t, t + 1.01) / 1000, queueDelayMs(t, t + 1, 0.95), 100 * dropFraction(t, t + 1)));
        }
        return out.toString();
    }
}
