package dev.bwe.pipeline.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Frequency;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A REMB handed to the relay's sink. */
@Name("dev.bwe.RembSent")
@Label("REMB sent")
@Category("bwe")
@Description("A REMB went to the relay's sink: at once on a drop, after 200 ms on a rise, or as a re-send.")
@StackTrace(false)
final class RembSentEvent extends Event {
    @Label("Session")
    long sessionId;

    @Label("Bitrate")
    @DataAmount(DataAmount.BITS)
    @Frequency
    long bitrateBps;

    @Label("SSRCs")
    int ssrcCount;

    @Label("Reason")
    @Description("drop (estimate fell 3 % or more), interval (first, or 200 ms since the last), resend")
    String reason;

    @Label("Pipeline time")
    @Description("The time of the event that caused it, in the pipeline's clock")
    @Timespan(Timespan.MICROSECONDS)
    long pipelineTimeUs;
}
