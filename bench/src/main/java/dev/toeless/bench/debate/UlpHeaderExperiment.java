package dev.toeless.bench.debate;

import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.stack.driver.DriverMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C10: an upload (a protocol head of swept size, then the body) into a file on host B in
 * {@code stateless}, with the alignment hint (host B tells its NIC, at accept, where the body
 * starts, as an HTTP server that answers {@code Expect: 100-continue} can) and without. Rule:
 * depends on the alignment hint when heads defeat placement without it (more than a page of copies
 * per upload for some head size) and not with it; holds when they defeat it either way; fails when
 * they never do.
 */
final class UlpHeaderExperiment extends Experiment {
    static final String RULE = "depends on the alignment hint when, without it, some head size costs more than one "
        + "page of copies per upload (touch_per_byte on the body above 4096 / body bytes) and, with it, no head size "
        + "does; holds when some head costs more than a page with the hint too; fails when none does even without it";

    UlpHeaderExperiment() {
        super("C10");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        if (!ctx.modes().available(DriverMode.STATELESS.label())) {
            return new ClaimResult(claim(), Verdict.needs("stateless", Map.of()), RULE, null, null, List.of(), List.of(),
                List.of(), 0, 0);
        }
        final int[] heads = ctx.scale() == Scale.QUICK ? new int[] {0, 100, 300, 1000, 2500, 4096}
            : new int[] {0, 50, 100, 300, 700, 1000, 1500, 2500, 4000, 4096, 6000};
        final long body = ctx.scale().pick(8L << 20, 128L << 20);
        final List<SweepPoints.Point<StreamRun.Result>> points = new ArrayList<>();
        for (boolean hint : new boolean[] {true, false}) {
            for (int h : heads) {
                final String label = (hint ? "hint" : "no hint") + " head " + h;
                points.add(new SweepPoints.Point<>(label, () -> new StreamRun(new StreamRun.Spec(DriverMode.STATELESS,
                    body, h, hint, ctx.seed(), Transfers.TEN_GBIT,
                    ctx.scratch().resolve(id() + "-" + (hint ? "h" : "n") + h), null, 0, 0)).run()));
            }
        }
        final List<SweepPoints.Outcome<StreamRun.Result>> out = ctx.points().run(id(), points);
        return judge(heads, body, out);
    }

    private ClaimResult judge(int[] heads, long body, List<SweepPoints.Outcome<StreamRun.Result>> out) {
        final double[] x = new double[heads.length];
        final double[][] y = new double[2][heads.length];
        final boolean[][] failed = new boolean[2][heads.length];
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < out.size(); i++) {
            final int s = i / heads.length;
            final int k = i % heads.length;
            x[k] = heads[k];
            final SweepPoints.Outcome<StreamRun.Result> o = out.get(i);
            final StreamRun.Result r = o.value();
            if (r == null || !r.complete()) {
                failures++;
                failed[s][k] = true;
                notes.add(o.label() + ": failed: " + (r == null ? o.error() : "the body did not arrive intact"));
            }
            if (r == null) {
                continue;
            }
            y[s][k] = r.touchPerBodyByte();
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", "stateless");
            m.put("hint", s == 0);
            m.put("head_bytes", heads[k]);
            m.put("body_bytes", r.bodyBytes());
            m.put("touch_per_byte", Transfers.round(r.touchPerBodyByte()));
            m.put("pages_flipped", r.pagesFlipped());
            m.put("pages_copied", r.pagesCopied());
            m.put("sha256_ok", r.complete());
            json.add(m);
            rows.add(List.of(Integer.toString(heads[k]), s == 0 ? "yes" : "no", Transfers.f4(r.touchPerBodyByte()),
                r.pagesFlipped() + " / " + r.pagesCopied(), r.complete() ? "yes" : "no"));
        }
        final ChartSpec chart = ChartSpec.lines(id() + ": touches per body byte behind a protocol head, stateless, "
            + (body >> 20) + " MiB body", "head bytes before the body", "touch_per_byte (body)", false, false, List.of(
                new ChartSpec.Series("with the alignment hint", x, y[0], failed[0]),
                new ChartSpec.Series("without", x.clone(), y[1], failed[1])));
        final HtmlReport.Table table = new HtmlReport.Table(List.of("head bytes", "hint", "touch_per_byte (body)",
            "pages flipped / copied", "sha256_ok"), rows);
        notes.add("touch_per_byte here counts host B's passes over the body; reading the head into a buffer is the "
            + "protocol's own work and is left out");
        return new ClaimResult(claim(), verdict(heads, y[0], y[1], body), RULE, chart, table, json, notes,
            List.of("stateless"), failures, 0);
    }

    static Verdict verdict(int[] heads, double[] withHint, double[] without, long body) {
        final double onePage = 4096.0 / body;
        double worstWithout = 0;
        int worstHead = -1;
        double worstWith = 0;
        for (int k = 0; k < heads.length; k++) {
            if (without[k] > worstWithout) {
                worstWithout = without[k];
                worstHead = heads[k];
            }
            worstWith = Math.max(worstWith, withHint[k]);
        }
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("without hint, worst", worstHead < 0 ? "0" : fine(worstWithout) + " at a " + worstHead + "-byte head");
        f.put("with hint, worst", fine(worstWith) + " (one page per upload is " + fine(onePage) + ")");
        if (worstWithout <= onePage) {
            return new Verdict(Verdict.Kind.FAILS, "fails: no head size cost more than a page of copies, even without "
                + "the hint", f);
        }
        if (worstWith > onePage) {
            return new Verdict(Verdict.Kind.HOLDS, "holds: heads cost copies beyond one page even with the hint", f);
        }
        return new Verdict(Verdict.Kind.DEPENDS, "depends on the alignment hint: without it a head makes the body's "
            + "pages copies, with it at most one page per upload is copied", f);
    }

    /** Enough digits to tell one page of a large body from none. */
    private static String fine(double v) {
        return v == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
