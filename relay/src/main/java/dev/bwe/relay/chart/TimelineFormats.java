package dev.bwe.relay.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The timeline as the page's chart reads it (columnar JSON, one array per series: uPlot's data layout) and as
 * the download gives it (CSV, one row per sample).
 */
public final class TimelineFormats {
    private static final ObjectMapper JSON = new ObjectMapper();

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
    public static byte[] json(final List<TimelineRow> rows, final List<TimelinePoint> rembs,
                              final List<TimelineEvent> events) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("t", column(rows, TimelineRow::timeS, 3));
        out.put("session", column(rows, r -> r.sessionId(), 0));
        out.put("capacity", column(rows, TimelineRow::capacityBps, 0));
        out.put("estimate", column(rows, TimelineRow::estimateBps, 0));
        out.put("aob", column(rows, TimelineRow::availableOutgoingBps, 0));
        out.put("send", column(rows, TimelineRow::sendBps, 0));
        out.put("queue", column(rows, TimelineRow::queueP95Ms, 1));
        out.put("refCapacity", column(rows, TimelineRow::refCapacityBps, 0));
        out.put("refEstimate", column(rows, TimelineRow::refEstimateBps, 0));
        out.put("refAob", column(rows, TimelineRow::refAvailableOutgoingBps, 0));
        out.put("refSend", column(rows, TimelineRow::refSendBps, 0));
        out.put("refQueue", column(rows, TimelineRow::refQueueP95Ms, 1));
        out.put("rembT", column(rembs, TimelinePoint::timeS, 3));
        out.put("rembBps", column(rembs, p -> p.bitrateBps(), 0));
        final List<Map<String, Object>> marks = new ArrayList<>();
        for (final TimelineEvent e : events) {
            final Map<String, Object> mark = new LinkedHashMap<>();
            mark.put("t", rounded(e.timeS(), 3));
            mark.put("label", e.label());
            marks.add(mark);
        }
        out.put("events", marks);
        try {
            return JSON.writeValueAsBytes(out);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: numbers, nulls and strings only", e);
        }
    }

    private static <T> List<Number> column(final List<T> items, final ToDoubleFunction<T> value, final int decimals) {
        final List<Number> out = new ArrayList<>(items.size());
        for (final T item : items) {
            out.add(rounded(value.applyAsDouble(item), decimals));
        }
        return out;
    }

    /** NaN (no value) as null; whole numbers as longs; otherwise rounded to {@code decimals}. */
    private static Number rounded(final double v, final int decimals) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (decimals == 0) {
            return Math.round(v);
        }
        final double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    private static String integer(final double v) {
        return Double.isFinite(v) ? Long.toString(Math.round(v)) : "";
    }

    private static String decimal(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "";
    }
}
