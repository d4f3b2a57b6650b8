package dev.toeless.bench.debate;

import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.bench.sim.flood.SynFloodResult;
import dev.toeless.bench.sim.flood.SynFloodRun;
import dev.toeless.bench.sim.flood.SynFloodScenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C5: the {@code syn-flood} scenario (legitimate clients beside spoofed SYNs that never answer)
 * at rising flood rates against the host stack, with SYN cookies and without. The claim is about
 * a TOE's connection slots, so its verdict needs {@code toe}; until then the report shows the host
 * side: the legitimate success rate and the half-open state at each rate.
 */
final class SynFloodExperiment implements Experiment {
    static final String RULE = "compares the card's slots with the host stack under the same flood: holds when the TOE "
        + "refuses or drops legitimate clients (success under 99%) at a flood rate where the host with SYN cookies keeps "
        + "99%; needs toe. Host side shown: legitimate success rate and peak half-open connections per flood rate";

    private record Run(double synPerSecond, boolean cookies, SynFloodResult result) {
    }

    @Override
    public Claim claim() {
        return Claims.get("C5");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final double[] factors = ctx.scale().pick(new double[] {0, 10, 50, 100}, new double[] {0, 10, 50, 100, 250, 500});
        final long attackNs = ctx.scale().pick(4, 10) * SynFloodScenario.SECOND;
        final List<SweepPoints.Point<SynFloodResult>> points = new ArrayList<>();
        for (boolean cookies : new boolean[] {true, false}) {
            for (double factor : factors) {
                final SynFloodScenario s = new SynFloodScenario(ctx.seed(), 200, factor, attackNs, 128, cookies, 100,
                    1000, 5 * SynFloodScenario.SECOND);
                points.add(new SweepPoints.Point<>((cookies ? "cookies" : "no cookies") + " x" + (int) factor,
                    () -> SynFloodRun.againstHost(s).run()));
            }
        }
        final List<SweepPoints.Outcome<SynFloodResult>> out = ctx.points().run("C5", points);
        return judge(ctx, factors, out);
    }

    private ClaimResult judge(DebateContext ctx, double[] factors, List<SweepPoints.Outcome<SynFloodResult>> out) {
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final double[] x = new double[factors.length];
        final double[][] y = new double[2][factors.length];
        final boolean[][] failed = new boolean[2][factors.length];
        int failures = 0;
        for (int i = 0; i < out.size(); i++) {
            final int series = i / factors.length;
            final int k = i % factors.length;
            x[k] = 200 * Math.max(factors[k], 0.5); // a log axis: no flood sits at half the lowest rate
            final SweepPoints.Outcome<SynFloodResult> o = out.get(i);
            final SynFloodResult r = o.value();
            if (r == null || r.leak() != null) {
                failures++;
                failed[series][k] = true;
                notes.add(o.label() + ": failed: " + (r == null ? o.error() : "leak " + r.leak()));
                continue;
            }
            y[series][k] = 100 * r.successRate();
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("syn_cookies", r.scenario().synCookies());
            m.put("spoofed_syn_per_s", r.scenario().spoofedPerSecond());
            m.put("legit_per_s", r.scenario().legitPerSecond());
            m.put("legit_attempted", r.legitAttempted());
            m.put("legit_succeeded", r.legitSucceeded());
            m.put("legit_success_rate", Transfers.round(r.successRate()));
            m.put("peak_half_open", r.peakHalfOpen());
            m.put("backlog", r.scenario().backlog());
            m.put("syn_cookies_sent", r.end().synCookiesSent());
            m.put("syn_queue_drops", r.end().synQueueDrops());
            m.put("peak_socket_memory_bytes", r.peakSocketMemoryBytes());
            json.add(m);
            rows.add(List.of(r.scenario().synCookies() ? "on" : "off",
                String.format(Locale.ROOT, "%.0f", r.scenario().spoofedPerSecond()),
                String.format(Locale.ROOT, "%.1f%%", 100 * r.successRate()),
                r.peakHalfOpen() + " / " + r.scenario().backlog(), Long.toString(r.end().synQueueDrops())));
        }
        final ChartSpec chart = ChartSpec.lines("C5: legitimate clients under a SYN flood, host stack", "spoofed SYN/s",
            "legitimate connections that succeeded, %", true, false, List.of(
                new ChartSpec.Series("host, SYN cookies", x, y[0], failed[0]),
                new ChartSpec.Series("host, no cookies", x.clone(), y[1], failed[1])));
        final HtmlReport.Table table = new HtmlReport.Table(List.of("SYN cookies", "spoofed SYN/s", "legit success",
            "peak half-open / backlog", "SYN queue drops"), rows);
        notes.add("no flood is drawn at 100 SYN/s on the log axis; the table has its exact rate (0)");
        final Map<String, String> f = new LinkedHashMap<>();
        final int top = factors.length - 1;
        f.put("host with cookies at " + (int) (200 * factors[top]) + " SYN/s", String.format(Locale.ROOT, "%.1f%%", y[0][top]));
        f.put("host without cookies", String.format(Locale.ROOT, "%.1f%%", y[1][top]));
        final Verdict v = ctx.modes().available(ModeRegistry.TOE)
            ? new Verdict(Verdict.Kind.NOT_MEASURED, "not measured: toe is registered but this experiment has no TOE "
                + "runner yet", f)
            : Verdict.needs(ModeRegistry.TOE, f);
        return new ClaimResult(claim(), v, RULE, chart, table, json, notes,
            List.of("host stack (SYN cookies on and off)"), failures, 0);
    }
}
