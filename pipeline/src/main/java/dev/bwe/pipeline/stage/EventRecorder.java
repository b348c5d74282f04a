package dev.bwe.pipeline.stage;

import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.event.PipelineEvent;

/**
 * What the timer stage (the last to see each slot) hands to the journal, on the timer's thread, in
 * the ring's order: every event with the parse and estimate stages' outputs, then the REMBs the timer
 * decided for it. The journal copies what it needs at once; it never reads the slot later, so no
 * stage waits for it and no slot is held for it. Implementations must not block and must not throw.
 */
public interface EventRecorder {
    /** Records nothing. */
    EventRecorder NONE = new EventRecorder() {
        @Override
        public void recordEvent(final PipelineEvent event) {
        }

        @Override
        public void recordRemb(final RembView remb) {
        }
    };

    /** An event, before the timer stage acts on it (its estimate update, if any, included). */
    void recordEvent(PipelineEvent event);

    /** A REMB the timer stage is about to send; the view is valid only during the call. */
    void recordRemb(RembView remb);

    /**
     * A session switched estimator at the packet of {@code ssrc} at {@code timeNs} (libwebrtc's switch
     * rule); {@code toKind} is the {@code EstimatorKind} code of the new one. Recorded beside the REMBs,
     * so that a dump shows when and why the estimates started over.
     */
    default void recordEstimatorSwitch(final long timeNs, final long sessionId, final int ssrc, final int toKind) {
    }

    /**
     * The pipeline stops (on the timer's thread, after its last event): hand over what is still held.
     * May wait a bounded time: nothing live is left to delay.
     */
    default void close() {
    }
}
