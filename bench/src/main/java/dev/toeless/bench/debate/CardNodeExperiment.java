package dev.toeless.bench.debate;

import dev.toeless.bench.demo.DemoMode;
import dev.toeless.bench.demo.TransferResult;
import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C9: Garzik's card node. A bulk transfer into a file on host B in {@code stateless}, {@code toe}
 * and {@code card-node} (B behind a card that is an IP node of its own: it ends A's connection and
 * relays the stream over TCP across a 64 KiB-MTU IP-over-PCI link with no checksums), at each line
 * rate of the scale. Rule: the claim holds at a rate when the card node delivered the file intact
 * with fewer packets through host B's IP layer per GB and less modeled host CPU per byte than
 * {@code stateless}, and the card's cores would not saturate below that rate; it depends on the
 * card's cores when the host gains but the card saturates first (the saturation rate is computed
 * from the card's modeled CPU per byte, not run); it fails when the host does not gain.
 */
final class CardNodeExperiment extends Experiment {
    static final String RULE = "at each line rate: holds when card-node delivers the file intact with fewer "
        + "host_packets_per_gb and a lower host_ns_per_byte_modeled than stateless and the card's cores saturate above "
        + "that rate (card_saturation_gbit_s, computed); depends on the card's cores when the host gains but the card "
        + "saturates below the rate; fails when the host gains nothing";

    CardNodeExperiment() {
        super("C9");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final long bytes = ctx.scale().pick(32L << 20, 1L << 30);
        final double[] rates = ctx.scale().pick(new double[] {10}, new double[] {10, 40, 100});
        final List<DemoMode> modes = List.of(DemoMode.of(dev.toeless.stack.driver.DriverMode.STATELESS), DemoMode.TOE,
            DemoMode.CARD_NODE);
        final List<SweepPoints.Point<TransferResult>> points = new ArrayList<>();
        for (double gbit : rates) {
            for (DemoMode m : modes) {
                final String label = m.label() + "@" + fmt(gbit);
                points.add(new SweepPoints.Point<>(label, () -> Transfers.run(ctx.scratch(), id() + "-" + label, m,
                    bytes, (long) (gbit * 1e9), ctx.seed(), ctx.cost())));
            }
        }
        final List<SweepPoints.Outcome<TransferResult>> out = ctx.points().run(id(), points);
        final List<String> labels = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final double[] hostNs = new double[out.size()];
        final double[] hostUtil = new double[out.size()];
        final double[] cardUtil = new double[out.size()];
        final boolean[] failed = new boolean[out.size()];
        int failures = 0;
        final List<RatePoint> judged = new ArrayList<>();
        for (int r = 0; r < rates.length; r++) {
            TransferResult stateless = null;
            TransferResult node = null;
            for (int i = r * modes.size(); i < (r + 1) * modes.size(); i++) {
                final SweepPoints.Outcome<TransferResult> o = out.get(i);
                labels.add(o.label());
                final TransferResult t = o.value();
                failed[i] = !Transfers.ok(t);
                if (failed[i]) {
                    failures++;
                    notes.add(o.label() + ": failed: " + (t == null ? o.error() : t.error()));
                }
                if (t == null) {
                    json.add(Map.of("point", o.label(), "error", String.valueOf(o.error())));
                    rows.add(List.of(o.label(), "failed", "", "", "", "", "", "", "no"));
                    continue;
                }
                hostNs[i] = t.modeled().hostNsPerByteModeled();
                hostUtil[i] = t.modeled().hostCpuUtil();
                cardUtil[i] = t.modeled().cardCpuUtil();
                final Map<String, Object> f = new LinkedHashMap<>(Transfers.figures(t));
                f.put("point", o.label());
                f.put("line_rate_gbit_s", rates[r]);
                json.add(f);
                rows.add(List.of(o.label(), Transfers.gbit(t.goodputBitsPerSecond()),
                    String.format(Locale.ROOT, "%,.0f", t.modeled().hostPacketsPerGb()), Transfers.f3(hostNs[i]),
                    pct(hostUtil[i]), t.modeled().cardProfile() == null ? "-" : pct(cardUtil[i]),
                    t.modeled().cardSaturationGbps() > 0 ? fmt(t.modeled().cardSaturationGbps()) + " Gbit/s" : "-",
                    Transfers.f4(t.touchPerByte()), t.sha256Ok() ? "yes" : "no"));
                if (t.mode().equals("stateless")) {
                    stateless = t;
                } else if (t.mode().equals(DemoMode.CARD_NODE.label())) {
                    node = t;
                }
            }
            judged.add(RatePoint.of(rates[r], stateless, node));
        }
        final ChartSpec chart = ChartSpec.bars(id() + ": host B's modeled CPU, " + (bytes >> 20) + " MiB into a file",
            "mode@Gbit/s", "ns per payload byte; busy share of cores", false, labels, List.of(
                new ChartSpec.Series("host_ns_per_byte_modeled (ns)", new double[hostNs.length], hostNs, failed),
                new ChartSpec.Series("host_cpu_util", new double[hostUtil.length], hostUtil, failed),
                new ChartSpec.Series("card_cpu_util", new double[cardUtil.length], cardUtil, failed)));
        final HtmlReport.Table table = new HtmlReport.Table(List.of("mode@Gbit/s", "goodput", "host_packets_per_gb",
            "host_ns_per_byte_modeled", "host_cpu_util", "card_cpu_util", "card_saturates_at (computed)",
            "touch_per_byte", "sha256_ok"), rows);
        notes.add("card_saturates_at is computed from the card's modeled CPU per byte and its cores (not a run at that rate); "
            + "the card's profile is in the demo's --print-profile");
        return new ClaimResult(claim(), verdict(judged), RULE, chart, table, json, notes, labels, failures, 0);
    }

    /** What decides the claim at one line rate. */
    record RatePoint(double gbit, boolean intact, double statelessPackets, double nodePackets, double statelessNs,
                     double nodeNs, double saturationGbit) {
        static RatePoint of(double gbit, TransferResult stateless, TransferResult node) {
            if (stateless == null || node == null || !stateless.sha256Ok() || !node.sha256Ok()) {
                return new RatePoint(gbit, false, 0, 0, 0, 0, 0);
            }
            return new RatePoint(gbit, true, stateless.modeled().hostPacketsPerGb(), node.modeled().hostPacketsPerGb(),
                stateless.modeled().hostNsPerByteModeled(), node.modeled().hostNsPerByteModeled(),
                node.modeled().cardSaturationGbps());
        }
    }

    /** The rule over every rate's figures. */
    static Verdict verdict(List<RatePoint> points) {
        final Map<String, String> f = new LinkedHashMap<>();
        for (RatePoint p : points) {
            if (!p.intact()) {
                return new Verdict(Verdict.Kind.FAILED, "failed: a transfer at " + fmt(p.gbit())
                    + " Gbit/s did not deliver the file intact", Map.of());
            }
        }
        final RatePoint first = points.get(0);
        f.put("host_packets_per_gb stateless", String.format(Locale.ROOT, "%,.0f", first.statelessPackets()));
        f.put("host_packets_per_gb card-node", String.format(Locale.ROOT, "%,.0f", first.nodePackets()));
        f.put("host_ns_per_byte_modeled stateless", Transfers.f3(first.statelessNs()));
        f.put("host_ns_per_byte_modeled card-node", Transfers.f3(first.nodeNs()));
        f.put("card_saturation_gbit_s (computed)", fmt(first.saturationGbit()));
        for (RatePoint p : points) {
            if (p.nodePackets() >= p.statelessPackets() || p.nodeNs() >= p.statelessNs()) {
                return new Verdict(Verdict.Kind.FAILS, "fails: at " + fmt(p.gbit()) + " Gbit/s the card node leaves host B "
                    + "no fewer packets or no less CPU per byte than stateless", f);
            }
        }
        for (RatePoint p : points) {
            if (p.saturationGbit() > 0 && p.saturationGbit() < p.gbit()) {
                return new Verdict(Verdict.Kind.DEPENDS, "depends on the card's cores: the host gains, but the card "
                    + "saturates at " + fmt(p.saturationGbit()) + " Gbit/s, below " + fmt(p.gbit()) + " Gbit/s", f);
            }
        }
        return new Verdict(Verdict.Kind.HOLDS, "holds: fewer host packets per GB and less host CPU per byte than "
            + "stateless, with the card's cores below saturation", f);
    }

    private static String pct(double util) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * util);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
