package dev.bwe.pipeline.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The journal fell behind and lost records (never packets: the live path did not wait for it). */
@Name("dev.bwe.JournalGap")
@Label("Journal gap")
@Category("bwe")
@Description("The journal fell behind the stages and wrote a GAP record in place of the records it lost.")
@StackTrace(false)
final class JournalGapEvent extends Event {
    @Label("Records lost")
    long lostRecords;

    @Label("Packets lost")
    long lostPackets;

    @Label("Sessions touched")
    @Description("-1 when the gap touched every session")
    int sessions;

    @Label("First lost, pipeline time")
    @Timespan(Timespan.NANOSECONDS)
    long firstNs;

    @Label("Last lost, pipeline time")
    @Timespan(Timespan.NANOSECONDS)
    long lastNs;
}
