package dev.bwe.tools.cli;

import dev.bwe.estimator.BandwidthUsage;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.journal.JournalFormatException;
import dev.bwe.pipeline.journal.JournalReplay;
import dev.bwe.pipeline.replay.RembCsvWriter;
import dev.bwe.pipeline.replay.ReplayListener;
import dev.bwe.pipeline.replay.ReplayResult;
import dev.bwe.pipeline.replay.TraceFormatException;
import dev.bwe.pipeline.replay.TraceReplay;
import dev.bwe.pipeline.replay.UpdatesCsvWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe replay}: runs the estimate and timer stages again over a journal (optionally verifying the
 * REMBs against the journaled ones) or over a CSV packet trace, and writes the updates, the REMBs and a
 * plot. Prints its rate at the end ({@code N packets/s}). Exit codes: 0 clean, 1 verify found a
 * difference, 2 bad arguments or an unreadable journal, 3 replayed with damage or gaps (and no difference).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replay a journal or a CSV packet trace through bwe's estimate and timer stages.",
        "Trace columns: arrival_us, ssrc, abs_send_time (empty: none), payload_size; optional session, seq, "
            + "abs_capture_time."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--journal", paramLabel = "DIR", required = true, description = "A journal directory.")
        Path journal;

        @Option(names = "--trace", paramLabel = "FILE", required = true, description = "A CSV packet trace.")
        Path trace;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--verify", description = "Journal only: compare the replayed REMBs with the journaled ones.")
    boolean verify;

    @Option(names = "--pipeline", description = "Trace only: push the packets (rebuilt as RTP) through the real "
        + "multi-threaded pipeline instead of the single-threaded replay; the outputs are the same.")
    boolean pipeline;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Replay every session under this estimator "
        + "profile (parity or adaptive). With --journal: a what-if replay, compared per session with the journaled "
        + "REMBs (first difference, REMBs that differ, mean difference); the outputs are the what-if's.")
    String profile;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    Long session;

    @Option(names = "--tick-interval", paramLabel = "DURATION", defaultValue = "5ms",
        converter = DurationConverter.class, description = "Trace only: tick grid (default: ${DEFAULT-VALUE}).")
    Duration tickInterval;

    @Option(names = "--updates-out", paramLabel = "FILE", description = "Write time_us,session,bitrate_bps,ssrcs.")
    Path updatesOut;

    @Option(names = "--remb-out", paramLabel = "FILE", description = "Write time_us,session,bitrate_bps,ssrcs,remb_hex.")
    Path rembOut;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot incoming rate, estimate, REMBs, detector state.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (source.trace != null && verify) {
            throw new UserError("--verify needs a --journal (a trace has no REMBs to compare with)");
        }
        if (source.journal != null && pipeline) {
            throw new UserError("--pipeline replays a --trace through the ring; a journal replays single-threaded");
        }
        final EstimatorProfile whatIf = profile == null ? null : ProfileList.parse(profile).stream()
            .reduce((a, b) -> {
                throw new UserError("replay takes one --profile, not a list");
            }).orElseThrow();
        if (whatIf != null && verify) {
            throw new UserError("--verify compares with the journaled profile's REMBs; --profile replays another one "
                + "and reports where they differ: give one or the other");
        }
        if (source.trace != null && !Files.isRegularFile(source.trace)) {
            throw new UserError("no such trace file: " + source.trace);
        }
        final ReplayPlot plotter = plot == null ? null : new ReplayPlot();
        try (Writer updates = updatesOut == null ? null : Files.newBufferedWriter(updatesOut);
             Writer rembs = rembOut == null ? null : Files.newBufferedWriter(rembOut)) {
            ReplayListener listener = counting();
            if (updates != null) {
                listener = ReplayListener.both(listener, new UpdatesCsvWriter(updates));
            }
            if (rembs != null) {
                listener = ReplayListener.both(listener, new RembCsvWriter(rembs));
            }
            if (plotter != null) {
                listener = ReplayListener.both(listener, plotter);
            }
            final long startNs = System.nanoTime();
            if (source.journal != null && whatIf != null) {
                replayJournalWhatIf(listener, out, whatIf);
            } else if (source.journal != null) {
                replayJournal(listener, out);
            } else if (pipeline) {
                replayTraceThroughPipeline(listener, err, estimatorConfig(whatIf));
            } else {
                replayTrace(listener, whatIf);
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            out.printf("%d estimate updates, %d REMBs in %.1f s%n", updateCount, rembCount, seconds);
            out.printf("%d packets/s%n", Math.round(packetCount / Math.max(seconds, 1e-9)));
        } catch (final TraceFormatException e) {
            throw new UserError(e.getMessage(), e);
        } catch (final JournalFormatException e) {
            throw new UserError(e.getMessage(), e);
        } catch (final NoSuchFileException e) {
            throw new UserError("cannot write " + e.getFile() + ": no such directory", e);
        }
        if (updatesOut != null) {
            out.println("updates: " + updatesOut);
        }
        if (rembOut != null) {
            out.println("REMBs: " + rembOut);
        }
        if (plotter != null) {
            plotter.write(plot);
            out.println("plot: " + plot);
        }
        if (verify && !verified) {
            return ExitCodes.DIFFERENCE;
        }
        return incomplete ? ExitCodes.DAMAGED : ExitCodes.CLEAN;
    }

    /** The journal had damage or gaps: replayed around them. */
    private boolean incomplete;

    private long updateCount;
    private long rembCount;
    private boolean verified;

    private long packetCount;

    /** Counts what the replay reports, and shows progress on large journals and traces (every million packets). */
    private ReplayListener counting() {
        final PrintWriter err = spec.commandLine().getErr();
        return new ReplayListener() {
            @Override
            public void onPacket(final long timeNs, final long sessionId, final int ssrc, final int payloadSizeBytes,
                                 final boolean estimated, final BandwidthUsage detectorState) {
                if (++packetCount % 1_000_000 == 0) {
                    err.printf("  %,d packets%n", packetCount);
                    err.flush();
                }
            }

            @Override
            public void onEstimate(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
                updateCount++;
            }

            @Override
            public void onRemb(final RembView remb) {
                rembCount++;
            }
        };
    }

    private void replayJournal(final ReplayListener listener, final PrintWriter out) {
        JournalReplay replay = JournalReplay.of(source.journal).listener(listener).verify(verify);
        if (session != null) {
            replay = replay.session(session);
        }
        final ReplayResult result = replay.run();
        out.printf("replayed %d events (%d packets, %d ticks, %d sessions) from %s%n", result.events(),
            result.packets(), result.ticks(), result.sessionsOpened(), source.journal);
        for (final ReplayResult.Corruption c : result.corruptions()) {
            out.println("damage: " + c + " (skipped; sessions open there are not verified after it)");
        }
        for (final ReplayResult.Gap g : result.gaps()) {
            out.println("gap: " + g + " (the live journal fell behind; these sessions are not verified after it)");
        }
        incomplete = result.incomplete();
        if (verify) {
            verified = result.verifiedEqual();
            if (verified && incomplete) {
                out.printf("verified: all %d REMBs compared equal the journaled ones; %d sessions not verified "
                    + "after damage or a gap (%d journaled REMBs not compared)%n", result.rembsCompared(),
                    result.sessionsUnverified(), result.rembsSkipped());
            } else if (verified) {
                out.printf("verified: all %d REMBs equal the journaled ones%n", result.rembsCompared());
            } else {
                out.println("verify FAILED: " + result.firstDifference().map(Object::toString).orElse("?"));
            }
        }
    }

    private static EstimatorConfig estimatorConfig(final EstimatorProfile p) {
        return p == null ? EstimatorConfig.DEFAULT : EstimatorConfig.builder().profile(p).build();
    }

    /**
     * Replays the journal twice, as journaled (quietly) and under {@code whatIf} (to the outputs), and prints
     * where their REMBs differ.
     */
    private void replayJournalWhatIf(final ReplayListener listener, final PrintWriter out,
                                     final EstimatorProfile whatIf) {
        final RembComparison.Collector journaled = new RembComparison.Collector();
        final RembComparison.Collector other = new RembComparison.Collector();
        JournalReplay asJournaled = JournalReplay.of(source.journal).listener(journaled);
        JournalReplay replay = JournalReplay.of(source.journal).listener(ReplayListener.both(listener, other))
            .profile(whatIf);
        if (session != null) {
            asJournaled = asJournaled.session(session);
            replay = replay.session(session);
        }
        asJournaled.run();
        final ReplayResult result = replay.run();
        out.printf("replayed %d events (%d packets, %d ticks, %d sessions) from %s under profile %s%n",
            result.events(), result.packets(), result.ticks(), result.sessionsOpened(), source.journal,
            whatIf.cliName());
        for (final ReplayResult.Corruption c : result.corruptions()) {
            out.println("damage: " + c + " (replayed up to it)");
        }
        out.println("what-if: REMBs under " + whatIf.cliName() + " against the journaled ones, per session:");
        RembComparison.print(out, RembComparison.compare(journaled, other));
    }

    private void replayTrace(final ReplayListener listener, final EstimatorProfile whatIf) {
        TraceReplay replay = TraceReplay.of(source.trace).tickInterval(tickInterval).listener(listener);
        if (whatIf != null) {
            // TraceReplay's own default caps streams at 64, as the pipeline does by default: keep that.
            replay = replay.estimatorConfig(EstimatorConfig.builder().maxStreams(64).profile(whatIf).build());
        }
        if (session != null) {
            replay = replay.session(session);
        }
        replay.run();
    }

    private void replayTraceThroughPipeline(final ReplayListener listener, final PrintWriter err,
                                            final EstimatorConfig config) throws IOException {
        if (session != null) {
            throw new UserError("--session is not supported with --pipeline; filter the trace instead");
        }
        // The pipeline calls back on its timer thread; the listeners are not thread-safe, so serialise.
        final Object lock = new Object();
        TracePipelineReplay.run(source.trace, tickInterval,
            remb -> {
                synchronized (lock) {
                    listener.onRemb(remb);
                }
            },
            (timeNs, sessionId, bitrateBps, ssrcs) -> {
                synchronized (lock) {
                    listener.onEstimate(timeNs, sessionId, bitrateBps, ssrcs);
                }
            }, null, rows -> err.printf("  %,d packets%n", rows), config);
    }
}
