package dev.toeless.bench.debate;

import dev.toeless.bench.demo.DemoMode;
import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.bench.toe.ShortConnections;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C3: short connections (connect, request, response, close) with the response size swept, each a
 * real run of {@link ShortConnections} in every available mode that has a runner here (the four
 * host modes and {@code toe}), host B charged by the cost model (and for {@code toe} the card's
 * pipeline by its profile, connection setup and teardown included). Verdict by
 * {@link #verdict}: toe against the best host mode at each size, and where that flips.
 */
final class ShortConnectionsExperiment extends Experiment {
    static final int CLIENTS = 16;
    static final int REQUEST_BYTES = 100;
    static final String RULE = "at each response size, toe's conn_per_s (virtual time) against the best host mode's "
        + "(none, csum, csum+gro, stateless): holds when toe is below at every size; fails when it is at or above at "
        + "every size; depends on response size when it is ahead at some sizes and behind at others, with the "
        + "crossover size interpolated (log scale) between the two sweep points where the sign changes. "
        + CLIENTS + " clients in a closed loop, a " + REQUEST_BYTES + "-byte request; host_ns_per_conn and "
        + "card_ns_per_conn (modeled) shown beside";

    /** The modes this experiment runs: the registry's host modes and toe when it is available. */
    static List<DemoMode> modes(ModeRegistry registry) {
        final List<DemoMode> out = new ArrayList<>();
        for (DebateMode m : registry.hostModes()) {
            out.add(DemoMode.of(m.driver()));
        }
        if (registry.available(ModeRegistry.TOE)) {
            out.add(DemoMode.TOE);
        }
        return out;
    }

    ShortConnectionsExperiment() {
        super("C3");
    }

    /** Connections per point: enough bytes to be steady, not so many that the sweep is slow. */
    static int connections(Scale scale, int responseBytes) {
        final long budget = scale.pick(24L << 20, 128L << 20);
        final long n = budget / responseBytes;
        return (int) Math.max(scale.pick(48, 128), Math.min(scale.pick(1_000, 5_000), n));
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final int[] sizes = ctx.scale() == Scale.QUICK ? new int[] {1 << 10, 16 << 10, 256 << 10, 1 << 20}
            : new int[] {1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20};
        final List<DemoMode> modes = modes(ctx.modes());
        final List<SweepPoints.Point<ShortConnections.Result>> points = new ArrayList<>();
        for (DemoMode m : modes) {
            for (int size : sizes) {
                final ShortConnections.Spec spec = new ShortConnections.Spec(m, connections(ctx.scale(), size), CLIENTS,
                    REQUEST_BYTES, size, ctx.seed(), ctx.cost());
                points.add(new SweepPoints.Point<>(m.label() + " " + size, () -> ShortConnections.run(spec)));
            }
        }
        final List<SweepPoints.Outcome<ShortConnections.Result>> out = ctx.points().run(id(), points);
        return judge(ctx, sizes, modes, out);
    }

    private ClaimResult judge(DebateContext ctx, int[] sizes, List<DemoMode> modes,
                              List<SweepPoints.Outcome<ShortConnections.Result>> out) {
        final List<ChartSpec.Series> series = new ArrayList<>();
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final double[] x = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            x[k] = sizes[k] / 1024.0;
        }
        final double[] toe = new double[sizes.length];
        final double[] bestHost = new double[sizes.length];
        final String[] bestHostMode = new String[sizes.length];
        Arrays.fill(toe, Double.NaN);
        Arrays.fill(bestHost, Double.NaN);
        int failures = 0;
        for (int mi = 0; mi < modes.size(); mi++) {
            final DemoMode mode = modes.get(mi);
            final double[] y = new double[sizes.length];
            final boolean[] failed = new boolean[sizes.length];
            for (int k = 0; k < sizes.length; k++) {
                final SweepPoints.Outcome<ShortConnections.Result> o = out.get(mi * sizes.length + k);
                final ShortConnections.Result r = o.value();
                if (r == null || r.completed() == 0 || r.failed() > 0) {
                    failures++;
                    failed[k] = true;
                    notes.add(o.label() + ": failed: " + (r == null ? o.error()
                        : r.failed() + " connections failed, " + r.completed() + " completed"));
                    if (r == null) {
                        continue;
                    }
                }
                y[k] = r.connPerSecond();
                if (!failed[k]) {
                    if (mode.isToe()) {
                        toe[k] = r.connPerSecond();
                    } else if (Double.isNaN(bestHost[k]) || r.connPerSecond() > bestHost[k]) {
                        bestHost[k] = r.connPerSecond();
                        bestHostMode[k] = mode.label();
                    }
                }
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("mode", mode.label());
                m.put("response_bytes", sizes[k]);
                m.put("completed", r.completed());
                m.put("failed", r.failed());
                m.put("conn_per_s", Transfers.round(r.connPerSecond()));
                m.put("host_ns_per_conn", Transfers.round(r.hostNsPerConn()));
                m.put("host_cpu_util", Transfers.round(r.hostCpuUtil()));
                m.put("card_ns_per_conn", Transfers.round(r.cardNsPerConn()));
                m.put("pci_bytes_per_conn", Transfers.round(r.pciBytesPerConn()));
                json.add(m);
                rows.add(List.of(mode.label(), sizes[k] / 1024 + " KiB", fmt(r.connPerSecond()), fmt(r.hostNsPerConn()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * r.hostCpuUtil()),
                    mode.isToe() ? fmt(r.cardNsPerConn()) : "-", Long.toString(r.completed())));
            }
            series.add(new ChartSpec.Series(mode.label(), x.clone(), y, failed));
        }
        final ChartSpec chart = ChartSpec.lines(id() + ": short connections per second against response size",
            "response size, KiB", "conn_per_s (virtual time)", true, true, series);
        notes.add("each point is a run of ShortConnections: " + CLIENTS + " clients on host A, the server on host B "
            + "writes each response from a buffer (a copy in every mode); host B's CPU and PCI link are charged by "
            + ctx.cost().label() + ", the card's pipeline by its own profile (the card-profile table)");
        final Verdict v = modes.stream().anyMatch(DemoMode::isToe) ? verdict(sizes, toe, bestHost, bestHostMode)
            : Verdict.needs(ModeRegistry.TOE, Map.of());
        return new ClaimResult(claim(), v, RULE, chart, new HtmlReport.Table(List.of("mode", "response", "conn_per_s",
            "host_ns_per_conn", "host_cpu_util", "card_ns_per_conn", "completed"), rows), json, notes,
            modes.stream().map(DemoMode::label).toList(), failures, 0);
    }

    /**
     * The rule: at each size toe's conn_per_s against the best host mode's (NaN: that point failed
     * and is left out). Holds when toe is below everywhere, fails when at or above everywhere,
     * depends on response size otherwise, naming the crossover(s).
     */
    static Verdict verdict(int[] sizes, double[] toe, double[] bestHost, String[] bestHostMode) {
        final List<Integer> ok = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            if (!Double.isNaN(toe[k]) && !Double.isNaN(bestHost[k]) && bestHost[k] > 0) {
                ok.add(k);
            }
        }
        if (ok.isEmpty()) {
            return new Verdict(Verdict.Kind.FAILED, "failed: no response size has both a toe and a host figure",
                Map.of());
        }
        final Map<String, String> f = new LinkedHashMap<>();
        final int first = ok.getFirst();
        final int last = ok.getLast();
        for (int k : ok.size() == 1 ? List.of(first) : List.of(first, last)) {
            f.put("at " + kib(sizes[k]) + " toe / best host (" + bestHostMode[k] + ") conn_per_s",
                fmt(toe[k]) + " / " + fmt(bestHost[k]));
        }
        final List<String> crossings = new ArrayList<>();
        int below = 0;
        for (int i = 0; i < ok.size(); i++) {
            final int k = ok.get(i);
            below += toe[k] < bestHost[k] ? 1 : 0;
            if (i > 0) {
                final int j = ok.get(i - 1);
                final double dj = toe[j] / bestHost[j] - 1;
                final double dk = toe[k] / bestHost[k] - 1;
                if ((dj < 0) != (dk < 0)) {
                    final double t = dj == dk ? 0.5 : dj / (dj - dk);
                    final double at = Math.exp(Math.log(sizes[j]) + t * (Math.log(sizes[k]) - Math.log(sizes[j])));
                    crossings.add(String.format(Locale.ROOT, "about %s (between %s and %s): toe %s below, %s above",
                        kib(at), kib(sizes[j]), kib(sizes[k]), dj < 0 ? "behind" : "ahead", dk < 0 ? "behind" : "ahead"));
                }
            }
        }
        if (below == ok.size()) {
            return new Verdict(Verdict.Kind.HOLDS, "holds: toe completes fewer short connections per second than the "
                + "best host mode at every response size", f);
        }
        if (below == 0) {
            return new Verdict(Verdict.Kind.FAILS, "fails: toe completes at least as many connections per second as "
                + "the best host mode at every response size", f);
        }
        return new Verdict(Verdict.Kind.DEPENDS, "depends on response size: crossover " + String.join("; ", crossings),
            f);
    }

    static String kib(double bytes) {
        final boolean mib = bytes >= 1 << 20;
        final java.math.BigDecimal v = new java.math.BigDecimal(bytes / (mib ? 1 << 20 : 1024))
            .round(new java.math.MathContext(3)).stripTrailingZeros();
        return v.toPlainString() + (mib ? " MiB" : " KiB");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
