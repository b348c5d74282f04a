package dev.bwe.pipeline.journal;

import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.replay.RembRecord;
import dev.bwe.pipeline.replay.ReplayEngine;
import dev.bwe.pipeline.replay.ReplayFilter;
import dev.bwe.pipeline.replay.ReplayListener;
import dev.bwe.pipeline.replay.ReplayResult;
import dev.bwe.pipeline.replay.ReplayTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays a journal directory: the journaled events go through the pipeline's own estimate and timer
 * stages on the calling thread (see {@link ReplayEngine}), and the estimate updates and REMBs come out
 * to a {@link ReplayListener}. Because the journal is the pipeline's ordered event sequence with the
 * parse stage's outputs, the replay is the same computation: its REMBs equal the live ones.
 *
 * <pre>{@code
 * ReplayResult r = JournalReplay.of(dir).session(7).verify(true).listener(myListener).run();
 * if (!r.verifiedEqual()) System.err.println(r.firstDifference().get());
 * }</pre>
 *
 * <p>A HEADER with reason START begins a new pipeline run (a directory reused across restarts): the
 * stages start empty again, with that run's settings. In verify mode the replayed REMBs are compared,
 * one by one as they are produced, with the {@code rembs/} queue; the first difference (index,
 * expected, actual) is reported. A corrupt or truncated queue is replayed up to the damage, which is
 * reported in the result; a missing directory, an empty journal or a first HEADER of an unknown layout
 * version is refused with a {@link JournalFormatException}.
 */
public final class JournalReplay {
    static {
        ChronicleDefaults.apply();
    }

    private final Path directory;
    private ReplayFilter filter = ReplayFilter.ALL;
    private ReplayListener listener = ReplayListener.NONE;
    private boolean verify;
    private EstimatorProfile profile;

    private JournalReplay(final Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** A replay of the journal in {@code directory} (the directory given to {@link JournalConfig}). */
    public static JournalReplay of(final Path directory) {
        return new JournalReplay(directory);
    }

    /** Report only outputs timed in {@code [fromNs, toNs)}, ns in the journal's clock. */
    public JournalReplay timeRange(final long fromNs, final long toNs) {
        filter = filter.timeRange(fromNs, toNs);
        return this;
    }

    /** Replay only this session. */
    public JournalReplay session(final long sessionId) {
        filter = filter.session(sessionId);
        return this;
    }

    public JournalReplay listener(final ReplayListener replayListener) {
        this.listener = Objects.requireNonNull(replayListener, "listener");
        return this;
    }

    /** Compare the replayed REMBs with the journaled ones (within the same filter). */
    public JournalReplay verify(final boolean on) {
        this.verify = on;
        return this;
    }

    /**
     * What-if: every session is replayed under {@code estimatorProfile} instead of the profile it was
     * journaled with (null: as journaled). Its REMBs then answer "what would the other profile have sent";
     * verifying them against the journal makes no sense, so this excludes {@link #verify(boolean)}.
     */
    public JournalReplay profile(final EstimatorProfile estimatorProfile) {
        this.profile = estimatorProfile;
        return this;
    }

    /** Rewrites an OPEN_SESSION's settings to {@link #profile} (the journaled settings are not changed). */
    private void overrideProfile(final PipelineEvent event) {
        if (profile != null && event.type == EventType.OPEN_SESSION && event.settings != null
            && event.settings.estimatorConfig().profile() != profile) {
            event.settings = new SessionSettings(event.settings.extensionIds(),
                event.settings.estimatorConfig().toBuilder().profile(profile).build());
        }
    }

    /**
     * Runs the replay on the calling thread.
     *
     * @throws JournalFormatException when the journal is missing, empty or of an unknown layout
     */
    public ReplayResult run() {
        if (verify && profile != null) {
            throw new IllegalArgumentException("a what-if replay under another profile cannot be verified");
        }
        if (!Files.isDirectory(directory)) {
            throw new JournalFormatException(directory, -1, "journal directory " + directory + " does not exist");
        }
        final List<ReplayResult.Corruption> corruptions = new ArrayList<>();
        final ReplayTotals totals = new ReplayTotals();
        try (JournalReader events = JournalReader.open(directory.resolve(JournalConfig.EVENTS_QUEUE), "events");
             Verifier verifier = verify ? new Verifier(JournalReader.open(
                 directory.resolve(JournalConfig.REMBS_QUEUE), "REMB"), filter) : null) {
            final PipelineEvent event = new PipelineEvent(1);
            final JournalRecords.MutableRemb unused = new JournalRecords.MutableRemb();
            final ReplayEngine.RembCheck check = verifier == null ? ReplayEngine.RembCheck.NONE : verifier;
            ReplayEngine engine = newEngine(events.header(), check);
            int type;
            while ((type = events.next(event, unused)) >= 0) {
                if (type == JournalRecords.HEADER) {
                    if (events.headerReason() == JournalRecords.REASON_START) {
                        engine.addTo(totals);
                        engine.close();
                        engine = newEngine(events.header(), check);
                    }
                } else if (type == JournalRecords.REMB) {
                    corruptions.add(new ReplayResult.Corruption(directory.toString(), -1,
                        "a REMB record in the events queue"));
                    break;
                } else {
                    overrideProfile(event);
                    engine.process(event);
                }
            }
            engine.addTo(totals);
            engine.close();
            if (events.corruption() != null) {
                corruptions.add(events.corruption());
            }
            if (verifier == null) {
                return totals.result(corruptions, false, 0, Optional.empty());
            }
            verifier.finish();
            if (verifier.reader.corruption() != null) {
                corruptions.add(verifier.reader.corruption());
            }
            return totals.result(corruptions, true, verifier.compared, Optional.ofNullable(verifier.difference));
        }
    }

    private ReplayEngine newEngine(final JournalHeader header, final ReplayEngine.RembCheck check) {
        return new ReplayEngine(header.rembSenderSsrc(), header.rembResendIntervalUs(), filter, listener, check);
    }

    /** Compares each replayed REMB with the next journaled one within the filter, as they come. */
    private static final class Verifier implements ReplayEngine.RembCheck, AutoCloseable {
        private final JournalReader reader;
        private final ReplayFilter filter;
        private final PipelineEvent unusedEvent = new PipelineEvent(1);
        private final JournalRecords.MutableRemb expected = new JournalRecords.MutableRemb();
        private long compared;
        private ReplayResult.Difference difference;

        Verifier(final JournalReader reader, final ReplayFilter filter) {
            this.reader = reader;
            this.filter = filter;
        }

        @Override
        public void check(final RembView actual) {
            if (difference != null) {
                return;
            }
            final long index = compared++;
            if (!nextExpected()) {
                difference = new ReplayResult.Difference(index, Optional.empty(), Optional.of(copy(actual)));
            } else if (expected.timeNs != actual.timeNs() || expected.sessionId != actual.sessionId()
                || expected.bitrateBps != actual.bitrateBps() || !sameSsrcs(actual)) {
                difference = new ReplayResult.Difference(index, Optional.of(copyExpected()), Optional.of(copy(actual)));
            }
        }

        /** After the replay: a journaled REMB left over is a difference too. */
        void finish() {
            if (difference == null && nextExpected()) {
                difference = new ReplayResult.Difference(compared, Optional.of(copyExpected()), Optional.empty());
            }
        }

        private boolean nextExpected() {
            int type;
            while ((type = reader.next(unusedEvent, expected)) >= 0) {
                if (type == JournalRecords.REMB && filter.reports(expected.timeNs, expected.sessionId)) {
                    return true;
                }
            }
            return false;
        }

        private boolean sameSsrcs(final RembView actual) {
            if (actual.ssrcs().size() != expected.count) {
                return false;
            }
            for (int i = 0; i < expected.count; i++) {
                if (actual.ssrcs().get(i) != expected.ssrcs[i]) {
                    return false;
                }
            }
            return true;
        }

        private RembRecord copyExpected() {
            return RembRecord.of(expected.timeNs, expected.sessionId, expected.bitrateBps, expected);
        }

        private static RembRecord copy(final RembView remb) {
            return RembRecord.of(remb.timeNs(), remb.sessionId(), remb.bitrateBps(), remb.ssrcs());
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
