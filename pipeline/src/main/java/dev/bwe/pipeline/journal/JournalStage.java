package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stage.RembRecorder;
import dev.bwe.pipeline.stage.Stage;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The journal stage: runs after parse, in parallel with estimate, and appends one record per event
 * (PACKET with the parse stage's outputs, TICK, OPEN_SESSION, CLOSE_SESSION) to the
 * {@link JournalConfig#eventsDirectory() events queue}. It reads only the input and the parse
 * section of the slot, which the parse stage finished before this stage saw it; never the estimate
 * section, written concurrently. The queue is opened on this stage's thread ({@link #onStart()}, or
 * the first event when run outside a pipeline) and closed on it at shutdown.
 */
public final class JournalStage implements Stage {
    private final JournalWriter writer;
    private final JournalRembRecorder rembRecorder;

    /**
     * @param config where to journal
     * @param header the pipeline's settings, written at the start of each cycle file
     * @param counters where records, bytes and failures are counted
     */
    public JournalStage(final JournalConfig config, final JournalHeader header, final PipelineCounters counters) {
        // One gate for both queues: a disk that fails one usually fails the other, and is logged once.
        final AtomicBoolean failureLogged = new AtomicBoolean();
        this.writer = new JournalWriter(config.eventsDirectory(), config, header, counters, failureLogged);
        this.rembRecorder = new JournalRembRecorder(
            new JournalWriter(config.rembsDirectory(), config, header, counters, failureLogged));
    }

    /** The recorder of this journal's REMB queue, for the timer stage (it runs on the timer's thread). */
    public RembRecorder rembRecorder() {
        return rembRecorder;
    }

    @Override
    public void onStart() {
        writer.open();
    }

    @Override
    public void onEvent(final PipelineEvent event) {
        writer.open();
        writer.appendEvent(event);
        if (event.type == EventType.TICK) {
            writer.checkStorage(event.timeNs);
        }
    }

    /** True until the journal failed (or was closed). */
    public boolean isEnabled() {
        return writer.isEnabled();
    }

    @Override
    public void onShutdown() {
        writer.close();
    }
}
