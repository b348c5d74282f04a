package dev.bwe.relay.shaper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A bitrate that changes at given times: {@code 2.5mbps@0s,300kbps@10s,1mbps@25s} means 2.5 Mbps from
 * t = 0, 300 kbps from t = 10 s and 1 Mbps from t = 25 s on. What t = 0 is belongs to the user (the
 * shaper's first media packet, the endpoint's first RTP packet).
 *
 * <p>Syntax: entries separated by commas, each {@code <number><rate unit>@<number><time unit>}; rate
 * units {@code bps}, {@code kbps}, {@code mbps}, {@code gbps} (decimal, case-insensitive), time units
 * {@code ms} and {@code s}. The first entry must start at 0 and times must strictly increase, so the
 * rate is defined at every t &gt;= 0. A single entry without {@code @} ({@code 300kbps}) is a constant
 * rate. Used for a shaper's capacity and for a forced REMB schedule alike.
 *
 * <p>Immutable.
 */
public final class RateSchedule {
    private final long[] startNs;
    private final long[] bitrateBps;

    private RateSchedule(final long[] startNs, final long[] bitrateBps) {
        this.startNs = startNs;
        this.bitrateBps = bitrateBps;
    }

    /** The same rate for ever. */
    public static RateSchedule constant(final long bitrateBps) {
        requireRate(bitrateBps);
        return new RateSchedule(new long[] {0}, new long[] {bitrateBps});
    }

    /**
     * Reads a schedule such as {@code 2.5mbps@0s,300kbps@10s}.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static RateSchedule parse(final String text) {
        Objects.requireNonNull(text, "text");
        final String[] entries = text.strip().split(",");
        final List<long[]> steps = new ArrayList<>();
        for (final String rawEntry : entries) {
            final String entry = rawEntry.strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("empty entry in rate schedule \"" + text + "\"");
            }
            final int at = entry.indexOf('@');
            final long bps = parseRate(entry, at < 0 ? entry : entry.substring(0, at).strip());
            final long timeNs;
            if (at < 0) {
                if (entries.length != 1) {
                    throw new IllegalArgumentException("entry \"" + entry + "\" of rate schedule \"" + text
                        + "\" has no time: write <rate>@<time>, e.g. 300kbps@10s");
                }
                timeNs = 0;
            } else {
                timeNs = parseTime(entry, entry.substring(at + 1).strip());
            }
            if (steps.isEmpty() && timeNs != 0) {
                throw new IllegalArgumentException("rate schedule \"" + text + "\" must start at 0s, not at \""
                    + entry + "\"");
            }
            if (!steps.isEmpty() && timeNs <= steps.get(steps.size() - 1)[0]) {
                throw new IllegalArgumentException("entry \"" + entry + "\" of rate schedule \"" + text
                    + "\" is not later than the entry before it");
            }
            steps.add(new long[] {timeNs, bps});
        }
        final long[] starts = new long[steps.size()];
        final long[] rates = new long[steps.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = steps.get(i)[0];
            rates[i] = steps.get(i)[1];
        }
        return new RateSchedule(starts, rates);
    }

    private static long parseRate(final String entry, final String text) {
        final String lower = text.toLowerCase(Locale.ROOT);
        final long multiplier;
        final String number;
        if (lower.endsWith("gbps")) {
            multiplier = 1_000_000_000L;
            number = lower.substring(0, lower.length() - 4);
        } else if (lower.endsWith("mbps")) {
            multiplier = 1_000_000L;
            number = lower.substring(0, lower.length() - 4);
        } else if (lower.endsWith("kbps")) {
            multiplier = 1_000L;
            number = lower.substring(0, lower.length() - 4);
        } else if (lower.endsWith("bps")) {
            multiplier = 1L;
            number = lower.substring(0, lower.length() - 3);
        } else {
            throw new IllegalArgumentException("rate \"" + text + "\" in \"" + entry
                + "\" needs a unit: bps, kbps, mbps or gbps");
        }
        final long bps = Math.round(parseNumber(entry, number.strip()) * multiplier);
        requireRate(bps);
        return bps;
    }

    private static long parseTime(final String entry, final String text) {
        final String lower = text.toLowerCase(Locale.ROOT);
        final double nsPerUnit;
        final String number;
        if (lower.endsWith("ms")) {
            nsPerUnit = TimeUnit.MILLISECONDS.toNanos(1);
            number = lower.substring(0, lower.length() - 2);
        } else if (lower.endsWith("s")) {
            nsPerUnit = TimeUnit.SECONDS.toNanos(1);
            number = lower.substring(0, lower.length() - 1);
        } else {
            throw new IllegalArgumentException("time \"" + text + "\" in \"" + entry + "\" needs a unit: ms or s");
        }
        final double value = parseNumber(entry, number.strip());
        if (value < 0) {
            throw new IllegalArgumentException("time in \"" + entry + "\" is negative");
        }
        return Math.round(value * nsPerUnit);
    }

    private static double parseNumber(final String entry, final String number) {
        if (number.isEmpty() || !number.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("\"" + number + "\" in \"" + entry + "\" is not a plain number");
        }
        try {
            return Double.parseDouble(number);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("\"" + number + "\" in \"" + entry + "\" is not a number", e);
        }
    }

    private static void requireRate(final long bps) {
        if (bps <= 0) {
            throw new IllegalArgumentException("a rate must be positive, was " + bps + " bps");
        }
    }

    /** The rate in force at {@code elapsedNs} after t = 0 (the first entry's before that). */
    public long bitrateBpsAt(final long elapsedNs) {
        return bitrateBps[segmentAt(elapsedNs)];
    }

    /** Index of the entry in force at {@code elapsedNs}. */
    int segmentAt(final long elapsedNs) {
        int segment = 0;
        while (segment + 1 < startNs.length && startNs[segment + 1] <= elapsedNs) {
            segment++;
        }
        return segment;
    }

    /** Number of entries. */
    public int size() {
        return startNs.length;
    }

    /** When entry {@code index} starts, ns after t = 0. */
    public long startNs(final int index) {
        return startNs[index];
    }

    /** The rate of entry {@code index}, bps. */
    public long bitrateBps(final int index) {
        return bitrateBps[index];
    }

    /** When the entry after the one in force at {@code elapsedNs} starts, or {@link Long#MAX_VALUE}. */
    public long nextChangeNs(final long elapsedNs) {
        final int segment = segmentAt(elapsedNs);
        return segment + 1 < startNs.length ? startNs[segment + 1] : Long.MAX_VALUE;
    }

    /**
     * This schedule until {@code atNs}, then {@code next} with its t = 0 moved to {@code atNs}: a schedule
     * changed while it runs keeps its past, so a bottleneck following it stays consistent.
     */
    public RateSchedule switchingAt(final long atNs, final RateSchedule next) {
        Objects.requireNonNull(next, "next");
        if (atNs <= 0) {
            return next;
        }
        final int kept = segmentAt(atNs - 1) + 1;
        final long[] starts = Arrays.copyOf(startNs, kept + next.size());
        final long[] rates = Arrays.copyOf(bitrateBps, kept + next.size());
        for (int i = 0; i < next.size(); i++) {
            starts[kept + i] = atNs + next.startNs[i];
            rates[kept + i] = next.bitrateBps[i];
        }
        return new RateSchedule(starts, rates);
    }

    /** The schedule in the syntax {@link #parse} reads, e.g. {@code 2500kbps@0ms,300kbps@10000ms}. */
    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < startNs.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(bitrateBps[i]).append("bps@").append(TimeUnit.NANOSECONDS.toMillis(startNs[i])).append("ms");
        }
        return out.toString();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof RateSchedule && Arrays.equals(((RateSchedule) o).startNs, startNs)
            && Arrays.equals(((RateSchedule) o).bitrateBps, bitrateBps);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(startNs) + Arrays.hashCode(bitrateBps);
    }
}
