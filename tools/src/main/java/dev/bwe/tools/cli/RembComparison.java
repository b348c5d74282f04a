package dev.bwe.tools.cli;

import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.replay.ReplayListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

/**
 * Where two replays of the same call sent different REMBs (the journaled profile against a what-if
 * profile), per session. Each side's estimate is a step function of time (the last REMB's bitrate):
 * the first difference is the first REMB time of either side at which the two functions differ, and the
 * mean differences are time-weighted from the first REMB of either side to the last.
 */
final class RembComparison {
    /** Collects the REMBs of one replay per session, in time order. */
    static final class Collector implements ReplayListener {
        private final Long2ObjectHashMap<LongArrayList[]> bySession = new Long2ObjectHashMap<>();
        private final List<Long> order = new ArrayList<>();

        @Override
        public void onRemb(final RembView remb) {
            LongArrayList[] series = bySession.get(remb.sessionId());
            if (series == null) {
                series = new LongArrayList[] {new LongArrayList(), new LongArrayList()};
                bySession.put(remb.sessionId(), series);
                order.add(remb.sessionId());
            }
            series[0].addLong(remb.timeNs());
            series[1].addLong(remb.bitrateBps());
        }

        private long[] times(final long session) {
            final LongArrayList[] s = bySession.get(session);
            return s == null ? new long[0] : s[0].toLongArray();
        }

        private long[] bitrates(final long session) {
            final LongArrayList[] s = bySession.get(session);
            return s == null ? new long[0] : s[1].toLongArray();
        }
    }

    /**
     * One session's comparison.
     *
     * @param firstDifferenceNs the first time the estimates differ, ns in the journal's clock; -1 if never
     * @param differing what-if REMBs that the journaled run did not send (same time and bitrate)
     * @param meanDifferenceBps time-weighted mean of what-if minus journaled estimate (0 before either has one)
     * @param meanAbsDifferenceBps time-weighted mean of the absolute difference
     */
    record SessionDiff(long sessionId, int journaled, int whatIf, long firstDifferenceNs, int differing,
                       double meanDifferenceBps, double meanAbsDifferenceBps) {
    }

    private RembComparison() {
    }

    /** Every session of either replay, in order of first REMB (journaled side first). */
    static List<SessionDiff> compare(final Collector journaled, final Collector whatIf) {
        final List<Long> sessions = new ArrayList<>(journaled.order);
        for (final Long s : whatIf.order) {
            if (!sessions.contains(s)) {
                sessions.add(s);
            }
        }
        final List<SessionDiff> diffs = new ArrayList<>(sessions.size());
        for (final long s : sessions) {
            diffs.add(compare(s, journaled.times(s), journaled.bitrates(s), whatIf.times(s), whatIf.bitrates(s)));
        }
        return diffs;
    }

    static SessionDiff compare(final long session, final long[] aTimes, final long[] aBps, final long[] bTimes,
                               final long[] bBps) {
        int differing = 0;
        int j = 0;
        for (int i = 0; i < bTimes.length; i++) {
            while (j < aTimes.length && aTimes[j] < bTimes[i]) {
                j++;
            }
            boolean same = false;
            for (int k = j; k < aTimes.length && aTimes[k] == bTimes[i]; k++) {
                same |= aBps[k] == bBps[i];
            }
            if (!same) {
                differing++;
            }
        }
        // Walk the union of REMB times; between two of them both estimates are constant.
        int ia = 0;
        int ib = 0;
        long a = -1;
        long b = -1;
        long first = -1;
        long previousNs = Long.MIN_VALUE;
        double weighted = 0;
        double weightedAbs = 0;
        long spanNs = 0;
        while (ia < aTimes.length || ib < bTimes.length) {
            final long t = Math.min(ia < aTimes.length ? aTimes[ia] : Long.MAX_VALUE,
                ib < bTimes.length ? bTimes[ib] : Long.MAX_VALUE);
            if (previousNs != Long.MIN_VALUE && t > previousNs) {
                final long dt = t - previousNs;
                final double d = Math.max(b, 0) - Math.max(a, 0);
                weighted += d * dt;
                weightedAbs += Math.abs(d) * dt;
                spanNs += dt;
            }
            while (ia < aTimes.length && aTimes[ia] == t) {
                a = aBps[ia++];
            }
            while (ib < bTimes.length && bTimes[ib] == t) {
                b = bBps[ib++];
            }
            if (first < 0 && a != b) {
                first = t;
            }
            previousNs = t;
        }
        return new SessionDiff(session, aTimes.length, bTimes.length, first, differing,
            spanNs == 0 ? 0 : weighted / spanNs, spanNs == 0 ? 0 : weightedAbs / spanNs);
    }

    static void print(final PrintWriter out, final List<SessionDiff> diffs) {
        out.printf("%-8s %10s %10s %18s %10s %16s %17s%n", "session", "journaled", "what-if", "first difference s",
            "differing", "mean diff kbps", "mean |diff| kbps");
        for (final SessionDiff d : diffs) {
            out.printf(Locale.ROOT, "%-8d %10d %10d %18s %10d %+16.1f %17.1f%n", d.sessionId(), d.journaled(),
                d.whatIf(), d.firstDifferenceNs() < 0 ? "none" : String.format(Locale.ROOT, "%.3f",
                    d.firstDifferenceNs() / 1e9), d.differing(), d.meanDifferenceBps() / 1e3,
                d.meanAbsDifferenceBps() / 1e3);
        }
    }
}
