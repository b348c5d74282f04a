package dev.bwe.tools.sim;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders a run as a PNG with XChart, off-screen: one row per session, with two panels: capacity, target,
 * received rate and estimate (Mbps) over time on the left, the bottleneck queueing delay (ms) on the right.
 *
 * <p>Sets {@code java.awt.headless=true} before AWT is first touched, unless the property was given, so
 * that it works on machines without a display.
 */
public final class TimeSeriesPlot {
    /** Size of one panel, pixels. */
    public static final int PANEL_WIDTH = 800;
    public static final int PANEL_HEIGHT = 360;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TimeSeriesPlot() {
    }

    /** Writes the PNG of {@code result} to {@code file}, replacing it. */
    public static void writePng(final SimulationResult result, final Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(result, out);
        }
    }

    /** Writes the PNG of {@code result} to {@code out}; does not close it. */
    public static void writePng(final SimulationResult result, final OutputStream out) throws IOException {
        final List<XYChart> charts = new ArrayList<>();
        for (final SessionResult session : result.sessions()) {
            charts.add(ratesChart(session));
            charts.add(queueChart(session));
        }
        BitmapEncoder.saveBitmap(charts, result.sessions().size(), 2, out, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Writes one PNG comparing runs of the same scenario (one per estimator profile, say, keyed by name in
     * order): per session, the capacity and each run's estimate and received rate on the left, each run's
     * queueing delay on the right.
     */
    public static void writeComparisonPng(final java.util.Map<String, SimulationResult> runs, final Path file)
        throws IOException {
        final List<String> names = new ArrayList<>(runs.keySet());
        final List<SimulationResult> results = new ArrayList<>(runs.values());
        final List<XYChart> charts = new ArrayList<>();
        final int sessions = results.get(0).sessions().size();
        for (int s = 0; s < sessions; s++) {
            final SessionResult first = results.get(0).sessions().get(s);
            final XYChart rates = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title("session " + first.sessionId() + ": estimates").xAxisTitle("time (s)").yAxisTitle("Mbps")
                .build();
            rates.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            style(rates);
            final XYChart queue = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title("session " + first.sessionId() + ": bottleneck queueing delay").xAxisTitle("time (s)")
                .yAxisTitle("ms").build();
            queue.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            style(queue);
            line(rates, "capacity", times(first.samples()), series(first.samples(), x -> x.capacityBps() / 1e6),
                Color.BLACK);
            for (int r = 0; r < results.size(); r++) {
                final List<Sample> samples = results.get(r).sessions().get(s).samples();
                final Color color = PALETTE[r % PALETTE.length];
                line(rates, names.get(r) + " estimate", times(samples), series(samples, x -> x.estimateBps() / 1e6),
                    color);
                final XYSeries received = rates.addSeries(names.get(r) + " received", times(samples),
                    series(samples, x -> x.receivedRateBps() / 1e6));
                received.setMarker(SeriesMarkers.NONE);
                received.setLineColor(color.brighter());
                received.setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
                line(queue, names.get(r), times(samples), series(samples, Sample::queueDelayMs), color);
            }
            charts.add(rates);
            charts.add(queue);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, sessions, 2, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static final Color[] PALETTE = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c),
        new Color(0x9467bd)};

    private static double[] times(final List<Sample> samples) {
        return series(samples, Sample::timeS);
    }

    private static double[] series(final List<Sample> samples, final java.util.function.ToDoubleFunction<Sample> f) {
        final double[] values = new double[samples.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = f.applyAsDouble(samples.get(i));
        }
        return values;
    }

    private static XYChart ratesChart(final SessionResult session) {
        final List<Sample> samples = session.samples();
        final double[] t = new double[samples.size()];
        final double[] capacity = new double[t.length];
        final double[] target = new double[t.length];
        final double[] received = new double[t.length];
        final double[] estimate = new double[t.length];
        final double[] cross = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            final Sample s = samples.get(i);
            t[i] = s.timeS();
            capacity[i] = s.capacityBps() / 1e6;
            target[i] = s.targetBps() / 1e6;
            received[i] = s.receivedRateBps() / 1e6;
            estimate[i] = s.estimateBps() / 1e6;
            cross[i] = s.crossRateBps() / 1e6;
        }
        final XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
            .title("session " + session.sessionId() + ": rates").xAxisTitle("time (s)").yAxisTitle("Mbps").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        style(chart);
        line(chart, "capacity", t, capacity, Color.BLACK);
        line(chart, "received", t, received, new Color(0x1f77b4));
        line(chart, "target", t, target, new Color(0x2ca02c));
        line(chart, "estimate (REMB)", t, estimate, new Color(0xd62728));
        if (session.config().crossTraffic() != null) {
            line(chart, "cross traffic", t, cross, Color.GRAY);
        }
        return chart;
    }

    private static XYChart queueChart(final SessionResult session) {
        final List<Sample> samples = session.samples();
        final double[] t = new double[samples.size()];
        final double[] delay = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = samples.get(i).timeS();
            delay[i] = samples.get(i).queueDelayMs();
        }
        final XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
            .title("session " + session.sessionId() + ": bottleneck queueing delay").xAxisTitle("time (s)")
            .yAxisTitle("ms").build();
        chart.getStyler().setLegendVisible(false);
        style(chart);
        line(chart, "queueing delay", t, delay, new Color(0x9467bd));
        return chart;
    }

    private static void style(final XYChart chart) {
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("0");
    }

    private static void line(final XYChart chart, final String name, final double[] x, final double[] y,
                             final Color color) {
        final XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
    }
}
