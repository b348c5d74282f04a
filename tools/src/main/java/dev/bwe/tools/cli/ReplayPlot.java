package dev.bwe.tools.cli;

import dev.bwe.estimator.BandwidthUsage;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.replay.ReplayListener;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture of a replay that a BWE engineer reads at a glance, after libwebrtc's receive-side BWE
 * graph: per session, the incoming bitrate (payload, 1 s window), the estimate, each REMB sent (dots)
 * and, below, the over-use detector's state over time.
 */
final class ReplayPlot implements ReplayListener {
    private static final long RATE_WINDOW_NS = 1_000_000_000L;
    private static final long RATE_SAMPLE_NS = 100_000_000L;

    /** One session's series, in seconds from the first event of the replay. */
    private static final class Series {
        final List<Double> rateT = new ArrayList<>();
        final List<Double> rateMbps = new ArrayList<>();
        final List<Double> estimateT = new ArrayList<>();
        final List<Double> estimateMbps = new ArrayList<>();
        final List<Double> rembT = new ArrayList<>();
        final List<Double> rembMbps = new ArrayList<>();
        final List<Double> stateT = new ArrayList<>();
        final List<Double> state = new ArrayList<>();
        final ArrayDeque<long[]> window = new ArrayDeque<>();
        long windowBytes;
        long nextSampleNs = Long.MIN_VALUE;
        BandwidthUsage lastState;
    }

    private final Map<Long, Series> sessions = new TreeMap<>();
    private long originNs = Long.MIN_VALUE;

    private Series series(final long sessionId, final long timeNs) {
        if (originNs == Long.MIN_VALUE) {
            originNs = timeNs;
        }
        return sessions.computeIfAbsent(sessionId, k -> new Series());
    }

    private double seconds(final long timeNs) {
        return (timeNs - originNs) / 1e9;
    }

    @Override
    public void onPacket(final long timeNs, final long sessionId, final int ssrc, final int payloadSizeBytes,
                         final boolean estimated, final BandwidthUsage detectorState) {
        final Series s = series(sessionId, timeNs);
        s.window.addLast(new long[] {timeNs, payloadSizeBytes});
        s.windowBytes += payloadSizeBytes;
        while (!s.window.isEmpty() && s.window.peekFirst()[0] <= timeNs - RATE_WINDOW_NS) {
            s.windowBytes -= s.window.removeFirst()[1];
        }
        if (timeNs >= s.nextSampleNs) {
            s.nextSampleNs = timeNs + RATE_SAMPLE_NS;
            s.rateT.add(seconds(timeNs));
            s.rateMbps.add(s.windowBytes * 8.0 / 1e6 / (RATE_WINDOW_NS / 1e9));
        }
        if (detectorState != s.lastState) {
            if (s.lastState != null) {
                s.stateT.add(seconds(timeNs));
                s.state.add(level(s.lastState));
            }
            s.stateT.add(seconds(timeNs));
            s.state.add(level(detectorState));
            s.lastState = detectorState;
        }
    }

    private static double level(final BandwidthUsage state) {
        return state == BandwidthUsage.OVERUSING ? 1 : state == BandwidthUsage.UNDERUSING ? -1 : 0;
    }

    @Override
    public void onEstimate(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
        final Series s = series(sessionId, timeNs);
        s.estimateT.add(seconds(timeNs));
        s.estimateMbps.add(bitrateBps / 1e6);
    }

    @Override
    public void onRemb(final RembView remb) {
        final Series s = series(remb.sessionId(), remb.timeNs());
        s.rembT.add(seconds(remb.timeNs()));
        s.rembMbps.add(remb.bitrateBps() / 1e6);
    }

    /** Writes the PNG: two panels per session, stacked; at most 8 sessions (the first by id). */
    void write(final Path file) throws IOException {
        final List<XYChart> charts = new ArrayList<>();
        int shown = 0;
        for (final Map.Entry<Long, Series> e : sessions.entrySet()) {
            if (shown++ == 8) {
                break;
            }
            final Series s = e.getValue();
            final XYChart rates = new XYChartBuilder().width(1000).height(360)
                .title("session " + e.getKey() + ": incoming rate, estimate, REMBs").xAxisTitle("time (s)")
                .yAxisTitle("Mbps").build();
            rates.getStyler().setMarkerSize(4);
            addLine(rates, "incoming (payload, 1 s)", s.rateT, s.rateMbps, new Color(31, 119, 180));
            addLine(rates, "estimate", s.estimateT, s.estimateMbps, new Color(214, 39, 40));
            if (!s.rembT.isEmpty()) {
                final XYSeries rembs = rates.addSeries("REMB sent", s.rembT, s.rembMbps);
                rembs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                rembs.setMarker(SeriesMarkers.CIRCLE);
                rembs.setMarkerColor(new Color(44, 160, 44));
            }
            charts.add(rates);
            final XYChart state = new XYChartBuilder().width(1000).height(160)
                .title("session " + e.getKey() + ": detector (1 over-using, 0 normal, -1 under-using)")
                .xAxisTitle("time (s)").yAxisTitle("state").build();
            state.getStyler().setYAxisMin(-1.2).setYAxisMax(1.2).setLegendVisible(false);
            addLine(state, "detector", s.stateT, s.state, new Color(148, 103, 189));
            charts.add(state);
        }
        if (charts.isEmpty()) {
            throw new UserError("nothing to plot: the replay produced no packet");
        }
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addLine(final XYChart chart, final String name, final List<Double> x, final List<Double> y,
                                final Color color) {
        if (x.isEmpty()) {
            return;
        }
        final XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
    }
}
