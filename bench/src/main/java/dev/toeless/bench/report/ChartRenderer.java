package dev.toeless.bench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws a {@link ChartSpec} as a PNG with XChart, headless. Failed points are drawn a second time
 * as red crosses in a series named "failed", so a reader sees them on the chart itself.
 */
public final class ChartRenderer {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 400;
    private static final Color FAILED = new Color(200, 30, 30);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartRenderer() {
    }

    /** The chart as PNG bytes. */
    public static byte[] png(ChartSpec spec) {
        final Chart<?, ?> chart = spec.kind() == ChartSpec.Kind.BARS ? bars(spec) : lines(spec);
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing chart " + spec.title(), e);
        }
    }

    private static CategoryChart bars(ChartSpec spec) {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
            .xAxisTitle(spec.xLabel()).yAxisTitle(spec.yLabel()).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(spec.logY());
        chart.getStyler().setOverlapped(false);
        for (ChartSpec.Series s : spec.series()) {
            final CategorySeries series = chart.addSeries(s.name(), spec.categories(), boxed(s.y(), spec.logY()));
            if (s.anyFailed()) {
                series.setLabel(s.name() + " (has failed points)");
            }
        }
        final List<Double> failed = failedBars(spec);
        if (failed != null) {
            chart.addSeries("failed", spec.categories(), failed).setFillColor(FAILED);
        }
        return chart;
    }

    private static List<Double> failedBars(ChartSpec spec) {
        boolean any = false;
        final Double[] failed = new Double[spec.categories().size()];
        Arrays.fill(failed, 0.0);
        for (ChartSpec.Series s : spec.series()) {
            for (int i = 0; i < s.failed().length; i++) {
                if (s.failed()[i]) {
                    failed[i] = Math.max(failed[i], Math.max(s.y()[i], spec.logY() ? 1e-9 : 0));
                    any = true;
                }
            }
        }
        return any ? Arrays.asList(failed) : null;
    }

    private static XYChart lines(ChartSpec spec) {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
            .xAxisTitle(spec.xLabel()).yAxisTitle(spec.yLabel()).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(spec.logX());
        chart.getStyler().setYAxisLogarithmic(spec.logY());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        final List<Double> fx = new ArrayList<>();
        final List<Double> fy = new ArrayList<>();
        for (ChartSpec.Series s : spec.series()) {
            chart.addSeries(s.name(), s.x(), positive(s.y(), spec.logY()));
            for (int i = 0; i < s.y().length; i++) {
                if (s.failed()[i]) {
                    fx.add(s.x()[i]);
                    fy.add(spec.logY() ? Math.max(s.y()[i], 1e-9) : s.y()[i]);
                }
            }
        }
        if (!fx.isEmpty()) {
            final XYSeries failed = chart.addSeries("failed", fx, fy);
            failed.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            failed.setMarker(SeriesMarkers.CROSS);
            failed.setMarkerColor(FAILED);
        }
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setAntiAlias(true);
    }

    private static List<Double> boxed(double[] y, boolean log) {
        final List<Double> out = new ArrayList<>(y.length);
        for (double v : y) {
            out.add(log ? Math.max(v, 1e-9) : v);
        }
        return out;
    }

    /** A logarithmic axis cannot show zero or less: such values sit at the floor. */
    private static double[] positive(double[] y, boolean log) {
        if (!log) {
            return y;
        }
        final double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 1e-9);
        }
        return out;
    }
}
