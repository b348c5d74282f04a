package dev.bwe.tools.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * How the flows that crossed one bottleneck shared it.
 *
 * @param linkId the bottleneck ({@link SessionConfig#linkId()})
 * @param sessionIds the sessions whose media crossed it, in configuration order
 * @param jainFairness Jain's index {@code (Σx)² / (n·Σx²)} of the media bits each session delivered while all
 *     of them were active (from the last one's start to the first one's end); null with fewer than two
 *     sessions or no such common time
 * @param mediaShare media bits ÷ (media + cross-traffic) bits the link delivered over the run; null if it
 *     delivered nothing
 */
public record LinkResult(long linkId, List<Long> sessionIds, Double jainFairness, Double mediaShare) {
    public LinkResult {
        sessionIds = List.copyOf(sessionIds);
    }

    static LinkResult of(final long linkId, final List<SessionRun> sessions, final long durationNs) {
        final List<Long> ids = new ArrayList<>(sessions.size());
        long fromNs = 0;
        long toNs = durationNs;
        double media = 0;
        double cross = 0;
        for (final SessionRun run : sessions) {
            ids.add(run.sessionId());
            fromNs = Math.max(fromNs, run.config().activeFromNs());
            toNs = Math.min(toNs, run.config().activeUntilNs());
            media += run.deliveredMediaBits();
            cross += run.deliveredCrossBits();
        }
        Double jain = null;
        if (sessions.size() >= 2 && toNs > fromNs) {
            final double[] bits = new double[sessions.size()];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = sessions.get(i).deliveredMediaBits(fromNs, toNs);
            }
            jain = jain(bits);
        }
        final Double share = media + cross > 0 ? media / (media + cross) : null;
        return new LinkResult(linkId, ids, jain, share);
    }

    /** Jain's fairness index of {@code x}: 1 when all are equal, 1/n when one takes everything; null if all 0. */
    static Double jain(final double[] x) {
        double sum = 0;
        double squares = 0;
        for (final double v : x) {
            sum += v;
            squares += v * v;
        }
        return squares == 0 ? null : sum * sum / (x.length * squares);
    }
}
