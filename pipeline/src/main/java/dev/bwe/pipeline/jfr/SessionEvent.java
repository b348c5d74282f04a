package dev.bwe.pipeline.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A session opened or closed on a pipeline. */
@Name("dev.bwe.Session")
@Label("Session opened or closed")
@Category("bwe")
@Description("A session was opened or closed (or its pipeline closed).")
@StackTrace(false)
final class SessionEvent extends Event {
    @Label("Shard")
    int shard;

    @Label("Session")
    long sessionId;

    @Label("Action")
    @Description("open or close")
    String action;
}
