package dev.bwe.pipeline.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** Streams of a session went silent for longer than the stream timeout and were let go. */
@Name("dev.bwe.StreamsEvicted")
@Label("Streams evicted")
@Category("bwe")
@Description("Streams silent for longer than the stream timeout were evicted from a session.")
@StackTrace(false)
final class StreamsEvictedEvent extends Event {
    @Label("Session")
    long sessionId;

    @Label("Evicted")
    int evicted;

    @Label("Live streams left")
    int liveStreams;

    @Label("Pipeline time")
    @Timespan(Timespan.MICROSECONDS)
    long pipelineTimeUs;
}
