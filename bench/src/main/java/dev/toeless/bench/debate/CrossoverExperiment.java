package dev.toeless.bench.debate;

import dev.toeless.bench.demo.CostSetup;
import dev.toeless.bench.demo.TransferResult;
import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfiles;
import dev.toeless.stack.driver.DriverMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C6, the cost model's projection (labelled so in the report): each host generation's modeled CPU
 * per byte comes from a real transfer on the model ({@code stateless}, 10 Gbit/s, one core of that
 * profile); each DPU's from the same transfer with its Arm cores' profile in {@code csum+gro} (the
 * card runs a software stack over its own NIC); the TOE ASIC's from its fixed time per segment.
 * From those, the load at line rates of 1..400 Gbit/s: a design saturates where its compute runs
 * out (the host at a budget of {@value #HOST_CORE_BUDGET} cores, a DPU at its cores, the ASIC at
 * one segment per its pipeline time). Rule: holds when host-2025 saturates at a higher rate than
 * every card; depends on the card when it outruns some; fails when it outruns none.
 */
final class CrossoverExperiment extends Experiment {
    static final int HOST_CORE_BUDGET = 8;
    static final int MSS = 1448;
    static final double[] RATES_GBIT = {1, 2, 5, 10, 25, 40, 50, 100, 200, 400};
    static final List<String> HOSTS = List.of("host-2003", "host-2010", "host-2018", "host-2025");
    static final List<String> CARDS = List.of("bluefield-2", "bluefield-3");
    static final String NEWEST = "host-2025";
    static final String RULE = "the cost model's projection: a design saturates at the rate where its compute runs out "
        + "(host: " + HOST_CORE_BUDGET + " cores, an estimate of what a server gives its network; DPU: its cores; TOE "
        + "ASIC: one " + MSS + "-byte segment per tcp_fast_path_ns). Holds when host-2025 saturates above every card; "
        + "depends on the card when above some; fails when above none";

    /** One design's compute per byte and where it saturates. */
    record Design(String name, String how, double nsPerByte, int units, double saturationGbit, boolean ok) {
        double load(double gbit) {
            return gbit / saturationGbit;
        }
    }

    CrossoverExperiment() {
        super("C6");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final long bytes = ctx.scale().pick(16L << 20, 256L << 20);
        final List<SweepPoints.Point<TransferResult>> points = new ArrayList<>();
        for (String name : HOSTS) {
            points.add(point(ctx, name, DriverMode.STATELESS, bytes));
        }
        for (String name : CARDS) {
            points.add(point(ctx, name, DriverMode.CSUM_GRO, bytes));
        }
        final List<SweepPoints.Outcome<TransferResult>> out = ctx.points().run(id(), points);
        final List<Design> designs = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int failures = 0;
        for (SweepPoints.Outcome<TransferResult> o : out) {
            final boolean ok = Transfers.ok(o.value());
            if (!ok) {
                failures++;
                notes.add(o.label() + ": its transfer failed: " + (o.value() == null ? o.error() : o.value().error()));
            }
            final double ns = o.value() == null ? Double.NaN : o.value().modeled().hostNsPerByteModeled();
            final boolean host = HOSTS.contains(o.label());
            final int units = host ? HOST_CORE_BUDGET : CostProfiles.named(o.label()).cores();
            designs.add(new Design(o.label(), host ? "host stack, stateless NIC, " + units + " cores"
                : "DPU: software TCP on " + units + " Arm cores, csum+gro", ns, units, units * 8 / ns, ok));
        }
        final CostProfile asic = CostProfiles.named("toe-asic");
        final double segNs = asic.picos(CostOp.TCP_FAST_PATH) / 1000.0;
        designs.add(new Design("toe-asic", "TOE pipeline, " + CostProfile.format(segNs) + " ns per segment",
            segNs / MSS, 1, MSS * 8 / segNs, true));
        notes.add("This is the cost model's projection, not a transfer at each rate: per-byte costs come from one "
            + "transfer per profile at 10 Gbit/s and are scaled to the rate; batching that changes with rate is not in it.");
        return judgeAll(designs, notes, failures, bytes);
    }

    private SweepPoints.Point<TransferResult> point(DebateContext ctx, String profile, DriverMode mode, long bytes) {
        final CostSetup cost = new CostSetup(CostProfiles.named(profile).withCores(1), ctx.cost().pci());
        return new SweepPoints.Point<>(profile, () -> Transfers.run(ctx.scratch(), id() + "-" + profile, mode, bytes,
            Transfers.TEN_GBIT, ctx.seed(), cost));
    }

    private ClaimResult judgeAll(List<Design> designs, List<String> notes, int failures, long bytes) {
        final List<ChartSpec.Series> series = new ArrayList<>();
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        for (Design d : designs) {
            final double[] y = new double[RATES_GBIT.length];
            final boolean[] failed = new boolean[RATES_GBIT.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = d.ok() ? d.load(RATES_GBIT[i]) : 0;
                failed[i] = !d.ok();
            }
            series.add(new ChartSpec.Series(d.name(), RATES_GBIT.clone(), y, failed));
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("design", d.name());
            m.put("how", d.how());
            m.put("ns_per_byte_per_unit", Transfers.round(d.nsPerByte()));
            m.put("units", d.units());
            m.put("saturation_gbit_s", Transfers.round(d.saturationGbit()));
            m.put("ok", d.ok());
            json.add(m);
            rows.add(List.of(d.name(), d.how(), d.ok() ? String.format(Locale.ROOT, "%.4f", d.nsPerByte()) : "failed",
                d.ok() ? String.format(Locale.ROOT, "%.1f Gbit/s", d.saturationGbit()) : "failed"));
        }
        final ChartSpec chart = ChartSpec.lines("C6 (cost model projection): load against line rate, 1 = saturated",
            "line rate, Gbit/s", "load (compute needed / compute there)", true, true, series);
        final HtmlReport.Table table = new HtmlReport.Table(List.of("design", "compute", "modeled ns per byte (one unit)",
            "saturates at"), rows);
        return new ClaimResult(claim(), verdict(designs), RULE, chart, table, json, notes,
            designs.stream().map(Design::name).toList(), failures, 0);
    }

    static Verdict verdict(List<Design> designs) {
        final Design newest = designs.stream().filter(d -> NEWEST.equals(d.name())).findFirst().orElse(null);
        if (newest == null || !newest.ok()) {
            return new Verdict(Verdict.Kind.FAILED, "failed: the host-2025 transfer did not finish", Map.of());
        }
        final Map<String, String> f = new LinkedHashMap<>();
        f.put(NEWEST + " saturates at", gbit(newest.saturationGbit()));
        final List<String> outrun = new ArrayList<>();
        final List<String> not = new ArrayList<>();
        for (Design d : designs) {
            if (HOSTS.contains(d.name()) || !d.ok()) {
                continue;
            }
            f.put(d.name() + " saturates at", gbit(d.saturationGbit()));
            (newest.saturationGbit() > d.saturationGbit() ? outrun : not).add(d.name());
        }
        designs.stream().filter(d -> "host-2003".equals(d.name()) && d.ok()).findFirst()
            .ifPresent(d -> f.put("host-2003 saturates at", gbit(d.saturationGbit())));
        if (not.isEmpty()) {
            return new Verdict(Verdict.Kind.HOLDS, "holds (projection): the 2025 host outruns every card; the card is "
                + "the bottleneck", f);
        }
        if (outrun.isEmpty()) {
            return new Verdict(Verdict.Kind.FAILS, "fails (projection): every card outruns the 2025 host", f);
        }
        return new Verdict(Verdict.Kind.DEPENDS, "depends on the card (projection): the 2025 host outruns "
            + String.join(", ", outrun) + " but not " + String.join(", ", not), f);
    }

    private static String gbit(double g) {
        return String.format(Locale.ROOT, "%.1f Gbit/s", g);
    }
}
