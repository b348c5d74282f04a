package dev.bwe.tools.sim;

import java.util.Arrays;

/**
 * A REMB as the receiver sent it.
 *
 * @param timeNs simulated time it left the receiver, ns (the sender gets it one reverse delay later)
 * @param bitrateBps the estimate it carries, bps
 * @param ssrcs the SSRCs it lists, ascending unsigned (a copy)
 */
public record RembRecord(long timeNs, long bitrateBps, int[] ssrcs) {
    public RembRecord {
        ssrcs = ssrcs.clone();
    }

    @Override
    public int[] ssrcs() {
        return ssrcs.clone();
    }

    public int ssrcCount() {
        return ssrcs.length;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof RembRecord
            && ((RembRecord) o).timeNs == timeNs
            && ((RembRecord) o).bitrateBps == bitrateBps
            && Arrays.equals(((RembRecord) o).ssrcs, ssrcs);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(timeNs) * 31 + Long.hashCode(bitrateBps)) * 31 + Arrays.hashCode(ssrcs);
    }

    @Override
    public String toString() {
        return "RembRecord{timeNs=" + timeNs + ", bitrateBps=" + bitrateBps + ", ssrcs=" + Arrays.toString(ssrcs) + '}';
    }
}
