package dev.bwe.tools.sim;

import java.util.List;

/**
 * What one session did during a run.
 *
 * @param config the session's settings
 * @param samples its time series, one row per sample interval
 * @param rembs every REMB the receiver sent for it, in time order
 * @param packets every media packet's life, in send order (empty if the run kept none)
 * @param metrics the summary figures
 * @param crossSegmentsSent segments the cross-traffic flow offered to the link (0 without one)
 * @param crossSegmentsLost of those, how many were dropped
 */
public record SessionResult(SessionConfig config, List<Sample> samples, List<RembRecord> rembs,
                            List<PacketRecord> packets, SessionMetrics metrics, long crossSegmentsSent,
                            long crossSegmentsLost) {
    public SessionResult {
        samples = List.copyOf(samples);
        rembs = List.copyOf(rembs);
        packets = List.copyOf(packets);
    }

    public long sessionId() {
        return config.sessionId();
    }
}
