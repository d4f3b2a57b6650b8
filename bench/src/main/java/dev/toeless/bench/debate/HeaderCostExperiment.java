package dev.toeless.bench.debate;

import dev.toeless.bench.demo.TransferResult;
import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.nic.cost.ByteOp;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.stack.driver.DriverMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C2: where host B's modeled CPU time goes in a bulk transfer, from the cost model's breakdown:
 * TCP and IP (protocol), payload copies and checksums (data touching), and the rest (driver,
 * interrupts, descriptors, wake-ups, system calls, page flips). Rule: the claim holds when in
 * {@code none} the protocol's share of host time is below the data-touching share and at least
 * 90 % of TCP's segments take the header-prediction fast path; it fails otherwise.
 */
final class HeaderCostExperiment extends Experiment {
    static final double FAST_PATH_GOAL = 0.9;
    static final String RULE = "holds when, in none, the share of host time in IP and TCP is below the share in touching "
        + "data (copy + checksum) and at least 90% of TCP segments take the fast path (header prediction); fails otherwise";
    private static final CostOp[] PROTOCOL = {CostOp.IP_INPUT, CostOp.IP_OUTPUT, CostOp.TCP_FAST_PATH,
        CostOp.TCP_SLOW_PATH, CostOp.PURE_ACK, CostOp.TIMER};

    /** One mode's split of modeled host time. */
    record Split(String mode, double protocolShare, double touchShare, double otherShare, double fastNsPerSegment,
                 double slowNsPerSegment, long fastSegments, long slowSegments, double nsPerByte) {
        double fastShare() {
            return fastSegments + slowSegments == 0 ? 0 : (double) fastSegments / (fastSegments + slowSegments);
        }
    }

    HeaderCostExperiment() {
        super("C2");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final long bytes = ctx.scale().pick(16L << 20, 1L << 30);
        final List<SweepPoints.Point<TransferResult>> points = new ArrayList<>();
        for (DebateMode m : ctx.modes().hostModes()) {
            if (m.driver() == DriverMode.NONE || m.driver() == DriverMode.STATELESS) {
                points.add(new SweepPoints.Point<>(m.label(), () -> Transfers.run(ctx.scratch(), id() + "-" + m.label(),
                    m.driver(), bytes, Transfers.TEN_GBIT, ctx.seed(), ctx.cost())));
            }
        }
        final List<SweepPoints.Outcome<TransferResult>> out = ctx.points().run(id(), points);
        final List<Split> splits = new ArrayList<>();
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        int failures = 0;
        for (SweepPoints.Outcome<TransferResult> o : out) {
            if (!Transfers.ok(o.value())) {
                failures++;
                notes.add(o.label() + ": failed: " + (o.value() == null ? o.error() : o.value().error()));
                continue;
            }
            final Split s = split(o.value());
            splits.add(s);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", s.mode());
            m.put("protocol_share", Transfers.round(s.protocolShare()));
            m.put("touch_share", Transfers.round(s.touchShare()));
            m.put("other_share", Transfers.round(s.otherShare()));
            m.put("host_ns_per_segment_fast_path", Transfers.round(s.fastNsPerSegment()));
            m.put("host_ns_per_segment_slow_path", Transfers.round(s.slowNsPerSegment()));
            m.put("fast_path_segments", s.fastSegments());
            m.put("slow_path_segments", s.slowSegments());
            m.put("host_ns_per_byte_modeled", Transfers.round(s.nsPerByte()));
            json.add(m);
            rows.add(List.of(s.mode(), pct(s.protocolShare()), pct(s.touchShare()), pct(s.otherShare()),
                Transfers.f3(s.fastNsPerSegment()), Transfers.f3(s.slowNsPerSegment()),
                s.fastSegments() + " / " + s.slowSegments(), Transfers.f3(s.nsPerByte())));
        }
        final List<String> labels = splits.stream().map(Split::mode).toList();
        final ChartSpec chart = splits.isEmpty() ? null : ChartSpec.bars(
            id() + ": where modeled host time goes, bulk receive " + (bytes >> 20) + " MiB",
            "mode", "share of host B's modeled CPU time", false, labels, List.of(
                ChartSpec.Series.bars("IP + TCP (protocol)", splits.stream().mapToDouble(Split::protocolShare).toArray()),
                ChartSpec.Series.bars("copy + checksum (data touching)",
                    splits.stream().mapToDouble(Split::touchShare).toArray()),
                ChartSpec.Series.bars("driver, interrupts, syscalls, flips",
                    splits.stream().mapToDouble(Split::otherShare).toArray())));
        final HtmlReport.Table table = new HtmlReport.Table(List.of("mode", "protocol share", "data touching share",
            "other share", "host_ns_per_segment fast path", "host_ns_per_segment slow path",
            "segments fast / slow", "host_ns_per_byte_modeled"), rows);
        return new ClaimResult(claim(), verdict(splits), RULE, chart, table, json, notes,
            out.stream().map(SweepPoints.Outcome::label).toList(), failures, 0);
    }

    static Verdict verdict(List<Split> splits) {
        final Split none = splits.stream().filter(s -> "none".equals(s.mode())).findFirst().orElse(null);
        if (none == null) {
            return new Verdict(Verdict.Kind.FAILED, "failed: the transfer in none did not finish", Map.of());
        }
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("none protocol share", pct(none.protocolShare()));
        f.put("none data touching share", pct(none.touchShare()));
        f.put("fast path share of segments", pct(none.fastShare()));
        if (none.protocolShare() < none.touchShare() && none.fastShare() >= FAST_PATH_GOAL) {
            return new Verdict(Verdict.Kind.HOLDS, "holds: header prediction takes the segments, and TCP/IP costs less "
                + "than touching the data", f);
        }
        final String why = none.protocolShare() >= none.touchShare()
            ? "IP and TCP take more host time than touching the data"
            : "fewer than 90% of segments take the fast path";
        return new Verdict(Verdict.Kind.FAILS, "fails: " + why, f);
    }

    static Split split(TransferResult r) {
        final Map<String, Long> b = r.modeled().breakdown();
        long total = 0;
        for (Map.Entry<String, Long> e : b.entrySet()) {
            if (e.getKey().endsWith("_ps")) {
                total += e.getValue();
            }
        }
        long protocol = 0;
        for (CostOp op : PROTOCOL) {
            protocol += b.getOrDefault(op.key() + "_ps", 0L);
        }
        final long touch = b.getOrDefault(ByteOp.COPY.key() + "_ps", 0L) + b.getOrDefault(ByteOp.CHECKSUM.key() + "_ps", 0L);
        final double t = Math.max(1, total);
        final long fast = b.getOrDefault(CostOp.TCP_FAST_PATH.key() + "_count", 0L);
        final long slow = b.getOrDefault(CostOp.TCP_SLOW_PATH.key() + "_count", 0L);
        return new Split(r.mode(), protocol / t, touch / t, (total - protocol - touch) / t,
            perSegment(b, CostOp.TCP_FAST_PATH), perSegment(b, CostOp.TCP_SLOW_PATH), fast, slow,
            r.modeled().hostNsPerByteModeled());
    }

    private static double perSegment(Map<String, Long> b, CostOp op) {
        final long n = b.getOrDefault(op.key() + "_count", 0L);
        return n == 0 ? 0 : b.getOrDefault(op.key() + "_ps", 0L) / 1000.0 / n;
    }

    static String pct(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * share);
    }
}
