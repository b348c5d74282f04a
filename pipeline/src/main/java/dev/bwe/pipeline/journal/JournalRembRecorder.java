package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.stage.RembRecorder;

/**
 * Journals every REMB the timer stage sends into the {@link JournalConfig#rembsDirectory() REMB
 * queue}, on the timer stage's thread. A second queue rather than a record in the events queue: the
 * events queue's one writer is the journal thread, which runs before the timer and cannot know the
 * REMBs; Chronicle appenders are confined to their thread, and two writers on one queue would contend
 * on its lock. Replay's verify mode reads this queue back as the expected output.
 */
final class JournalRembRecorder implements RembRecorder {
    private final JournalWriter writer;

    /** Made by {@link JournalStage}, which shares its failure log with it. */
    JournalRembRecorder(final JournalWriter writer) {
        this.writer = writer;
    }

    @Override
    public void onStart() {
        writer.open();
    }

    @Override
    public void record(final RembView remb) {
        writer.open();
        writer.appendRemb(remb);
        writer.checkStorage(remb.timeNs());
    }

    @Override
    public void recordEstimatorSwitch(final long timeNs, final long sessionId, final int ssrc, final int toKind) {
        writer.open();
        writer.appendEstimatorSwitch(timeNs, sessionId, ssrc, toKind);
    }

    @Override
    public void close() {
        writer.close();
    }
}
