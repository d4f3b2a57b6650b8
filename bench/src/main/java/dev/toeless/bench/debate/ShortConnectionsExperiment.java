package dev.toeless.bench.debate;

import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C3: short connections (connect, request, response, close) with the response size swept, in
 * every available mode, host B's CPU charged by the cost model. The claim compares a TOE with the
 * host stack, so its verdict (and the crossover size) needs {@code toe}; the host side is measured
 * and shown: connections per second and modeled host nanoseconds per connection.
 */
final class ShortConnectionsExperiment implements Experiment {
    static final int CLIENTS = 8;
    static final String RULE = "holds when toe's host_ns_per_conn is above stateless's for short responses (the "
        + "crossover size is where they meet); needs toe. Host side shown: conn_per_s and host_ns_per_conn (modeled) per "
        + "response size and mode, " + CLIENTS + " clients in a closed loop";

    @Override
    public Claim claim() {
        return Claims.get("C3");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final int[] sizes = ctx.scale() == Scale.QUICK ? new int[] {1 << 10, 16 << 10, 256 << 10, 1 << 20}
            : new int[] {1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20};
        final long durationNs = ctx.scale().pick(30_000_000L, 200_000_000L);
        final List<DebateMode> modes = ctx.modes().hostModes();
        final List<SweepPoints.Point<ShortConnectionsRun.Result>> points = new ArrayList<>();
        for (DebateMode m : modes) {
            for (int size : sizes) {
                points.add(new SweepPoints.Point<>(m.label() + " " + size, () -> new ShortConnectionsRun(m.driver(), size,
                    CLIENTS, durationNs, ctx.seed(), ctx.cost()).run()));
            }
        }
        final List<SweepPoints.Outcome<ShortConnectionsRun.Result>> out = ctx.points().run("C3", points);
        return judge(sizes, modes, out);
    }

    private ClaimResult judge(int[] sizes, List<DebateMode> modes,
                              List<SweepPoints.Outcome<ShortConnectionsRun.Result>> out) {
        final List<ChartSpec.Series> series = new ArrayList<>();
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final double[] x = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            x[k] = sizes[k] / 1024.0;
        }
        int failures = 0;
        final Map<String, String> f = new LinkedHashMap<>();
        for (int mi = 0; mi < modes.size(); mi++) {
            final double[] y = new double[sizes.length];
            final boolean[] failed = new boolean[sizes.length];
            for (int k = 0; k < sizes.length; k++) {
                final SweepPoints.Outcome<ShortConnectionsRun.Result> o = out.get(mi * sizes.length + k);
                final ShortConnectionsRun.Result r = o.value();
                if (r == null || r.completed() == 0 || r.failed() > 0) {
                    failures++;
                    failed[k] = true;
                    notes.add(o.label() + ": failed: " + (r == null ? o.error()
                        : r.failed() + " connections failed, " + r.completed() + " completed"));
                }
                if (r == null) {
                    continue;
                }
                y[k] = r.hostNsPerConn();
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("mode", modes.get(mi).label());
                m.put("response_bytes", sizes[k]);
                m.put("completed", r.completed());
                m.put("failed", r.failed());
                m.put("conn_per_s", Transfers.round(r.connPerSecond()));
                m.put("host_ns_per_conn", Transfers.round(r.hostNsPerConn()));
                json.add(m);
                rows.add(List.of(modes.get(mi).label(), sizes[k] / 1024 + " KiB",
                    String.format(Locale.ROOT, "%.0f", r.connPerSecond()),
                    String.format(Locale.ROOT, "%.0f", r.hostNsPerConn()), Long.toString(r.completed())));
                if (k == 0 || k == sizes.length - 1) {
                    f.put(modes.get(mi).label() + " host_ns_per_conn at " + sizes[k] / 1024 + " KiB",
                        String.format(Locale.ROOT, "%.0f", r.hostNsPerConn()));
                }
            }
            series.add(new ChartSpec.Series(modes.get(mi).label(), x.clone(), y, failed));
        }
        f.keySet().removeIf(k -> !k.startsWith("none") && !k.startsWith("stateless"));
        final ChartSpec chart = ChartSpec.lines("C3: host CPU per short connection against response size",
            "response size, KiB", "host_ns_per_conn (modeled)", true, true, series);
        notes.add("the server writes each response from a buffer (a copy in every mode); toe's side of the comparison "
            + "and the crossover size need toe");
        final Verdict v = Verdict.needs(ModeRegistry.TOE, f);
        return new ClaimResult(claim(), v, RULE, chart, new HtmlReport.Table(List.of("mode", "response", "conn_per_s",
            "host_ns_per_conn", "completed"), rows), json, notes, modes.stream().map(DebateMode::label).toList(),
            failures, 0);
    }
}
