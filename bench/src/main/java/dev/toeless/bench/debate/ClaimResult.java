package dev.toeless.bench.debate;

import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;

import java.util.List;
import java.util.Map;

/**
 * One claim's outcome: the verdict and the rule it came from, the chart and the table of figures,
 * every point's figures (snake_case, as the JSON prints them), notes (a failed point, a mode not
 * yet available), and the modes that ran.
 *
 * @param failedPoints sweep points that did not run to the end (shown as failed, never dropped)
 * @param wallSeconds  measured: how long the experiment took on this machine (not a model figure)
 */
public record ClaimResult(Claim claim, Verdict verdict, String rule, ChartSpec chart, HtmlReport.Table table,
                          List<Map<String, Object>> points, List<String> notes, List<String> modes,
                          int failedPoints, double wallSeconds) {
    public ClaimResult {
        points = List.copyOf(points);
        notes = List.copyOf(notes);
        modes = List.copyOf(modes);
    }

    public ClaimResult withWallSeconds(double seconds) {
        return new ClaimResult(claim, verdict, rule, chart, table, points, notes, modes, failedPoints, seconds);
    }

    /** The experiment threw: no figures, the reason as the verdict. */
    public static ClaimResult failed(Claim claim, String reason) {
        return new ClaimResult(claim, new Verdict(Verdict.Kind.FAILED, "failed: " + reason, Map.of()),
            "the experiment did not run to the end", null, null, List.of(), List.of(), List.of(), 0, 0);
    }
}
