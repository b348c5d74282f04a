package dev.bwe.pipeline.stage;

import dev.bwe.pipeline.RembView;

/**
 * Records every REMB the timer stage sends, on the timer stage's thread, before the sink sees it: the
 * journal's REMB queue. Separate from the relay's {@link dev.bwe.pipeline.RembSink} because its
 * lifecycle is the stage's: it is started and closed on the timer thread, which is what a
 * thread-confined Chronicle appender needs. Implementations must not throw and must not block.
 */
public interface RembRecorder {
    /** Records nothing. */
    RembRecorder NONE = remb -> { };

    /** Called once on the timer thread before any REMB. */
    default void onStart() {
    }

    /** One REMB about to go out; the view is valid only during the call. */
    void record(RembView remb);

    /**
     * A session switched estimator at the packet of {@code ssrc} at {@code timeNs} (libwebrtc's switch
     * rule); {@code toKind} is the {@code EstimatorKind} code of the new one. Recorded beside the REMBs,
     * on the timer thread, so that a dump shows when and why the estimates started over.
     */
    default void recordEstimatorSwitch(long timeNs, long sessionId, int ssrc, int toKind) {
    }

    /** Called once on the timer thread when the pipeline stops. */
    default void close() {
    }
}
