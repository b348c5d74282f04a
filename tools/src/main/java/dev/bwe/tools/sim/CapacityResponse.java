package dev.bwe.tools.sim;

/**
 * How fast the estimate answered one capacity change.
 *
 * <p>For a decrease: the time from the change until the REMB estimate first is at or below the new
 * capacity. For an increase: until it first reaches {@value #INCREASE_TARGET_FRACTION} of the new
 * capacity. 0 when the estimate in effect at the change already meets the condition; {@link #NOT_REACHED}
 * when it never did before the next change (or the end of the run).
 *
 * @param changeTimeNs when the capacity changed, ns
 * @param fromBps capacity before, bps
 * @param toBps capacity after, bps
 * @param responseTimeNs time to meet the condition, ns, or {@link #NOT_REACHED}
 */
public record CapacityResponse(long changeTimeNs, long fromBps, long toBps, long responseTimeNs) {
    /** Fraction of a raised capacity the estimate must reach. */
    public static final double INCREASE_TARGET_FRACTION = 0.8;
    public static final long NOT_REACHED = -1;

    public boolean isDecrease() {
        return toBps < fromBps;
    }

    public boolean reached() {
        return responseTimeNs != NOT_REACHED;
    }

    /** The estimate level that ends the response, bps. */
    public long thresholdBps() {
        return isDecrease() ? toBps : (long) Math.ceil(toBps * INCREASE_TARGET_FRACTION);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s %d->%d kbps at %.1fs: %s", isDecrease() ? "drop" : "rise",
            fromBps / 1000, toBps / 1000, SimTime.nsToS(changeTimeNs),
            reached() ? String.format(java.util.Locale.ROOT, "%.2fs", SimTime.nsToS(responseTimeNs)) : "not reached");
    }
}
