package dev.bwe.tools.sim;

import dev.bwe.relay.shaper.RateSchedule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The capacity of a bottleneck link over simulated time: piecewise constant, starting at time 0, the
 * last segment lasting forever.
 *
 * <p>Text form (see {@link #parse(String)}, the grammar of {@link RateSchedule}): comma-separated
 * {@code RATE@TIME} entries, for example {@code 2.5mbps@0s,1mbps@30s,600kbps@40.5s}. Rates take the
 * units {@code bps}, {@code kbps}, {@code mbps} and {@code gbps} (decimal: 1 kbps = 1000 bps), times
 * {@code s} and {@code ms}; units are case-insensitive; a single rate alone is a constant capacity.
 */
public final class CapacitySchedule {
    private final long[] startTimesNs;
    private final long[] capacitiesBps;
    private final boolean trace;

    private CapacitySchedule(final long[] startTimesNs, final long[] capacitiesBps, final boolean trace) {
        this.startTimesNs = startTimesNs;
        this.capacitiesBps = capacitiesBps;
        this.trace = trace;
    }

    /**
     * Whether this schedule follows a trace or a generated walk (hundreds of small changes) rather than a
     * few deliberate steps: the simulator reports reaction times only for steps.
     */
    public boolean isTrace() {
        return trace;
    }

    /** A link whose capacity never changes. */
    public static CapacitySchedule constant(final long capacityBps) {
        return builder().at(0, capacityBps).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the text form: the grammar of {@link RateSchedule#parse(String)}, the one parser of link
     * schedules (so {@code bwe simulate --capacity} and {@code bwe relay --capacity} read the same text).
     * Every malformed input is refused with an {@link IllegalArgumentException} whose message names the
     * offending token.
     */
    public static CapacitySchedule parse(final String spec) {
        final RateSchedule rates = RateSchedule.parse(spec);
        final long[] times = new long[rates.size()];
        final long[] capacities = new long[rates.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = rates.startNs(i);
            capacities[i] = rates.bitrateBps(i);
        }
        return new CapacitySchedule(times, capacities, false);
    }

    /** The capacity in effect at {@code timeNs} (a change at exactly {@code timeNs} is in effect). */
    public long capacityBpsAt(final long timeNs) {
        return capacitiesBps[segmentAt(timeNs)];
    }

    /** Number of constant segments. */
    public int segmentCount() {
        return startTimesNs.length;
    }

    /** Start of segment {@code index}, ns; segment 0 starts at 0. */
    public long segmentStartNs(final int index) {
        return startTimesNs[index];
    }

    /** Capacity of segment {@code index}, bps. */
    public long segmentCapacityBps(final int index) {
        return capacitiesBps[index];
    }

    /**
     * The time at which a transmission of {@code bytes} that starts at {@code startNs} ends, following every
     * capacity change on the way (a packet being serialised when the capacity changes finishes at the new
     * rate). Rounded up to whole ns.
     */
    public long transmissionEndNs(final long startNs, final long bytes) {
        long remainingBits = bytes * SimTime.BITS_PER_BYTE;
        long timeNs = startNs;
        for (int seg = segmentAt(startNs); ; seg++) {
            final long rateBps = capacitiesBps[seg];
            final long neededNs = SimTime.ceilDiv(remainingBits * SimTime.NS_PER_S, rateBps);
            if (seg + 1 == startTimesNs.length || timeNs + neededNs <= startTimesNs[seg + 1]) {
                return timeNs + neededNs;
            }
            final long availableNs = startTimesNs[seg + 1] - timeNs;
            remainingBits -= availableNs * rateBps / SimTime.NS_PER_S;
            timeNs = startTimesNs[seg + 1];
        }
    }

    /** Bits the link can carry in {@code [fromNs, toNs)}: the integral of the capacity. */
    public double capacityBits(final long fromNs, final long toNs) {
        double bits = 0;
        for (int seg = segmentAt(fromNs); seg < startTimesNs.length; seg++) {
            final long segStart = Math.max(fromNs, startTimesNs[seg]);
            final long segEnd = seg + 1 < startTimesNs.length ? Math.min(toNs, startTimesNs[seg + 1]) : toNs;
            if (segEnd <= segStart) {
                break;
            }
            bits += capacitiesBps[seg] * SimTime.nsToS(segEnd - segStart);
        }
        return bits;
    }

    /** The segment in effect at {@code timeNs}: a binary search, since traces have thousands of segments. */
    private int segmentAt(final long timeNs) {
        final int found = java.util.Arrays.binarySearch(startTimesNs, timeNs);
        final int seg = found >= 0 ? found : -found - 2;
        return Math.max(0, seg);
    }

    /** The text form, parseable by {@link #parse(String)}; e.g. {@code 2500kbps@0s,1000kbps@30s}. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < startTimesNs.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            final long bps = capacitiesBps[i];
            if (bps % 1000 == 0) {
                sb.append(bps / 1000).append("kbps");
            } else {
                sb.append(bps).append("bps");
            }
            final long ns = startTimesNs[i];
            if (ns % SimTime.NS_PER_MS == 0) {
                sb.append('@').append(ns / SimTime.NS_PER_MS).append("ms");
            } else {
                sb.append('@').append(BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString()).append('s');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof CapacitySchedule
            && java.util.Arrays.equals(startTimesNs, ((CapacitySchedule) o).startTimesNs)
            && java.util.Arrays.equals(capacitiesBps, ((CapacitySchedule) o).capacitiesBps)
            && trace == ((CapacitySchedule) o).trace;
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(startTimesNs) + java.util.Arrays.hashCode(capacitiesBps);
    }

    /** Builds a schedule; the first entry must be at time 0 and times must strictly increase. */
    public static final class Builder {
        private final List<long[]> entries = new ArrayList<>();
        private boolean trace;

        private Builder() {
        }

        /** Marks the schedule as a trace (see {@link CapacitySchedule#isTrace()}). */
        public Builder trace() {
            this.trace = true;
            return this;
        }

        /** As {@link #at(long, long)} in ns, for generated schedules. */
        public Builder atNs(final long timeNs, final long capacityBps) {
            return atNs(timeNs, capacityBps, capacityBps + "bps@" + timeNs + "ns");
        }

        /** From {@code timeMs} on, the capacity is {@code capacityBps}. */
        public Builder at(final long timeMs, final long capacityBps) {
            return atNs(SimTime.msToNs(timeMs), capacityBps, capacityBps + "bps@" + timeMs + "ms");
        }

        Builder atNs(final long timeNs, final long capacityBps, final String token) {
            if (capacityBps <= 0) {
                throw new IllegalArgumentException("capacity in '" + token + "' must be > 0 bps");
            }
            if (timeNs < 0) {
                throw new IllegalArgumentException("time in '" + token + "' must be >= 0");
            }
            if (entries.isEmpty() && timeNs != 0) {
                throw new IllegalArgumentException("the first capacity entry must start at 0s, '" + token
                    + "' does not");
            }
            if (!entries.isEmpty() && timeNs <= entries.get(entries.size() - 1)[0]) {
                throw new IllegalArgumentException("time in '" + token
                    + "' must be later than the previous entry's time");
            }
            entries.add(new long[] {timeNs, capacityBps});
            return this;
        }

        public CapacitySchedule build() {
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("capacity schedule has no entry");
            }
            final long[] times = new long[entries.size()];
            final long[] rates = new long[entries.size()];
            for (int i = 0; i < times.length; i++) {
                times[i] = entries.get(i)[0];
                rates[i] = entries.get(i)[1];
            }
            return new CapacitySchedule(times, rates, trace);
        }
    }
}
