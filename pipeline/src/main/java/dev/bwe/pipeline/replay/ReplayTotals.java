package dev.bwe.pipeline.replay;

import java.util.List;
import java.util.Optional;

/** Sums the counts of the engines of one replay (one per pipeline run) into a {@link ReplayResult}. */
public final class ReplayTotals {
    private long events;
    private long packets;
    private long ticks;
    private long opens;
    private long closes;
    private long runs;
    private long unknownSessionPackets;
    private long rejectedPackets;
    private long estimateUpdates;
    private long rembs;

    void add(final ReplayEngine e) {
        events += e.events();
        packets += e.packets();
        ticks += e.ticks();
        opens += e.opens();
        closes += e.closes();
        runs++;
        unknownSessionPackets += e.unknownSessionPackets();
        rejectedPackets += e.rejectedPackets();
        estimateUpdates += e.estimateUpdates();
        rembs += e.rembs();
    }

    /** The result with these totals. */
    public ReplayResult result(final List<ReplayResult.Corruption> corruptions, final boolean verified,
                               final long rembsCompared, final Optional<ReplayResult.Difference> firstDifference) {
        return result(corruptions, verified, rembsCompared, firstDifference, List.of(), 0, 0);
    }

    /** The result with these totals, and the journal's gaps and unverified sessions. */
    public ReplayResult result(final List<ReplayResult.Corruption> corruptions, final boolean verified,
                               final long rembsCompared, final Optional<ReplayResult.Difference> firstDifference,
                               final List<ReplayResult.Gap> gaps, final long sessionsUnverified,
                               final long rembsSkipped) {
        return new ReplayResult(events, packets, ticks, opens, closes, runs, unknownSessionPackets, rejectedPackets,
            estimateUpdates, rembs, corruptions, verified, rembsCompared, firstDifference, gaps, sessionsUnverified,
            rembsSkipped);
    }
}
