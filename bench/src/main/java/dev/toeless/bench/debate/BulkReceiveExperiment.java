package dev.toeless.bench.debate;

import dev.toeless.bench.demo.TransferResult;
import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C1: a bulk receive into a file in every available mode, on the same 10 Gbit/s link and cost
 * profile. Rule: the claim holds when {@code stateless} delivered the file intact with
 * {@code touch_per_byte} 0 and the lowest modeled host CPU per byte of the modes without card TCP;
 * it depends on per-packet cost when it touched nothing but another mode costs less; it fails when
 * {@code stateless} touched payload.
 */
final class BulkReceiveExperiment extends Experiment {
    static final String RULE = "holds when stateless delivers the file intact with touch_per_byte 0 and the lowest "
        + "host_ns_per_byte_modeled of the modes without card TCP; depends on per-packet cost when touch_per_byte is 0 "
        + "but another such mode costs less; fails when stateless touched payload (touch_per_byte > 0)";

    BulkReceiveExperiment() {
        super("C1");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final long bytes = ctx.scale().pick(32L << 20, 1L << 30);
        final List<DebateMode> modes = ctx.modes().hostModes();
        final List<SweepPoints.Point<TransferResult>> points = new ArrayList<>();
        for (DebateMode m : modes) {
            points.add(new SweepPoints.Point<>(m.label(), () -> Transfers.run(ctx.scratch(), id() + "-" + m.label(),
                m.driver(), bytes, Transfers.TEN_GBIT, ctx.seed(), ctx.cost())));
        }
        final List<SweepPoints.Outcome<TransferResult>> out = ctx.points().run(id(), points);
        return judge(out, bytes, ctx);
    }

    private ClaimResult judge(List<SweepPoints.Outcome<TransferResult>> out, long bytes, DebateContext ctx) {
        final List<String> labels = new ArrayList<>();
        final double[] touch = new double[out.size()];
        final double[] copies = new double[out.size()];
        final double[] ns = new double[out.size()];
        final boolean[] failed = new boolean[out.size()];
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        TransferResult stateless = null;
        double lowest = Double.MAX_VALUE;
        String lowestMode = null;
        int failures = 0;
        for (int i = 0; i < out.size(); i++) {
            final SweepPoints.Outcome<TransferResult> o = out.get(i);
            labels.add(o.label());
            final TransferResult r = o.value();
            failed[i] = !Transfers.ok(r);
            if (r == null) {
                failures++;
                notes.add(o.label() + ": failed: " + o.error());
                json.add(Map.of("mode", o.label(), "error", o.error()));
                rows.add(List.of(o.label(), "failed", "", "", "", "", "", "no"));
                continue;
            }
            if (failed[i]) {
                failures++;
                notes.add(o.label() + ": failed: " + r.error());
            }
            touch[i] = r.touchPerByte();
            copies[i] = r.copiesPerByte();
            ns[i] = r.modeled().hostNsPerByteModeled();
            json.add(Transfers.figures(r));
            rows.add(List.of(r.mode(), Transfers.f4(r.touchPerByte()), Transfers.f4(r.copiesPerByte()),
                Transfers.f3(ns[i]), String.format("%.0f%%", 100 * r.modeled().hostCpuUtil()),
                String.format("%.0f", r.modeled().pciTxPerMb()), Transfers.gbit(r.goodputBitsPerSecond()),
                r.sha256Ok() ? "yes" : "no"));
            if (!failed[i] && ns[i] < lowest) {
                lowest = ns[i];
                lowestMode = r.mode();
            }
            if ("stateless".equals(r.mode())) {
                stateless = r;
            }
        }
        final ChartSpec chart = ChartSpec.bars(
            id() + ": host CPU on received payload, " + (bytes >> 20) + " MiB at 10 Gbit/s",
            "mode", "per payload byte", false, labels, List.of(
                new ChartSpec.Series("touch_per_byte (passes)", new double[touch.length], touch, failed),
                new ChartSpec.Series("copies_per_byte", new double[copies.length], copies, failed),
                new ChartSpec.Series("host_ns_per_byte_modeled (ns)", new double[ns.length], ns, failed)));
        final HtmlReport.Table table = new HtmlReport.Table(List.of("mode", "touch_per_byte", "copies_per_byte",
            "host_ns_per_byte_modeled", "host_cpu_util", "pci_tx_per_mb", "goodput", "sha256_ok"), rows);
        for (String missing : ctx.modes().missing(ModeRegistry.TOE, ModeRegistry.TOE_DDP, ModeRegistry.CARD_NODE)) {
            notes.add(missing + ": not yet available, not run");
        }
        return new ClaimResult(claim(), verdict(stateless, lowest, lowestMode), RULE, chart, table, json, notes,
            labels, failures, 0);
    }

    static Verdict verdict(TransferResult stateless, double lowest, String lowestMode) {
        if (stateless == null) {
            return verdict(false, 0, 0, lowest, lowestMode);
        }
        return verdict(stateless.sha256Ok(), stateless.touchPerByte(), stateless.modeled().hostNsPerByteModeled(),
            lowest, lowestMode);
    }

    /** The rule from the figures: stateless's file intact, its touch and CPU per byte, the cheapest mode's. */
    static Verdict verdict(boolean statelessIntact, double statelessTouch, double statelessNs, double lowest,
                           String lowestMode) {
        if (!statelessIntact) {
            return new Verdict(Verdict.Kind.FAILED, "failed: the stateless transfer did not deliver the file intact",
                Map.of());
        }
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("stateless touch_per_byte", Transfers.f4(statelessTouch));
        f.put("stateless host_ns_per_byte_modeled", Transfers.f3(statelessNs));
        if (lowestMode != null && !"stateless".equals(lowestMode)) {
            f.put(lowestMode + " host_ns_per_byte_modeled", Transfers.f3(lowest));
        }
        if (statelessTouch > 0) {
            return new Verdict(Verdict.Kind.FAILS, "fails: stateless touched payload", f);
        }
        if ("stateless".equals(lowestMode)) {
            return new Verdict(Verdict.Kind.HOLDS, "holds: no payload byte touched, and the cheapest host CPU per byte", f);
        }
        return new Verdict(Verdict.Kind.DEPENDS, "depends on per-packet cost: no payload byte touched, but "
            + lowestMode + " spends less modeled host CPU per byte", f);
    }
}
