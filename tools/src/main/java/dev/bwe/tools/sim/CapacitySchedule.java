package dev.bwe.tools.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capacity of a bottleneck link over simulated time: piecewise constant, starting at time 0, the
 * last segment lasting forever.
 *
 * <p>Text form (see {@link #parse(String)}): comma-separated {@code RATE@TIME} entries, for example
 * {@code 2.5mbps@0s,1mbps@30s,600kbps@40.5s}. Rates take the units {@code bps}, {@code kbps} and
 * {@code mbps} (decimal: 1 kbps = 1000 bps), times {@code s} and {@code ms}; units are case-insensitive.
 */
public final class CapacitySchedule {
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-zA-Z]+)");

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
     * Parses the text form. Every malformed input is refused with an {@link IllegalArgumentException} whose
     * message names the offending token.
     */
    public static CapacitySchedule parse(final String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("capacity schedule is empty: expected RATE@TIME[,RATE@TIME...], "
                + "e.g. 2.5mbps@0s,1mbps@30s");
        }
        final Builder builder = builder();
        final String[] entries = spec.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            final String entry = entries[i].trim();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("empty entry #" + (i + 1) + " in capacity schedule '" + spec + "'");
            }
            final int at = entry.indexOf('@');
            if (at < 0 || at != entry.lastIndexOf('@')) {
                throw new IllegalArgumentException("capacity entry '" + entry + "' must be RATE@TIME, e.g. 1mbps@30s");
            }
            final long bps = parseRateBps(entry.substring(0, at).trim(), entry);
            final long timeNs = parseTimeNs(entry.substring(at + 1).trim(), entry);
            builder.atNs(timeNs, bps, entry);
        }
        return builder.build();
    }

    private static long parseRateBps(final String token, final String entry) {
        final Matcher m = QUANTITY.matcher(token);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad rate '" + token + "' in '" + entry
                + "': expected a number followed by bps, kbps or mbps");
        }
        final long multiplier;
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "bps":
                multiplier = 1;
                break;
            case "kbps":
                multiplier = 1_000;
                break;
            case "mbps":
                multiplier = 1_000_000;
                break;
            default:
                throw new IllegalArgumentException("bad rate unit '" + m.group(2) + "' in '" + entry
                    + "': expected bps, kbps or mbps");
        }
        final long bps = scaled(m.group(1), multiplier, token, entry);
        if (bps <= 0) {
            throw new IllegalArgumentException("rate '" + token + "' in '" + entry + "' must be at least 1 bps");
        }
        return bps;
    }

    private static long parseTimeNs(final String token, final String entry) {
        final Matcher m = QUANTITY.matcher(token);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad time '" + token + "' in '" + entry
                + "': expected a non-negative number followed by s or ms");
        }
        final long multiplier;
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s":
                multiplier = SimTime.NS_PER_S;
                break;
            case "ms":
                multiplier = SimTime.NS_PER_MS;
                break;
            default:
                throw new IllegalArgumentException("bad time unit '" + m.group(2) + "' in '" + entry
                    + "': expected s or ms");
        }
        return scaled(m.group(1), multiplier, token, entry);
    }

    /** {@code number × multiplier} rounded to the nearest unit, without the surprises of binary floating point. */
    private static long scaled(final String number, final long multiplier, final String token, final String entry) {
        try {
            return new BigDecimal(number).multiply(BigDecimal.valueOf(multiplier))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (final ArithmeticException e) {
            throw new IllegalArgumentException("'" + token + "' in '" + entry + "' is too large", e);
        }
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
