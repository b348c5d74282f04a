package dev.bwe.relay.shaper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bitrate that changes at given times: {@code 2.5mbps@0s,300kbps@10s,1mbps@25s} means 2.5 Mbps from
 * t = 0, 300 kbps from t = 10 s and 1 Mbps from t = 25 s on. What t = 0 is belongs to the user (the
 * shaper's first media packet, the endpoint's first RTP packet).
 *
 * <p>Syntax (the one grammar of link schedules: {@code bwe relay} and {@code bwe simulate} read it
 * here): entries separated by commas, each {@code <number><rate unit>@<number><time unit>}; rate
 * units {@code bps}, {@code kbps}, {@code mbps}, {@code gbps} (decimal, case-insensitive), time units
 * {@code ms} and {@code s}; numbers are plain decimals, scaled exactly. The first entry must start at 0 and times must strictly increase, so the
 * rate is defined at every t &gt;= 0. A single entry without {@code @} ({@code 300kbps}) is a constant
 * rate. Used for a shaper's capacity and for a forced REMB schedule alike.
 *
 * <p>Immutable.
 */
public final class RateSchedule {
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-zA-Z]+)");

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
     * Reads a schedule such as {@code 2.5mbps@0s,300kbps@10s}: the one grammar of link schedules, read by
     * {@code bwe relay --capacity}/{@code --forced-remb} and {@code bwe simulate --capacity} alike.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static RateSchedule parse(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("rate schedule is empty: expected RATE@TIME[,RATE@TIME...], "
                + "e.g. 2.5mbps@0s,1mbps@30s");
        }
        final String[] entries = text.split(",", -1);
        final long[] starts = new long[entries.length];
        final long[] rates = new long[entries.length];
        for (int i = 0; i < entries.length; i++) {
            final String entry = entries[i].strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("empty entry #" + (i + 1) + " in rate schedule '" + text + "'");
            }
            final int at = entry.indexOf('@');
            if (at != entry.lastIndexOf('@')) {
                throw new IllegalArgumentException("entry '" + entry + "' must be RATE@TIME, e.g. 1mbps@30s");
            }
            if (at < 0 && entries.length != 1) {
                throw new IllegalArgumentException("entry '" + entry + "' of rate schedule '" + text
                    + "' has no time: write RATE@TIME, e.g. 300kbps@10s");
            }
            rates[i] = parseRateBps(at < 0 ? entry : entry.substring(0, at).strip(), entry);
            starts[i] = at < 0 ? 0 : parseTimeNs(entry.substring(at + 1).strip(), entry);
            if (i == 0 && starts[i] != 0) {
                throw new IllegalArgumentException("the first entry must start at 0s, '" + entry + "' does not");
            }
            if (i > 0 && starts[i] <= starts[i - 1]) {
                throw new IllegalArgumentException("time in '" + entry
                    + "' must be later than the previous entry's time");
            }
        }
        return new RateSchedule(starts, rates);
    }

    private static long parseRateBps(final String token, final String entry) {
        final Matcher m = QUANTITY.matcher(token);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad rate '" + token + "' in '" + entry
                + "': expected a number followed by bps, kbps, mbps or gbps");
        }
        final long multiplier;
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "bps" -> multiplier = 1;
            case "kbps" -> multiplier = 1_000;
            case "mbps" -> multiplier = 1_000_000;
            case "gbps" -> multiplier = 1_000_000_000;
            default -> throw new IllegalArgumentException("bad rate unit '" + m.group(2) + "' in '" + entry
                + "': expected bps, kbps, mbps or gbps");
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
            case "s" -> multiplier = TimeUnit.SECONDS.toNanos(1);
            case "ms" -> multiplier = TimeUnit.MILLISECONDS.toNanos(1);
            default -> throw new IllegalArgumentException("bad time unit '" + m.group(2) + "' in '" + entry
                + "': expected s or ms");
        }
        return scaled(m.group(1), multiplier, token, entry);
    }

    /** {@code number x multiplier} rounded to the nearest unit, without binary floating point's surprises. */
    private static long scaled(final String number, final long multiplier, final String token, final String entry) {
        try {
            return new BigDecimal(number).multiply(BigDecimal.valueOf(multiplier))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (final ArithmeticException e) {
            throw new IllegalArgumentException("'" + token + "' in '" + entry + "' is too large", e);
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
