package dev.bwe.relay.chart;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The timeline as the page's chart reads it (columnar JSON, one array per series: uPlot's data layout) and as
 * the download gives it (CSV, one row per sample). Numbers only, so the JSON is written directly: no value is a
 * string but the event labels, which are escaped.
 */
public final class TimelineFormats {
    /** The CSV header: units in the names; an empty field is "no value". */
    public static final String CSV_HEADER = "time_s,session,capacity_bps,estimate_bps,remb_bps,"
        + "chromium_available_outgoing_bps,chromium_send_bps,queue_p95_ms,ref_capacity_bps,ref_libwebrtc_remb_bps,"
        + "ref_chromium_available_outgoing_bps,ref_chromium_send_bps,ref_queue_p95_ms";

    private TimelineFormats() {
    }

    /**
     * CSV, one row per sample. {@code remb_bps} is the last REMB sent since the row before (empty when none).
     */
    public static String csv(final List<TimelineRow> rows, final List<TimelinePoint> rembs) {
        final StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        int r = 0;
        for (final TimelineRow row : rows) {
            double remb = Double.NaN;
            while (r < rembs.size() && rembs.get(r).timeS() <= row.timeS()) {
                remb = rembs.get(r++).bitrateBps();
            }
            out.append(String.format(Locale.ROOT, "%.3f,%d", row.timeS(), row.sessionId()));
            for (final double v : new double[] {row.capacityBps(), row.estimateBps(), remb,
                row.availableOutgoingBps(), row.sendBps()}) {
                out.append(',').append(integer(v));
            }
            out.append(',').append(decimal(row.queueP95Ms()));
            for (final double v : new double[] {row.refCapacityBps(), row.refEstimateBps(),
                row.refAvailableOutgoingBps(), row.refSendBps()}) {
                out.append(',').append(integer(v));
            }
            out.append(',').append(decimal(row.refQueueP95Ms())).append('\n');
        }
        return out.toString();
    }

    /**
     * {@code {"t":[...],"capacity":[...],...,"rembT":[...],"rembBps":[...],"events":[{"t":..,"label":".."}]}}:
     * bitrates in bps, delays in ms, times in seconds since the relay started; null for no value.
     */
    public static String json(final List<TimelineRow> rows, final List<TimelinePoint> rembs,
                              final List<TimelineEvent> events) {
        final StringBuilder out = new StringBuilder(256 + rows.size() * 120).append('{');
        column(out, "t", rows, TimelineRow::timeS, 3).append(',');
        column(out, "session", rows, r -> r.sessionId(), 0).append(',');
        column(out, "capacity", rows, TimelineRow::capacityBps, 0).append(',');
        column(out, "estimate", rows, TimelineRow::estimateBps, 0).append(',');
        column(out, "aob", rows, TimelineRow::availableOutgoingBps, 0).append(',');
        column(out, "send", rows, TimelineRow::sendBps, 0).append(',');
        column(out, "queue", rows, TimelineRow::queueP95Ms, 1).append(',');
        column(out, "refCapacity", rows, TimelineRow::refCapacityBps, 0).append(',');
        column(out, "refEstimate", rows, TimelineRow::refEstimateBps, 0).append(',');
        column(out, "refAob", rows, TimelineRow::refAvailableOutgoingBps, 0).append(',');
        column(out, "refSend", rows, TimelineRow::refSendBps, 0).append(',');
        column(out, "refQueue", rows, TimelineRow::refQueueP95Ms, 1).append(',');
        column(out, "rembT", rembs, TimelinePoint::timeS, 3).append(',');
        column(out, "rembBps", rembs, p -> p.bitrateBps(), 0).append(",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            final TimelineEvent e = events.get(i);
            out.append(i == 0 ? "" : ",").append("{\"t\":").append(number(e.timeS(), 3)).append(",\"label\":");
            string(out, e.label()).append('}');
        }
        return out.append("]}").toString();
    }

    private static <T> StringBuilder column(final StringBuilder out, final String name, final List<T> items,
                                            final ToDoubleFunction<T> value, final int decimals) {
        out.append('"').append(name).append("\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(number(value.applyAsDouble(items.get(i)), decimals));
        }
        return out.append(']');
    }

    private static String number(final double v, final int decimals) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return decimals == 0 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String integer(final double v) {
        return Double.isFinite(v) ? Long.toString(Math.round(v)) : "";
    }

    private static String decimal(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "";
    }

    private static StringBuilder string(final StringBuilder out, final String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
