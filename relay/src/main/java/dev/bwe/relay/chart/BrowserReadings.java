package dev.bwe.relay.chart;

import java.util.Locale;

/**
 * The latest figures the page read from the browser's getStats and posted to the relay, one per peer
 * connection ({@code relay}: to bwe; {@code reference}: Chromium to Chromium). Readings older than
 * {@link #FRESH_NS} are not used: the page stopped posting (closed, or the browser went away).
 */
public final class BrowserReadings {
    /** How long a reading stands for the browser's current figures. */
    public static final long FRESH_NS = 2_500_000_000L;

    private volatile Reading relay;
    private volatile Reading reference;

    /**
     * A reading.
     *
     * @param atNs                 {@link System#nanoTime()} when it arrived
     * @param availableOutgoingBps Chromium's availableOutgoingBitrate, or NaN
     * @param sendBps              Chromium's RTP send rate over the page's last second, or NaN
     */
    public record Reading(long atNs, double availableOutgoingBps, double sendBps) {
    }

    /**
     * Takes the page's post: one line per peer connection, {@code relay|reference,<aob bps>,<send bps>}, an empty
     * field for a figure the browser did not give.
     *
     * @throws IllegalArgumentException naming the line that is not of that form
     */
    public void accept(final String body, final long nowNs) {
        for (final String raw : body.split("\n")) {
            final String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            final String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("expected 'relay|reference,<aob bps>,<send bps>', got '" + line
                    + "'");
            }
            final Reading reading = new Reading(nowNs, number(f[1], line), number(f[2], line));
            switch (f[0].strip().toLowerCase(Locale.ROOT)) {
                case "relay" -> relay = reading;
                case "reference" -> reference = reading;
                default -> throw new IllegalArgumentException("unknown peer connection '" + f[0]
                    + "' (relay, reference) in '" + line + "'");
            }
        }
    }

    private static double number(final String field, final String line) {
        final String s = field.strip();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            final double v = Double.parseDouble(s);
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("'" + s + "' in '" + line + "' is not a bitrate");
            }
            return v;
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' in '" + line + "' is not a number", e);
        }
    }

    /** The bwe connection's latest reading if fresh at {@code nowNs}, else null. */
    public Reading relay(final long nowNs) {
        return fresh(relay, nowNs);
    }

    /** The reference connection's latest reading if fresh at {@code nowNs}, else null. */
    public Reading reference(final long nowNs) {
        return fresh(reference, nowNs);
    }

    private static Reading fresh(final Reading r, final long nowNs) {
        return r != null && nowNs - r.atNs() <= FRESH_NS ? r : null;
    }
}
