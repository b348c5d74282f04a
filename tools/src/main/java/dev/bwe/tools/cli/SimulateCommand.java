package dev.bwe.tools.cli;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.tools.sim.BurstLoss;
import dev.bwe.tools.sim.CapacitySchedule;
import dev.bwe.tools.sim.CrossTrafficConfig;
import dev.bwe.tools.sim.LinkConfig;
import dev.bwe.tools.sim.LinkResult;
import dev.bwe.tools.sim.MahimahiTrace;
import dev.bwe.tools.sim.ReactionStats;
import dev.bwe.tools.sim.PipelineReceiver;
import dev.bwe.tools.sim.ProgressReceiver;
import dev.bwe.tools.sim.QueueLimit;
import dev.bwe.tools.sim.Scenario;
import dev.bwe.tools.sim.Scenarios;
import dev.bwe.tools.sim.SessionConfig;
import dev.bwe.tools.sim.SessionMetrics;
import dev.bwe.tools.sim.SessionResult;
import dev.bwe.tools.sim.Soak;
import dev.bwe.tools.sim.SoakConfig;
import dev.bwe.tools.sim.SoakReport;
import dev.bwe.tools.sim.SimulationConfig;
import dev.bwe.tools.sim.SimulationResult;
import dev.bwe.tools.sim.Simulation;
import dev.bwe.tools.sim.StreamConfig;
import dev.bwe.tools.sim.SummaryJson;
import dev.bwe.tools.sim.TimeSeriesCsv;
import dev.bwe.tools.sim.TimeSeriesPlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe simulate}: a closed-loop network simulation in simulated time. Senders follow the REMBs,
 * a FIFO bottleneck follows a capacity schedule, and the receiver is the real pipeline (manual ticks),
 * optionally journaled so that the run can be replayed.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Closed-loop simulation: senders that follow bwe's REMBs over a simulated bottleneck.",
        "Runs in simulated time, as fast as the CPU allows. Use a named --scenario, or describe one link with "
            + "--capacity and the other options."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--no-abs-send-time", description = "Senders stamp no abs-send-time: the sessions are estimated "
        + "from RTP timestamps (libwebrtc's single-stream estimator).")
    boolean noAbsSendTime;

    @Option(names = "--list", description = "List the named scenarios and exit.")
    boolean list;

    @Option(names = "--scenario", paramLabel = "NAME", description = "A named scenario (see --list).")
    String scenario;

    @Option(names = "--capacity", paramLabel = "SCHEDULE",
        description = "Bottleneck capacity over time, e.g. 2.5mbps@0s,1mbps@30s (units bps/kbps/mbps, s/ms).")
    String capacity;

    @Option(names = "--duration", paramLabel = "SECONDS",
        description = "Simulated duration (default: 60 for a --capacity run, the scenario's own for a --scenario).")
    Double durationS;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "50", description = "One-way delay (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Option(names = "--jitter", paramLabel = "MS", defaultValue = "0",
        description = "Maximum extra delay per packet, never reordering (default: ${DEFAULT-VALUE}).")
    long jitterMs;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0", description = "Random loss probability (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--burst-loss", paramLabel = "P_GOOD_BAD,P_BAD_GOOD",
        description = "Gilbert-Elliott burst loss: per-packet probabilities of entering and of leaving the lossy state.")
    String burstLoss;

    @Option(names = "--queue", paramLabel = "MS", defaultValue = "300",
        description = "Drop-tail queue limit in ms at the current capacity (default: ${DEFAULT-VALUE}).")
    long queueMs;

    @Option(names = "--cross-traffic", description = "Add a competing TCP-like flow (AIMD on loss) per link.")
    boolean crossTraffic;

    @Option(names = "--capacity-trace", paramLabel = "FILE",
        description = "Instead of --capacity: a Mahimahi delivery trace (one integer per line, the ms at which one "
            + "1500-byte packet can leave; repeats from its start when it ends).")
    Path capacityTrace;

    @Option(names = "--trace-bucket-ms", paramLabel = "MS", defaultValue = "250",
        description = "--capacity-trace: length of each constant-capacity step (default: ${DEFAULT-VALUE}).")
    long traceBucketMs;

    @Option(names = "--trace-scale", paramLabel = "X", defaultValue = "1",
        description = "--capacity-trace: multiply the trace's capacity by X (default: ${DEFAULT-VALUE}).")
    double traceScale;

    @Option(names = "--trace-start", paramLabel = "SECONDS", defaultValue = "0",
        description = "--capacity-trace: start this far into the trace (default: ${DEFAULT-VALUE}).")
    double traceStartS;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1",
        description = "Sessions, each with its own link unless --shared-link (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--shared-link", description = "All sessions share one bottleneck (fairness between flows).")
    boolean sharedLink;

    @Option(names = "--join-at", paramLabel = "TIME[,TIME...]", split = ",", converter = DurationConverter.class,
        description = "When each session starts sending, in session order (e.g. 0s,10s,20s); default: all at 0 s.")
    List<Duration> joinAt;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "1", description = "Video streams per session (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "Random seed; also picks a seeded scenario's link (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--profile", paramLabel = "PROFILE[,PROFILE]", defaultValue = "parity",
        description = "Estimator profile of every session: parity or adaptive; parity,adaptive runs the scenario "
            + "once per profile and compares them (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal the pipeline's events into DIR "
        + "(DIR-PROFILE for several profiles; replay with `bwe replay --journal DIR`).")
    Path journal;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the per-session time series (every 100 ms) "
        + "as CSV (FILE-PROFILE.csv for several profiles).")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a PNG plot of capacity, received rate "
        + "and estimate (every profile's over the same capacity).")
    Path plot;

    @Option(names = "--soak", description = "A simulated day of a relay instead of a scenario: sessions joining and "
        + "leaving, streams going silent and back, journaling with an hourly roll and retention; prints heap, "
        + "live sessions/streams, counters' conservation and journal size every hour; exit 1 if anything leaks.")
    boolean soak;

    @Option(names = "--soak-hours", paramLabel = "H", defaultValue = "24",
        description = "--soak: simulated hours (default: ${DEFAULT-VALUE}).")
    double soakHours;

    @Option(names = "--soak-packet-interval-ms", paramLabel = "MS", defaultValue = "20",
        description = "--soak: time between two packets of a stream (default: ${DEFAULT-VALUE}, 50 packets/s).")
    long soakPacketIntervalMs;

    @Option(names = "--stage-threads", description = "Run the pipeline's stages on their own threads, as in a relay, "
        + "instead of on the simulator's thread (same results, much slower).")
    boolean stageThreads;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the summary as JSON: per session "
        + "utilisation, queueing, loss, first estimate and reaction times; per link fairness and media share.")
    Path summaryJson;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (final Scenario s : Scenarios.all()) {
                out.printf("%-24s %s%n", s.name(), s.description());
            }
            return 0;
        }
        if (soak) {
            return runSoak(out);
        }
        final List<EstimatorProfile> profiles = ProfileList.parse(profile);
        final boolean several = profiles.size() > 1;
        final SimulationConfig config = baseConfig().toBuilder().seed(seed).build();
        final Map<String, SimulationResult> results = new LinkedHashMap<>();
        for (final EstimatorProfile p : profiles) {
            out.printf("simulating %s (profile %s): %d session(s), %.1f s%n",
                scenario != null ? scenario : "custom link", p.cliName(), config.sessions().size(),
                config.durationNs() / 1e9);
            final long wallStartNs = System.nanoTime();
            final Path journalDir = ProfileList.withProfile(journal, p, several);
            final SimulationResult result = runThroughPipeline(config,
                () -> pipelineBuilder(p, journalDir, stageThreads), spec.commandLine().getErr(), !noAbsSendTime);
            results.put(p.cliName(), result);
            final double wallS = (System.nanoTime() - wallStartNs) / 1e9;
            out.printf("done in %.1f s of wall time (%,.0f simulated packets/s)%n", wallS,
                packetsDelivered(result) / Math.max(wallS, 1e-9));
        }
        out.println();
        printMetrics(out, results);
        for (final EstimatorProfile p : profiles) {
            final Path csvFile = ProfileList.withProfile(csv, p, several);
            if (csvFile != null) {
                TimeSeriesCsv.write(results.get(p.cliName()), csvFile);
                out.println("time series: " + csvFile);
            }
        }
        if (plot != null) {
            if (several) {
                TimeSeriesPlot.writeComparisonPng(results, plot);
            } else {
                TimeSeriesPlot.writePng(results.values().iterator().next(), plot);
            }
            out.println("plot: " + plot);
        }
        if (summaryJson != null) {
            SummaryJson.write(results, summaryJson);
            out.println("summary: " + summaryJson);
        }
        for (final EstimatorProfile p : profiles) {
            final Path journalDir = ProfileList.withProfile(journal, p, several);
            if (journalDir != null) {
                out.println("journal: " + journalDir + " (replay with: bwe replay --journal " + journalDir
                    + " --verify)");
            }
        }
        return 0;
    }

    private int runSoak(final PrintWriter out) throws IOException {
        if (scenario != null || capacity != null || capacityTrace != null) {
            throw new UserError("--soak runs its own traffic: give no --scenario, --capacity or --capacity-trace");
        }
        if (!(soakHours > 0) || soakPacketIntervalMs <= 0) {
            throw new UserError("--soak-hours and --soak-packet-interval-ms must be positive");
        }
        final Path dir = journal != null ? journal : Files.createTempDirectory("bwe-soak-journal-");
        final SoakConfig config = SoakConfig.day(soakHours, dir).withSeed(seed)
            .withPacketIntervalMs(soakPacketIntervalMs);
        out.printf("soak: %.1f simulated hours, journal %s (hourly roll, %d cycles kept)%n", soakHours, dir,
            config.keepCycles());
        final long wallStartNs = System.nanoTime();
        final SoakReport report = new Soak(config, out).run();
        out.printf("done in %.1f s of wall time (%,.0f packets/s)%n", (System.nanoTime() - wallStartNs) / 1e9,
            report.published() / ((System.nanoTime() - wallStartNs) / 1e9));
        return report.passed() ? 0 : 1;
    }

    /** Media packets that reached the receiver: the events that go through the pipeline. */
    private static long packetsDelivered(final SimulationResult result) {
        long packets = 0;
        for (final SessionResult s : result.sessions()) {
            packets += s.metrics().mediaPacketsSent() - s.metrics().mediaPacketsLost();
        }
        return packets;
    }

    /**
     * Runs {@code config} with the real pipeline as the receiver (a fresh one from {@code pipelines}, closed
     * afterwards: its journal, if any, is complete when this returns), reporting progress to {@code progress}.
     */
    static SimulationResult runThroughPipeline(final SimulationConfig config,
                                               final java.util.function.Supplier<BwePipeline.Builder> pipelines,
                                               final PrintWriter progress) {
        return runThroughPipeline(config, pipelines, progress, true);
    }

    /** As above; {@code absSendTime} false runs senders that stamp no abs-send-time. */
    static SimulationResult runThroughPipeline(final SimulationConfig config,
                                               final java.util.function.Supplier<BwePipeline.Builder> pipelines,
                                               final PrintWriter progress, final boolean absSendTime) {
        final PipelineReceiver.Factory receivers = PipelineReceiver.factory(pipelines, absSendTime);
        try {
            return Simulation.run(config.toBuilder()
                .receiver(ProgressReceiver.wrap(receivers, progress, config.durationNs())).build());
        } finally {
            if (receivers.lastCreated() != null) {
                receivers.lastCreated().close();
            }
        }
    }

    /**
     * The pipeline of one run: the real stages, on the simulator's thread unless {@code stageThreads} (a hand-off
     * to the stage threads at every feedback deadline costs far more than the work, on a loaded machine above all).
     */
    static BwePipeline.Builder pipelineBuilder(final EstimatorProfile profile, final Path journalDir,
                                               final boolean stageThreads) {
        final BwePipeline.Builder builder = BwePipeline.builder()
            .stagesOnCallerThread(!stageThreads)
            .estimatorConfig(EstimatorConfig.builder().profile(profile).build());
        if (journalDir != null) {
            JournalOptions.apply(builder, journalDir);
        }
        return builder;
    }

    private SimulationConfig baseConfig() throws IOException {
        final int described = (scenario != null ? 1 : 0) + (capacity != null ? 1 : 0) + (capacityTrace != null ? 1 : 0);
        if (described > 1) {
            throw new UserError("give one of --scenario, --capacity and --capacity-trace");
        }
        if (described == 0) {
            throw new UserError("give --scenario NAME (see --list), --capacity SCHEDULE or --capacity-trace FILE");
        }
        if (durationS != null && durationS <= 0) {
            throw new UserError("--duration must be positive");
        }
        if (scenario != null) {
            final SimulationConfig named = Scenarios.byName(scenario).config(seed);
            return durationS == null ? named : named.toBuilder().durationMs(Math.round(durationS * 1000)).build();
        }
        if (sessions < 1 || streams < 1) {
            throw new UserError("--sessions and --streams must be positive");
        }
        if (joinAt != null && joinAt.size() != sessions) {
            throw new UserError("--join-at gives " + joinAt.size() + " time(s) for " + sessions + " session(s)");
        }
        final long durationMs = Math.round((durationS == null ? 60 : durationS) * 1000);
        final LinkConfig.Builder link = LinkConfig.builder(schedule(durationMs)).propagationDelayMs(delayMs)
            .jitterMaxMs(jitterMs).lossProbability(loss).queueLimit(QueueLimit.millis(queueMs));
        if (burstLoss != null) {
            final String[] p = burstLoss.split(",");
            if (p.length != 2) {
                throw new UserError("--burst-loss takes two probabilities, P_GOOD_BAD,P_BAD_GOOD; got '" + burstLoss + "'");
            }
            link.burstLoss(BurstLoss.gilbert(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())));
        }
        final LinkConfig linkConfig = link.build();
        final SimulationConfig.Builder config = SimulationConfig.builder().durationMs(durationMs);
        for (int s = 1; s <= sessions; s++) {
            final SessionConfig.Builder session = SessionConfig.builder(s).link(linkConfig).reverseDelayMs(delayMs);
            if (sharedLink) {
                session.linkId(1);
            }
            final long joinMs = joinAt == null ? 0 : joinAt.get(s - 1).toMillis();
            if (joinMs < 0) {
                throw new UserError("--join-at times must not be negative");
            }
            for (int k = 1; k <= streams; k++) {
                session.addStream(StreamConfig.video(s * 0x1000 + k).activeBetweenMs(joinMs, Long.MAX_VALUE));
            }
            // One competing flow per bottleneck: on a shared link, only the first session brings it.
            if (crossTraffic && (!sharedLink || s == 1)) {
                session.crossTraffic(CrossTrafficConfig.tcp());
            }
            config.addSession(session.build());
        }
        return config.build();
    }

    private CapacitySchedule schedule(final long durationMs) throws IOException {
        if (capacity != null) {
            return CapacitySchedule.parse(capacity);
        }
        if (!Files.isRegularFile(capacityTrace)) {
            throw new UserError("no such trace file: " + capacityTrace);
        }
        if (traceBucketMs <= 0 || !(traceScale > 0) || traceStartS < 0) {
            throw new UserError("--trace-bucket-ms and --trace-scale must be positive, --trace-start not negative");
        }
        return MahimahiTrace.read(capacityTrace).toSchedule(traceBucketMs, traceScale,
            Math.round(traceStartS * 1000), durationMs);
    }

    /**
     * One row per session and profile (rows of the same session side by side), readable for any schedule:
     * reactions as median/max of the reached ones and a count of the steps never reached.
     */
    static void printMetrics(final PrintWriter out, final Map<String, SimulationResult> results) {
        out.printf("%-7s %-8s %11s %12s %12s %6s %16s %6s %20s %20s %4s%n", "session", "profile", "utilisation",
            "queue p50 ms", "queue p95 ms", "loss", "first estimate s", "REMBs", "below new cap s", "to 80% of raise s",
            "link");
        out.printf("%-7s %-8s %11s %12s %12s %6s %16s %6s %20s %20s %4s%n", "", "", "", "", "", "", "", "",
            "median/max", "median/max", "");
        final List<SimulationResult> runs = new ArrayList<>(results.values());
        final List<String> names = new ArrayList<>(results.keySet());
        for (int s = 0; s < runs.get(0).sessions().size(); s++) {
            for (int p = 0; p < runs.size(); p++) {
                final SessionResult session = runs.get(p).sessions().get(s);
                final SessionMetrics m = session.metrics();
                final boolean trace = session.config().link().capacity().isTrace();
                out.printf(Locale.ROOT, "%-7d %-8s %10.1f%% %12.1f %12.1f %5.1f%% %16s %6d %20s %20s %4d%n",
                    session.sessionId(), names.get(p), m.utilisation() * 100, m.queueDelayP50Ms(),
                    m.queueDelayP95Ms(), m.mediaLossRate() * 100,
                    m.firstEstimateNs() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", m.firstEstimateNs() / 1e9),
                    m.rembCount(), trace ? "(trace)" : ReactionStats.of(m.decreases()).text(),
                    trace ? "(trace)" : ReactionStats.of(m.increases()).text(), session.config().linkId());
            }
        }
        for (final LinkResult link : runs.get(0).links()) {
            final boolean crossed = runs.get(0).sessions().stream()
                .anyMatch(x -> x.config().linkId() == link.linkId() && x.config().crossTraffic() != null);
            if (link.sessionIds().size() < 2 && !crossed) {
                continue;  // one flow alone on its link: nothing to share
            }
            for (int p = 0; p < runs.size(); p++) {
                final LinkResult l = runs.get(p).links().stream().filter(x -> x.linkId() == link.linkId())
                    .findFirst().orElseThrow();
                out.printf(Locale.ROOT, "link %d (%s): sessions %s, Jain fairness %s, media share %s%n", l.linkId(),
                    names.get(p), l.sessionIds(), l.jainFairness() == null ? "-"
                        : String.format(Locale.ROOT, "%.3f", l.jainFairness()),
                    l.mediaShare() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", l.mediaShare() * 100));
            }
        }
    }
}
