package dev.bwe.pipeline.replay;

import dev.bwe.estimator.SsrcSet;
import java.util.ArrayList;
import java.util.List;

/**
 * One REMB as replay compares them: when (ns, the journal's clock), for which session, the bitrate
 * announced (bps) and the SSRCs listed (ascending unsigned). An SSRC is an unsigned 32-bit value held
 * in an {@code Integer}.
 */
public record RembRecord(long timeNs, long sessionId, long bitrateBps, List<Integer> ssrcs) {
    public RembRecord {
        ssrcs = List.copyOf(ssrcs);
    }

    /** A copy of the view's values (allocates: for results and tests, not the hot path). */
    public static RembRecord of(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
        final List<Integer> list = new ArrayList<>(ssrcs.size());
        for (int i = 0; i < ssrcs.size(); i++) {
            list.add(ssrcs.get(i));
        }
        return new RembRecord(timeNs, sessionId, bitrateBps, list);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("REMB{timeNs=").append(timeNs).append(", session=").append(sessionId)
            .append(", bitrateBps=").append(bitrateBps).append(", ssrcs=[");
        for (int i = 0; i < ssrcs.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Integer.toUnsignedString(ssrcs.get(i)));
        }
        return sb.append("]}").toString();
    }
}
