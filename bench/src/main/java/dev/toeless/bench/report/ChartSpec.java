package dev.toeless.bench.report;

import java.util.List;

/**
 * What a chart shows, independent of how it is drawn: a mode comparison as bars (categories on the
 * x axis) or a sweep as lines (numbers on the x axis, either axis logarithmic where the range asks
 * for it). A point that did not run to the end (a transfer that did not finish, a hash that did not
 * match) is kept and marked as failed, never dropped or drawn as if it had succeeded.
 */
public record ChartSpec(String title, Kind kind, String xLabel, String yLabel, boolean logX, boolean logY,
                        List<String> categories, List<Series> series) {

    public enum Kind { BARS, LINES }

    /**
     * One series. For {@link Kind#BARS} {@code x} is ignored and {@code y} has one value per
     * category; for {@link Kind#LINES} {@code x} and {@code y} pair up. {@code failed[i]} marks
     * point i as failed (its value is what was measured before it failed).
     */
    public record Series(String name, double[] x, double[] y, boolean[] failed) {
        public Series {
            if (x.length != y.length || failed.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x, " + y.length + " y, "
                    + failed.length + " failed flags");
            }
        }

        /** A series of bars, one per category, none failed. */
        public static Series bars(String name, double... y) {
            return new Series(name, new double[y.length], y, new boolean[y.length]);
        }

        /** A line through {@code (x[i], y[i])}, none failed. */
        public static Series line(String name, double[] x, double[] y) {
            return new Series(name, x, y, new boolean[y.length]);
        }

        public boolean anyFailed() {
            for (boolean f : failed) {
                if (f) {
                    return true;
                }
            }
            return false;
        }
    }

    public ChartSpec {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("chart " + title + " has no series");
        }
        if (kind == Kind.BARS) {
            for (Series s : series) {
                if (s.y().length != categories.size()) {
                    throw new IllegalArgumentException("chart " + title + ": series " + s.name() + " has "
                        + s.y().length + " bars for " + categories.size() + " categories");
                }
            }
        }
    }

    /** Bars: one group per category, one bar per series. */
    public static ChartSpec bars(String title, String xLabel, String yLabel, boolean logY, List<String> categories,
                                 List<Series> series) {
        return new ChartSpec(title, Kind.BARS, xLabel, yLabel, false, logY, categories, series);
    }

    /** Lines over a numeric x axis. */
    public static ChartSpec lines(String title, String xLabel, String yLabel, boolean logX, boolean logY,
                                  List<Series> series) {
        return new ChartSpec(title, Kind.LINES, xLabel, yLabel, logX, logY, List.of(), series);
    }
}
