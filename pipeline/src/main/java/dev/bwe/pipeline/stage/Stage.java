package dev.bwe.pipeline.stage;

import dev.bwe.pipeline.event.PipelineEvent;

/**
 * One step of the pipeline. A stage sees every event in sequence order on one thread and owns its
 * state (single writer). Stages know nothing of the ring, so the same code runs behind the
 * Disruptor, on the compact thread, and in single-threaded replay.
 */
public interface Stage {
    /** Handles one event; must not throw on bad input (count it instead) and must not block. */
    void onEvent(PipelineEvent event);

    /**
     * Called once on the stage's thread before its first event: where a stage creates what must be
     * confined to that thread (the journal's Chronicle appender).
     */
    default void onStart() {
    }

    /** Called once on the stage's thread when the pipeline stops; release what the stage holds. */
    default void onShutdown() {
    }
}
