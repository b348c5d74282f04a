package dev.bwe.tools.cli;

import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.pipeline.journal.JournalReplay;
import dev.bwe.pipeline.replay.ReplayResult;
import dev.bwe.tools.sim.CapacityResponse;
import dev.bwe.tools.sim.CapacitySchedule;
import dev.bwe.tools.sim.Sample;
import dev.bwe.tools.sim.Scenarios;
import dev.bwe.tools.sim.SessionResult;
import dev.bwe.tools.sim.SimulationConfig;
import dev.bwe.tools.sim.SimulationResult;
import dev.bwe.tools.sim.TimeSeriesPlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe demo}: the whole product on one screen. Three simulated relay sessions (different link
 * capacities, one capacity drop, one stream that goes silent) run through the real pipeline with
 * journaling on; the journal is then replayed and verified, and a summary table and a plot show what
 * bwe decided.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Simulate three relay sessions through the real pipeline with journaling, replay and verify the "
        + "journal, print a summary and write a plot.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "bwe-demo",
        description = "Where the journal and the plot go (default: ./${DEFAULT-VALUE}); emptied first.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final Path journal = dir.resolve("journal");
        final Path plot = dir.resolve("demo.png");
        clean(journal);
        Files.createDirectories(dir);
        final SimulationConfig base = Scenarios.byName("demo").config();
        out.println("bwe demo: " + Scenarios.byName("demo").description());
        out.println("running through the real pipeline (parse, estimate, timer stages) with journaling into "
            + journal + " ...");
        final long startNs = System.nanoTime();
        final SimulationResult result = SimulateCommand.runThroughPipeline(base, () -> {
            return SimulateCommand.pipelineBuilder(EstimatorProfile.PARITY, journal, false);
        }, spec.commandLine().getErr());
        final double simulateS = (System.nanoTime() - startNs) / 1e9;
        out.printf("simulated %.0f s in %.1f s; replaying the journal and verifying every REMB ...%n%n",
            base.durationNs() / 1e9, simulateS);

        out.printf("%-8s %-26s %14s %14s %16s %8s %10s%n", "session", "capacity", "mean received",
            "mean estimate", "reaction to drop", "REMBs", "replay");
        boolean allVerified = true;
        for (final SessionResult session : result.sessions()) {
            final ReplayResult replay = JournalReplay.of(journal).session(session.sessionId()).verify(true).run();
            final boolean verified = replay.verifiedEqual() && replay.corruptions().isEmpty();
            allVerified &= verified;
            out.printf("%-8d %-26s %10.0f kbps %10.0f kbps %16s %8d %10s%n", session.sessionId(),
                describe(session.config().link().capacity()), meanKbps(session, true), meanKbps(session, false),
                reaction(session), session.rembs().size(), verified ? "verified" : "MISMATCH");
        }
        TimeSeriesPlot.writePng(result, plot);
        out.printf("%nplot: %s%njournal: %s (inspect with: bwe dump --journal %s; bwe replay --journal %s "
            + "--verify --plot replay.png)%n", plot, journal, journal, journal);
        out.printf("done in %.1f s%n", (System.nanoTime() - startNs) / 1e9);
        return allVerified ? 0 : 1;
    }

    private static void clean(final Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        try (Stream<Path> files = Files.walk(journal)) {
            for (final Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** The capacity schedule as text, e.g. "2.5 Mbps -> 800 kbps@20s". */
    static String describe(final CapacitySchedule capacity) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < capacity.segmentCount(); i++) {
            if (i > 0) {
                text.append(" -> ");
            }
            final long bps = capacity.segmentCapacityBps(i);
            text.append(bps >= 1_000_000 ? String.format("%.1f Mbps", bps / 1e6) : String.format("%d kbps", bps / 1000));
            if (i > 0) {
                text.append(String.format("@%.0fs", capacity.segmentStartNs(i) / 1e9));
            }
        }
        return text.toString();
    }

    /** Mean received rate (wire) or mean estimate over the run, from the 100 ms samples after the first REMB. */
    private static double meanKbps(final SessionResult session, final boolean received) {
        double sum = 0;
        int n = 0;
        for (final Sample s : session.samples()) {
            if (s.estimateBps() > 0) {
                sum += received ? s.receivedRateBps() : s.estimateBps();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n / 1000;
    }

    private static String reaction(final SessionResult session) {
        for (final CapacityResponse r : session.metrics().decreases()) {
            return r.reached() ? String.format("%.2f s", r.responseTimeNs() / 1e9) : "never";
        }
        return "-";
    }
}
