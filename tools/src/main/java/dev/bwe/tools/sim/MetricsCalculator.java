package dev.bwe.tools.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Computes a session's {@link SessionMetrics} from what the run recorded. */
final class MetricsCalculator {
    private MetricsCalculator() {
    }

    static SessionMetrics compute(final CapacitySchedule capacity, final long durationNs,
                                  final double deliveredMediaBits, final double deliveredCrossBits,
                                  final long[] queueingDelaysNs, final long mediaPacketsSent,
                                  final long mediaPacketsLost, final List<RembRecord> rembs) {
        return compute(capacity, durationNs, deliveredMediaBits, deliveredCrossBits, queueingDelaysNs,
            mediaPacketsSent, mediaPacketsLost, rembs, -1);
    }

    /** As above, with the session's first media packet's send time ({@code -1}: it sent none). */
    static SessionMetrics compute(final CapacitySchedule capacity, final long durationNs,
                                  final double deliveredMediaBits, final double deliveredCrossBits,
                                  final long[] queueingDelaysNs, final long mediaPacketsSent,
                                  final long mediaPacketsLost, final List<RembRecord> rembs,
                                  final long firstPacketNs) {
        final double capacityBits = capacity.capacityBits(0, durationNs);
        final long[] sorted = queueingDelaysNs.clone();
        Arrays.sort(sorted);
        final List<CapacityResponse> decreases = new ArrayList<>();
        final List<CapacityResponse> increases = new ArrayList<>();
        // A trace changes every few hundred ms: reactions are only meaningful for deliberate steps.
        final int steps = capacity.isTrace() ? 0 : capacity.segmentCount();
        for (int seg = 1; seg < steps && capacity.segmentStartNs(seg) < durationNs; seg++) {
            final long changeNs = capacity.segmentStartNs(seg);
            final long endNs = seg + 1 < capacity.segmentCount()
                ? Math.min(durationNs, capacity.segmentStartNs(seg + 1)) : durationNs;
            final long fromBps = capacity.segmentCapacityBps(seg - 1);
            final long toBps = capacity.segmentCapacityBps(seg);
            final CapacityResponse pending = new CapacityResponse(changeNs, fromBps, toBps, 0);
            final CapacityResponse response = new CapacityResponse(changeNs, fromBps, toBps,
                responseTimeNs(rembs, changeNs, endNs, pending.isDecrease(), pending.thresholdBps()));
            (response.isDecrease() ? decreases : increases).add(response);
        }
        return new SessionMetrics(deliveredMediaBits / capacityBits,
            (deliveredMediaBits + deliveredCrossBits) / capacityBits,
            percentileMs(sorted, 50), percentileMs(sorted, 95),
            sorted.length == 0 ? 0 : SimTime.nsToMs(sorted[sorted.length - 1]),
            mediaPacketsSent, mediaPacketsLost, rembs.size(), decreases, increases,
            firstPacketNs < 0 || rembs.isEmpty() ? -1 : Math.max(0, rembs.get(0).timeNs() - firstPacketNs));
    }

    /**
     * Time from {@code changeNs} until the estimate (the last REMB sent, a step function) first meets the
     * threshold (≤ for a decrease, ≥ for an increase) before {@code endNs}; 0 if the REMB in effect at the
     * change already meets it, {@link CapacityResponse#NOT_REACHED} if none does.
     */
    static long responseTimeNs(final List<RembRecord> rembs, final long changeNs, final long endNs,
                               final boolean decrease, final long thresholdBps) {
        RembRecord inEffect = null;
        for (final RembRecord remb : rembs) {
            if (remb.timeNs() <= changeNs) {
                inEffect = remb;
                continue;
            }
            if (inEffect != null && meets(inEffect.bitrateBps(), decrease, thresholdBps)) {
                return Math.max(0, inEffect.timeNs() - changeNs);
            }
            if (remb.timeNs() >= endNs) {
                return CapacityResponse.NOT_REACHED;
            }
            inEffect = remb;
        }
        if (inEffect != null && inEffect.timeNs() < endNs && meets(inEffect.bitrateBps(), decrease, thresholdBps)) {
            return Math.max(0, inEffect.timeNs() - changeNs);
        }
        return CapacityResponse.NOT_REACHED;
    }

    private static boolean meets(final long estimateBps, final boolean decrease, final long thresholdBps) {
        return decrease ? estimateBps <= thresholdBps : estimateBps >= thresholdBps;
    }

    /** Nearest-rank percentile of ascending values, ms; 0 for none. */
    static double percentileMs(final long[] sortedNs, final double percentile) {
        if (sortedNs.length == 0) {
            return 0;
        }
        final int rank = (int) Math.ceil(percentile / 100.0 * sortedNs.length);
        return SimTime.nsToMs(sortedNs[Math.max(0, rank - 1)]);
    }
}
