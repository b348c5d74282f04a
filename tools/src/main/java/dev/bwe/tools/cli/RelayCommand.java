package dev.bwe.tools.cli;

import dev.bwe.metrics.BweMetrics;
import dev.bwe.metrics.PrometheusEndpoint;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.relay.RelayServer;
import dev.bwe.relay.shaper.RateSchedule;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe relay}: a WebRTC receive endpoint on 127.0.0.1 (ICE-lite, plain RTP) whose REMBs come from
 * bwe, behind an optional bottleneck, with a local page that sends the browser's camera to it. Media is
 * NOT encrypted: for Debian's Chromium with {@code --disable-webrtc-encryption}, on this machine only.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Watch bwe steer a browser: a local WebRTC endpoint (unencrypted, 127.0.0.1 only) that sends "
        + "bwe's REMBs to Chromium, behind an optional bottleneck.",
        "Prints the page to open and the Chromium command line to open it with."})
final class RelayCommand implements Callable<Integer> {
    /** The relay serves one browser at a time: a handful of sessions is plenty. */
    private static final int MAX_SESSION_METERS = 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--capacity", paramLabel = "SCHEDULE",
        description = "Bottleneck in front of the endpoint, e.g. 2.5mbps@0s,300kbps@20s,1mbps@40s (none: no shaping).")
    String capacity;

    @Option(names = "--forced-remb", paramLabel = "SCHEDULE",
        description = "Send this REMB schedule instead of bwe's estimate (open-loop test).")
    String forcedRemb;

    @Option(names = "--queue", paramLabel = "MS", defaultValue = "300", description = "Bottleneck queue, ms (default: ${DEFAULT-VALUE}).")
    long queueMs;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "20", description = "Bottleneck one-way delay, ms (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "0", description = "Page port (default: any free).")
    int httpPort;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
        description = "Port of the Prometheus /metrics endpoint on 127.0.0.1 (default: any free; -1: none).")
    int metricsPort;
    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "parity",
        description = "bwe's estimator profile: parity (libwebrtc's, bit for bit) or adaptive; the page can switch it "
            + "while it runs (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "Journal everything bwe sees into DIR, for bwe replay --journal DIR (default: off).")
    Path journal;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop after this long (default: until Ctrl-C).")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final RelayServer.Options options = new RelayServer.Options().queueLimit(Duration.ofMillis(queueMs))
            .oneWayDelay(Duration.ofMillis(delayMs)).httpPort(httpPort).profile(parseProfile(profile));
        if (journal != null) {
            options.journal(journal);
        }
        if (capacity != null) {
            options.capacity(RateSchedule.parse(capacity));
        }
        if (forcedRemb != null) {
            options.forcedRemb(RateSchedule.parse(forcedRemb));
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RelayServer server = RelayServer.start(options);
             BweMetrics metrics = BweMetrics.of(server.endpoint().pipeline()).sessionMeters(MAX_SESSION_METERS);
             PrometheusEndpoint endpoint = metricsPort < 0 ? null : PrometheusEndpoint.start(registry, metricsPort)) {
            metrics.bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            out.println("bwe relay: media is NOT encrypted (plain RTP on 127.0.0.1); for tests and demos only.");
            out.println("page:    " + server.pageUrl());
            out.println("open it: " + server.chromiumCommandLine());
            if (endpoint != null) {
                out.println("metrics: " + endpoint.uri());
            }
            out.println("profile: " + server.endpoint().profile().cliName()
                + (journal == null ? "" : "; journal: " + journal.toAbsolutePath()
                + " (replay it: bwe replay --journal " + journal + ")"));
            out.flush();
            final Thread hook = new Thread(stop::countDown, "bwe-relay-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (duration == null) {
                stop.await();
            } else if (!stop.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                out.println("bwe relay: --duration reached, stopping");
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }

    private static EstimatorProfile parseProfile(final String text) {
        try {
            return EstimatorProfile.parse(text);
        } catch (final IllegalArgumentException e) {
            throw new UserError("--profile: " + e.getMessage());
        }
    }
}
