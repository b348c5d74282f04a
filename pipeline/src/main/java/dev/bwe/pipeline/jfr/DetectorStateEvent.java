package dev.bwe.pipeline.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A session's over-use detector changed state (NORMAL, UNDERUSING, OVERUSING). */
@Name("dev.bwe.DetectorState")
@Label("Detector state change")
@Category("bwe")
@Description("The over-use detector of a session changed state.")
@StackTrace(false)
final class DetectorStateEvent extends Event {
    @Label("Session")
    long sessionId;

    @Label("From")
    String from;

    @Label("To")
    String to;

    @Label("Pipeline time")
    @Timespan(Timespan.MICROSECONDS)
    long pipelineTimeUs;
}
