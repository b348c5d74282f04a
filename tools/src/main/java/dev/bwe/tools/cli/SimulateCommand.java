package dev.bwe.tools.cli;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.tools.sim.BurstLoss;
import dev.bwe.tools.sim.CapacityResponse;
import dev.bwe.tools.sim.CapacitySchedule;
import dev.bwe.tools.sim.CrossTrafficConfig;
import dev.bwe.tools.sim.LinkConfig;
import dev.bwe.tools.sim.PipelineReceiver;
import dev.bwe.tools.sim.ProgressReceiver;
import dev.bwe.tools.sim.QueueLimit;
import dev.bwe.tools.sim.Scenario;
import dev.bwe.tools.sim.Scenarios;
import dev.bwe.tools.sim.SessionConfig;
import dev.bwe.tools.sim.SessionMetrics;
import dev.bwe.tools.sim.SessionResult;
import dev.bwe.tools.sim.SimulationConfig;
import dev.bwe.tools.sim.SimulationResult;
import dev.bwe.tools.sim.Simulation;
import dev.bwe.tools.sim.StreamConfig;
import dev.bwe.tools.sim.TimeSeriesCsv;
import dev.bwe.tools.sim.TimeSeriesPlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--cross-traffic", description = "Add a competing TCP-like flow (AIMD on loss) per session.")
    boolean crossTraffic;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1", description = "Sessions, each with its own link (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "1", description = "Video streams per session (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "Random seed; also picks a seeded scenario's link (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--profile", paramLabel = "PROFILE[,PROFILE]", defaultValue = "parity",
        description = "Estimator profile of every session: parity or adaptive; parity,adaptive runs the scenario "
            + "once per profile and compares them (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal the pipeline's events into DIR (replay with `bwe replay --journal DIR`).")
    Path journal;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the per-session time series (every 100 ms) as CSV.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a PNG plot of capacity, received rate and estimate.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (final Scenario s : Scenarios.all()) {
                out.printf("%-24s %s%n", s.name(), s.description());
            }
            return 0;
        }
        final List<EstimatorProfile> profiles = ProfileList.parse(profile);
        final boolean several = profiles.size() > 1;
        final SimulationConfig config = baseConfig().toBuilder().seed(seed).build();
        final List<SimulationResult> results = new ArrayList<>();
        for (final EstimatorProfile p : profiles) {
            out.printf("simulating %s (profile %s): %d session(s), %.1f s%n",
                scenario != null ? scenario : "custom link", p.cliName(), config.sessions().size(),
                config.durationNs() / 1e9);
            final long wallStartNs = System.nanoTime();
            final Path journalDir = ProfileList.withProfile(journal, p, several);
            results.add(runThroughPipeline(config, () -> pipelineBuilder(p, journalDir), spec.commandLine().getErr()));
            out.printf("done in %.1f s of wall time%n", (System.nanoTime() - wallStartNs) / 1e9);
        }
        out.println();
        printMetrics(out, profiles, results);
        for (int i = 0; i < profiles.size(); i++) {
            final Path csvFile = ProfileList.withProfile(csv, profiles.get(i), several);
            if (csvFile != null) {
                TimeSeriesCsv.write(results.get(i), csvFile);
                out.println("time series: " + csvFile);
            }
        }
        if (plot != null) {
            TimeSeriesPlot.writePng(results.get(0), plot);
            out.println("plot: " + plot);
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

    /**
     * Runs {@code config} with the real pipeline as the receiver (a fresh one from {@code pipelines}, closed
     * afterwards: its journal, if any, is complete when this returns), reporting progress to {@code progress}.
     */
    static SimulationResult runThroughPipeline(final SimulationConfig config,
                                               final java.util.function.Supplier<BwePipeline.Builder> pipelines,
                                               final PrintWriter progress) {
        final PipelineReceiver.Factory receivers = PipelineReceiver.factory(pipelines);
        try {
            return Simulation.run(config.toBuilder()
                .receiver(ProgressReceiver.wrap(receivers, progress, config.durationNs())).build());
        } finally {
            if (receivers.lastCreated() != null) {
                receivers.lastCreated().close();
            }
        }
    }

    static BwePipeline.Builder pipelineBuilder(final EstimatorProfile profile, final Path journalDir) {
        final BwePipeline.Builder builder = BwePipeline.builder()
            .estimatorConfig(EstimatorConfig.builder().profile(profile).build());
        if (journalDir != null) {
            JournalOptions.apply(builder, journalDir);
        }
        return builder;
    }

    private SimulationConfig baseConfig() {
        if (scenario != null && capacity != null) {
            throw new UserError("give either --scenario or --capacity, not both");
        }
        if (durationS != null && durationS <= 0) {
            throw new UserError("--duration must be positive");
        }
        if (scenario != null) {
            final SimulationConfig named = Scenarios.byName(scenario).config(seed);
            return durationS == null ? named : named.toBuilder().durationMs(Math.round(durationS * 1000)).build();
        }
        if (capacity == null) {
            throw new UserError("give --scenario NAME (see --list) or --capacity SCHEDULE");
        }
        if (sessions < 1 || streams < 1) {
            throw new UserError("--sessions and --streams must be positive");
        }
        final CapacitySchedule schedule = CapacitySchedule.parse(capacity);
        final LinkConfig.Builder link = LinkConfig.builder(schedule).propagationDelayMs(delayMs).jitterMaxMs(jitterMs)
            .lossProbability(loss).queueLimit(QueueLimit.millis(queueMs));
        if (burstLoss != null) {
            final String[] p = burstLoss.split(",");
            if (p.length != 2) {
                throw new UserError("--burst-loss takes two probabilities, P_GOOD_BAD,P_BAD_GOOD; got '" + burstLoss + "'");
            }
            link.burstLoss(BurstLoss.gilbert(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())));
        }
        final SimulationConfig.Builder config = SimulationConfig.builder()
            .durationMs(Math.round((durationS == null ? 60 : durationS) * 1000));
        for (int s = 1; s <= sessions; s++) {
            final SessionConfig.Builder session = SessionConfig.builder(s).link(link.build()).reverseDelayMs(delayMs);
            for (int k = 1; k <= streams; k++) {
                session.addStream(StreamConfig.video(s * 0x1000 + k));
            }
            if (crossTraffic) {
                session.crossTraffic(CrossTrafficConfig.tcp());
            }
            config.addSession(session.build());
        }
        return config.build();
    }

    static void printMetrics(final PrintWriter out, final List<EstimatorProfile> profiles,
                             final List<SimulationResult> results) {
        out.printf("%-8s %-9s %12s %14s %14s %16s %16s %8s%n", "session", "profile", "utilisation", "queue p50 ms",
            "queue p95 ms", "below new cap s", "to 80% of raise s", "REMBs");
        final List<SessionResult> first = results.get(0).sessions();
        for (int s = 0; s < first.size(); s++) {
            for (int p = 0; p < profiles.size(); p++) {
                final SessionResult session = results.get(p).sessions().get(s);
                final SessionMetrics m = session.metrics();
                out.printf("%-8d %-9s %11.1f%% %14.1f %14.1f %16s %16s %8d%n", session.sessionId(),
                    profiles.get(p).cliName(), m.utilisation() * 100, m.queueDelayP50Ms(), m.queueDelayP95Ms(),
                    responses(m.decreases()), responses(m.increases()), m.rembCount());
            }
        }
    }

    private static String responses(final java.util.List<CapacityResponse> responses) {
        if (responses.isEmpty()) {
            return "-";
        }
        final StringBuilder text = new StringBuilder();
        for (final CapacityResponse r : responses) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(r.reached() ? String.format("%.2f", r.responseTimeNs() / 1e9) : "never");
        }
        return text.toString();
    }
}
