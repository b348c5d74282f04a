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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.agrona.collections.LongHashSet;

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
 * <p>It reads batch by batch ({@link JournalReader}). A HEADER with reason START begins a new pipeline
 * run (a directory reused across restarts): the stages start empty again, with that run's settings. In
 * verify mode each replayed REMB is compared, as it comes, with the journaled REMB that follows the
 * same event; the first difference (index, expected, actual) is reported.
 *
 * <p><b>Gaps and damage.</b> A GAP record (the live journal fell behind) stops the verification of the
 * sessions it names: their events are still replayed, their REMBs no longer compared. A damaged
 * batch is reported and skipped; the sessions open at that point are treated as after a gap. Sessions
 * opened after either are verified again. A missing directory, an empty journal or a first HEADER of
 * another layout version is refused with a {@link JournalFormatException}.
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

    /** Compare the replayed REMBs with the journaled ones (within the same filter). */
    public JournalReplay verify(final boolean on) {
        this.verify = on;
        return this;
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
        try (JournalReader reader = JournalReader.open(directory.resolve(JournalConfig.EVENTS_QUEUE))) {
            return new Run(reader).run();
        }
    }

    /** One replay's state: the engine of the current pipeline run and the verification. */
    private final class Run implements ReplayEngine.RembCheck {
        private final JournalReader reader;
        private final ReplayTotals totals = new ReplayTotals();
        private final PipelineEvent event = new PipelineEvent(1);
        private final JournalRecords.MutableRemb remb = new JournalRecords.MutableRemb();
        private final List<ReplayResult.Gap> gaps = new ArrayList<>();
        /** Sessions whose verification stopped (a gap or damage) and that were not opened again. */
        private final LongHashSet unverified = new LongHashSet();
        private final LongHashSet everUnverified = new LongHashSet();
        /** Replayed REMBs waiting for the journaled ones that follow their event. */
        private final ArrayDeque<RembRecord> pending = new ArrayDeque<>();
        private ReplayEngine engine;
        /** After damage or a trimmed start, a REMB of a session replay does not know is not a difference. */
        private boolean lenient;
        private long compared;
        private long skipped;
        private ReplayResult.Difference difference;

        Run(final JournalReader reader) {
            this.reader = reader;
            this.lenient = reader.headerReason() != JournalRecords.REASON_START;
            this.engine = newEngine(reader.header());
        }

        ReplayResult run() {
            try {
                replayBatches();
            } catch (final InternalError e) {
                // A fault from a memory-mapped read of a truncated file, delivered after the read.
                reader.failed(e);
            }
            return finish();
        }

        private void replayBatches() {
            while (reader.nextBatch() == JournalReader.BATCH) {
                if (reader.damagedBeforeBatch()) {
                    onDamage();
                }
                int type;
                while ((type = reader.nextRecord()) >= 0) {
                    try {
                        onRecord(type);
                    } catch (final IllegalArgumentException e) {
                        reader.badRecord("a " + JournalRecordType.nameOf(type) + " record no writer produces: "
                            + e.getMessage());
                        onDamage();
                        break;
                    }
                }
                if (type == JournalReader.BAD_RECORD) {
                    onDamage();
                }
            }
        }

        private ReplayResult finish() {
            engine.addTo(totals);
            engine.close();
            // Replayed REMBs of the last event whose journaled REMBs did not make it to disk (a crash, or
            // damage at the end) are a cut, not a difference.
            if (verify && difference == null && !pending.isEmpty() && reader.damages().isEmpty()) {
                difference = new ReplayResult.Difference(compared, Optional.empty(), Optional.of(pending.peek()));
            }
            return totals.result(reader.damages(), verify, compared, Optional.ofNullable(difference), gaps,
                everUnverified.size(), skipped);
        }

        private void onRecord(final int type) {
            final JournalRecordType known = JournalRecordType.of(type);
            switch (known) {
                case HEADER:
                    reader.readHeaderRecord();
                    if (reader.headerReason() == JournalRecords.REASON_START) {
                        checkNothingPending();
                        engine.addTo(totals);
                        engine.close();
                        engine = newEngine(reader.header());
                        unverified.clear();
                        pending.clear();
                        lenient = false;
                    }
                    break;
                    case PACKET:
                case TICK:
                case OPEN_SESSION:
                case CLOSE_SESSION:
                case RTT_UPDATE:
                case BITRATE_BOUNDS:
                case REMOVE_STREAM:
                case SET_REMB_SENDER_SSRC:
                    JournalRecords.readEvent(reader.buffer(), reader.recordOffset(), known, event);
                    overrideProfile(event);
                    checkNothingPending();
                    if (event.type == EventType.OPEN_SESSION) {
                        unverified.remove(event.sessionId);
                    }
                    engine.process(event);
                    break;
                case REMB:
                    JournalRecords.readRemb(reader.buffer(), reader.recordOffset(), reader.recordLength(), remb);
                    if (verify) {
                        expected();
                    }
                    break;
                case GAP:
                    onGap(JournalRecords.readGap(reader.buffer(), reader.recordOffset(), reader.recordLength()));
                    break;
                default:
                    // ESTIMATE_UPDATE: replay computes its own (the listener hears them); others: nothing to do.
                    break;
            }
        }

        private void onGap(final ReplayResult.Gap gap) {
            gaps.add(gap);
            if (gap.allSessions()) {
                stopVerifyingOpenSessions();
            } else {
                for (final long session : gap.sessions()) {
                    stopVerifying(session);
                }
            }
        }

        private void onDamage() {
            lenient = true;
            stopVerifyingOpenSessions();
        }

        private void stopVerifyingOpenSessions() {
            final LongHashSet.LongIterator it = engine.openSessions().iterator();
            while (it.hasNext()) {
                stopVerifying(it.nextValue());
            }
        }

        private void stopVerifying(final long session) {
            unverified.add(session);
            everUnverified.add(session);
            final Iterator<RembRecord> it = pending.iterator();
            while (it.hasNext()) {
                if (it.next().sessionId() == session) {
                    it.remove();
                }
            }
        }

        /** A replayed REMB (within the filter). */
        @Override
        public void check(final RembView actual) {
            if (difference == null && !unverified.contains(actual.sessionId())) {
                pending.add(RembRecord.of(actual.timeNs(), actual.sessionId(), actual.bitrateBps(), actual.ssrcs()));
            }
        }

        /** A journaled REMB: compared with the replayed one of the same event. */
        private void expected() {
            if (difference != null || !filter.reports(remb.timeNs, remb.sessionId)) {
                return;
            }
            if (unverified.contains(remb.sessionId) || (lenient && !engine.isOpen(remb.sessionId))) {
                skipped++;
                return;
            }
            final RembRecord actual = pending.poll();
            final long index = compared++;
            if (actual == null) {
                difference = new ReplayResult.Difference(index, Optional.of(copyExpected()), Optional.empty());
            } else if (!sameAsExpected(actual)) {
                difference = new ReplayResult.Difference(index, Optional.of(copyExpected()), Optional.of(actual));
            }
        }

        /** Before the next event: every REMB replayed for the last one must have had its journaled twin. */
        private void checkNothingPending() {
            if (difference == null && !pending.isEmpty()) {
                difference = new ReplayResult.Difference(compared, Optional.empty(), Optional.of(pending.peek()));
            }
            pending.clear();
        }

        private boolean sameAsExpected(final RembRecord actual) {
            if (actual.timeNs() != remb.timeNs || actual.sessionId() != remb.sessionId
                || actual.bitrateBps() != remb.bitrateBps || actual.ssrcs().size() != remb.count) {
                return false;
            }
            for (int i = 0; i < remb.count; i++) {
                if (actual.ssrcs().get(i) != remb.ssrcs[i]) {
                    return false;
                }
            }
            return true;
        }

        private RembRecord copyExpected() {
            return RembRecord.of(remb.timeNs, remb.sessionId, remb.bitrateBps, remb);
        }

        private ReplayEngine newEngine(final JournalHeader header) {
            return new ReplayEngine(header.rembSenderSsrc(), header.rembResendIntervalUs(), filter, listener,
                verify ? this : ReplayEngine.RembCheck.NONE);
        }
    }
}
