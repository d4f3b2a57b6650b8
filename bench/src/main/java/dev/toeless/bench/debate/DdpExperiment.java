package dev.toeless.bench.debate;

import dev.toeless.bench.demo.DemoMode;
import dev.toeless.bench.demo.TransferResult;
import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.stack.driver.DriverMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C8: Mogul's argument that transport offload pays only as the vehicle for RDMA's direct data
 * placement. One transfer into a file per size of the scale (a small one and large ones), in
 * {@code stateless}, {@code toe} (transport offload alone: the host copies what the card placed)
 * and {@code toe+ddp} (the same card placing tagged WRITEs straight into the file's registered
 * page-cache pages). Rule: the claim holds when {@code toe+ddp} delivers intact with (almost) no
 * payload byte touched (at most one in 4,096) and less modeled host CPU per byte than both {@code toe} and {@code stateless} at
 * every size; it depends on the transfer size when it wins at the large sizes only (registration is
 * paid per transfer), naming the smallest size where it wins; it fails when DDP brings the offload
 * no lower host CPU per byte than {@code stateless} at any size (the stateless NIC reaches zero
 * touch without moving TCP) or no gain over {@code toe}.
 */
final class DdpExperiment extends Experiment {
    /** No payload byte touched but a stray few: at most one byte in a page (the placements' control messages). */
    static final double ZERO_TOUCH = 1.0 / 4096;
    static final String RULE = "per transfer size: holds when toe+ddp delivers intact with touch_per_byte at most 1/4096 and a lower "
        + "host_ns_per_byte_modeled than toe and stateless at every size; depends on the transfer size when it is lower "
        + "only from some size on (the smallest such size named); fails when it is never lower than stateless or not "
        + "lower than toe at the largest size";

    DdpExperiment() {
        super("C8");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final double[] sizes = ctx.scale().pick(new double[] {1 << 20, 32 << 20}, new double[] {1 << 20, 64 << 20, 1 << 30});
        final List<DemoMode> modes = List.of(DemoMode.of(DriverMode.STATELESS), DemoMode.TOE, DemoMode.TOE_DDP);
        final List<SweepPoints.Point<TransferResult>> points = new ArrayList<>();
        for (double size : sizes) {
            for (DemoMode m : modes) {
                final String label = m.label() + "@" + mib(size);
                points.add(new SweepPoints.Point<>(label, () -> Transfers.run(ctx.scratch(), id() + "-" + label, m,
                    (long) size, Transfers.TEN_GBIT, ctx.seed(), ctx.cost())));
            }
        }
        final List<SweepPoints.Outcome<TransferResult>> out = ctx.points().run(id(), points);
        final List<String> notes = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<ChartSpec.Series> series = new ArrayList<>();
        final double[][] ns = new double[modes.size()][sizes.length];
        final boolean[][] failed = new boolean[modes.size()][sizes.length];
        final List<SizePoint> judged = new ArrayList<>();
        int failures = 0;
        for (int s = 0; s < sizes.length; s++) {
            final TransferResult[] r = new TransferResult[modes.size()];
            for (int m = 0; m < modes.size(); m++) {
                final SweepPoints.Outcome<TransferResult> o = out.get(s * modes.size() + m);
                r[m] = o.value();
                failed[m][s] = !Transfers.ok(r[m]);
                if (failed[m][s]) {
                    failures++;
                    notes.add(o.label() + ": failed: " + (r[m] == null ? o.error() : r[m].error()));
                }
                if (r[m] == null) {
                    json.add(Map.of("point", o.label(), "error", String.valueOf(o.error())));
                    rows.add(List.of(o.label(), "failed", "", "", "", "", "no"));
                    continue;
                }
                ns[m][s] = r[m].modeled().hostNsPerByteModeled();
                final Map<String, Object> f = new LinkedHashMap<>(Transfers.figures(r[m]));
                f.put("point", o.label());
                f.put("transfer_bytes", (long) sizes[s]);
                json.add(f);
                rows.add(List.of(o.label(), Transfers.gbit(r[m].goodputBitsPerSecond()), Transfers.f4(r[m].touchPerByte()),
                    Transfers.f3(ns[m][s]), String.format(Locale.ROOT, "%.0f%%", 100 * r[m].modeled().hostCpuUtil()),
                    r[m].modeled().cardProfile() == null ? "-"
                        : String.format(Locale.ROOT, "%.0f%%", 100 * r[m].modeled().cardCpuUtil()),
                    r[m].sha256Ok() ? "yes" : "no"));
            }
            judged.add(SizePoint.of((long) sizes[s], r[0], r[1], r[2]));
        }
        for (int m = 0; m < modes.size(); m++) {
            series.add(new ChartSpec.Series(modes.get(m).label(), sizes.clone(), ns[m], failed[m]));
        }
        final ChartSpec chart = ChartSpec.lines(
            id() + ": host B's modeled CPU per byte against transfer size, 10 Gbit/s",
            "transfer size (bytes)", "host_ns_per_byte_modeled (ns)", true, false, series);
        final HtmlReport.Table table = new HtmlReport.Table(List.of("mode@size", "goodput", "touch_per_byte",
            "host_ns_per_byte_modeled", "host_cpu_util", "card_cpu_util", "sha256_ok"), rows);
        notes.add("hostile steering tags (invalid STag, bounds, rights, another stream's tag) against the card are checked "
            + "by CardProtectionErrorTest and the HostileTagsProperties property, not in this run");
        final List<String> labels = modes.stream().map(DemoMode::label).toList();
        return new ClaimResult(claim(), verdict(judged), RULE, chart, table, json, notes, labels, failures, 0);
    }

    /** What decides the claim at one transfer size. */
    record SizePoint(long bytes, boolean intact, double ddpTouch, double statelessNs, double toeNs, double ddpNs) {
        static SizePoint of(long bytes, TransferResult stateless, TransferResult toe, TransferResult ddp) {
            if (!Transfers.ok(stateless) || !Transfers.ok(toe) || !Transfers.ok(ddp)) {
                return new SizePoint(bytes, false, 0, 0, 0, 0);
            }
            return new SizePoint(bytes, true, ddp.touchPerByte(), stateless.modeled().hostNsPerByteModeled(),
                toe.modeled().hostNsPerByteModeled(), ddp.modeled().hostNsPerByteModeled());
        }

        boolean ddpWins() {
            return ddpTouch <= ZERO_TOUCH && ddpNs < statelessNs && ddpNs < toeNs;
        }
    }

    /** The rule over every size's figures, smallest size first. */
    static Verdict verdict(List<SizePoint> points) {
        for (SizePoint p : points) {
            if (!p.intact()) {
                return new Verdict(Verdict.Kind.FAILED, "failed: a transfer of " + mib(p.bytes())
                    + " did not deliver the file intact", Map.of());
            }
        }
        final SizePoint largest = points.get(points.size() - 1);
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("toe+ddp touch_per_byte", Transfers.f4(largest.ddpTouch()));
        f.put("host_ns_per_byte_modeled at " + mib(largest.bytes()) + ": stateless", Transfers.f3(largest.statelessNs()));
        f.put("toe", Transfers.f3(largest.toeNs()));
        f.put("toe+ddp", Transfers.f3(largest.ddpNs()));
        if (largest.ddpNs() >= largest.toeNs()) {
            return new Verdict(Verdict.Kind.FAILS, "fails: direct data placement gives the TOE no lower host CPU per byte", f);
        }
        SizePoint firstWin = null;
        boolean all = true;
        for (SizePoint p : points) {
            if (p.ddpWins()) {
                if (firstWin == null) {
                    firstWin = p;
                }
            } else {
                all = false;
            }
        }
        if (firstWin == null) {
            return new Verdict(Verdict.Kind.FAILS, "fails: toe+ddp beats toe, but never the stateless NIC, which reaches "
                + "zero touch with TCP in the host", f);
        }
        if (all) {
            return new Verdict(Verdict.Kind.HOLDS, "holds: with DDP the offload costs the host less per byte than toe "
                + "and stateless at every size", f);
        }
        return new Verdict(Verdict.Kind.DEPENDS, "depends on the transfer size: toe+ddp costs the host least from "
            + mib(firstWin.bytes()) + " on (registration is paid per transfer)", f);
    }

    private static String mib(double bytes) {
        return bytes >= 1 << 30 ? String.format(Locale.ROOT, "%.0f GiB", bytes / (1 << 30))
            : String.format(Locale.ROOT, "%.0f MiB", bytes / (1 << 20));
    }
}
