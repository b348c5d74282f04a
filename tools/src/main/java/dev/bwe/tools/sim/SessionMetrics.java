package dev.bwe.tools.sim;

import java.util.List;
import java.util.Locale;

/**
 * Summary figures of one session's run.
 *
 * @param utilisation media bits delivered ÷ bits the link could carry over the run (wire bytes)
 * @param linkUtilisation media and cross-traffic bits delivered ÷ link capacity bits
 * @param queueDelayP50Ms median queueing delay of the media packets delivered before the end of the run, ms
 * @param queueDelayP95Ms 95th percentile of it (nearest rank), ms
 * @param queueDelayMaxMs largest of it, ms
 * @param mediaPacketsSent media packets offered to the link
 * @param mediaPacketsLost media packets dropped (queue full, random or burst loss)
 * @param rembCount REMBs the receiver sent
 * @param decreases the responses to each capacity decrease, in time order
 * @param increases the responses to each capacity increase, in time order (both empty for a trace)
 * @param firstEstimateNs from the session's first media packet to its first REMB, ns; -1 if it had none
 */
public record SessionMetrics(double utilisation, double linkUtilisation, double queueDelayP50Ms,
                             double queueDelayP95Ms, double queueDelayMaxMs, long mediaPacketsSent,
                             long mediaPacketsLost, long rembCount, List<CapacityResponse> decreases,
                             List<CapacityResponse> increases, long firstEstimateNs) {

    public SessionMetrics {
        decreases = List.copyOf(decreases);
        increases = List.copyOf(increases);
    }

    /** Fraction of media packets lost. */
    public double mediaLossRate() {
        return mediaPacketsSent == 0 ? 0 : (double) mediaPacketsLost / mediaPacketsSent;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "utilisation %.1f%% (link %.1f%%), queue delay p50 %.1f ms p95 %.1f ms max %.1f ms, "
                + "media loss %.2f%% (%d/%d), %d REMBs",
            100 * utilisation, 100 * linkUtilisation, queueDelayP50Ms, queueDelayP95Ms, queueDelayMaxMs,
            100 * mediaLossRate(), mediaPacketsLost, mediaPacketsSent, rembCount));
        final List<CapacityResponse> changes = new java.util.ArrayList<>(decreases);
        changes.addAll(increases);
        changes.sort(java.util.Comparator.comparingLong(CapacityResponse::changeTimeNs));
        for (final CapacityResponse r : changes) {
            sb.append("\n    ").append(r);
        }
        return sb.toString();
    }
}
