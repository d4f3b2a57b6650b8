package dev.toeless.bench.report;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * A latency figure as its tail shows it, not only its middle: how many were recorded, the median,
 * the 99th percentile and the largest, read from an HdrHistogram (values kept to three
 * significant digits). For virtual-time latencies (deterministic for a seed) as much as for wall
 * time.
 *
 * @param count how many values were recorded
 * @param p50Ns the median, or -1 with none
 * @param p99Ns the 99th percentile, or -1 with none
 * @param maxNs the largest, or -1 with none
 */
public record LatencySummary(long count, long p50Ns, long p99Ns, long maxNs) {
    /** A histogram for nanosecond latencies: grows as needed, three significant digits. */
    public static Histogram histogram() {
        return new Histogram(3);
    }

    /** The summary of what {@code h} recorded. */
    public static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencySummary(0, -1, -1, -1);
        }
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
            h.getMaxValue());
    }

    /** {@code ns} in milliseconds with two decimals, or "-" when there is none. */
    public static String millis(long ns) {
        return ns < 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
}
