/**
 * Java Flight Recorder events for the rare moments an operator wants in a recording of a call: a REMB
 * sent (with why), the over-use detector changing state, streams evicted, a session opened or closed.
 * Never one per packet. {@link dev.bwe.pipeline.jfr.BweJfr} emits them; when JFR is off (or the event
 * disabled) an emit costs one check and allocates nothing, so the packet path stays allocation-free.
 *
 * <p>Record with {@code -XX:StartFlightRecording} or {@code jcmd PID JFR.start}; every event is in the
 * category "bwe" and named {@code dev.bwe.*}.
 */
package dev.bwe.pipeline.jfr;
