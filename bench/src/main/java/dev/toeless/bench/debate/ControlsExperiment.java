package dev.toeless.bench.debate;

import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.stack.tcp.cc.CongestionControls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * C7: four of the host's own controls applied in the middle of a transfer (a quarter of the body
 * in), each in every available mode, and whether the transfer obeys: a filter rule that drops the
 * connection's packets, a qdisc rate limit on the sender, a congestion-control switch on the open
 * connection, a global socket-memory cap on the receiver. Host modes run {@link StreamRun}; toe runs
 * {@link ToeControlRun}, the control applied to the card's host and the effect measured.
 */
final class ControlsExperiment extends Experiment {
    static final long RATE_LIMIT_BYTES_PER_S = 125_000_000L; // 1 Gbit/s
    static final long MEMORY_CAP_PAGES = 16;
    static final long SLACK_BYTES = 64 * 1024;
    static final String RULE = "a control is applied mid-transfer (a quarter of the body in) to the host's own stack, "
        + "the way Linux applies it, and is honoured when, after it: filter DROP on the receiver's INPUT: goodput falls "
        + "under 5% of what it was; qdisc rate limit of 1 Gbit/s on the sender: goodput at most 1.1 Gbit/s; "
        + "congestion-control switch on the sender's socket (to newreno from cubic): the connection runs another "
        + "congestion control than before; global socket-memory cap of 16 pages on the receiver: its advertised window "
        + "and the connection's buffered bytes (host socket memory, plus the card's buffers for toe) stay within the "
        + "cap plus 64 KiB. 'After' is the second half of the time after the control, once what was in flight has "
        + "drained. For toe the card's host takes the control (receiving for the filter and the cap, sending for the "
        + "others) and the connection is read from the card. Holds when toe loses every control that every host mode "
        + "honours; depends on the control when it loses some; fails when it loses none";

    /** One control: its name, what it does to the hosts, and when it counts as honoured. */
    private record ControlSpec(String name, String shortName, ToeControlRun.Kind kind, StreamRun.Control control,
                               Predicate<StreamRun.Result> honoured,
                               java.util.function.Function<StreamRun.Result, String> effect) {
    }

    private static List<ControlSpec> controls() {
        return List.of(
            new ControlSpec("filter rule", "filter", ToeControlRun.Kind.FILTER, h -> {
                h.b().filter().execute("-A INPUT -p tcp --dport " + StreamRun.PORT + " -j DROP");
                return "-A INPUT -p tcp --dport " + StreamRun.PORT + " -j DROP";
            }, r -> r.goodputSettled() < 0.05 * r.goodputBefore(),
                r -> gbit(r.goodputBefore()) + " before, " + gbit(r.goodputSettled()) + " after"),
            new ControlSpec("qdisc rate limit", "qdisc", ToeControlRun.Kind.QDISC, h -> {
                h.a().qdisc().setRate(h.scheduler().nowNs(), RATE_LIMIT_BYTES_PER_S, 64 * 1024);
                return "sender's qdisc shaped to 1 Gbit/s";
            }, r -> r.goodputSettled() <= 1.1 * RATE_LIMIT_BYTES_PER_S * 8,
                r -> gbit(r.goodputBefore()) + " before, " + gbit(r.goodputSettled()) + " after"),
            new ControlSpec("congestion-control switch", "cc switch", ToeControlRun.Kind.CC_SWITCH, h -> {
                final String was = h.sender().connection().congestionControlName();
                final boolean ok = h.sender().connection().switchCongestionControl(h.scheduler().nowNs(),
                    CongestionControls.create("newreno"));
                return was + " to newreno" + (ok ? "" : " refused");
            }, r -> !r.senderCc().equals(r.senderCcBefore()),
                r -> "sender ran " + r.senderCcBefore() + ", runs " + r.senderCc()),
            new ControlSpec("global socket-memory cap", "socket memory", ToeControlRun.Kind.SOCKET_MEMORY, h -> {
                h.b().tcp().socketMemory().setGlobalLimitEnabled(true);
                h.b().tcp().socketMemory().setLimits(MEMORY_CAP_PAGES / 2, MEMORY_CAP_PAGES * 3 / 4, MEMORY_CAP_PAGES);
                return "receiver's tcp_mem high = " + MEMORY_CAP_PAGES + " pages";
            }, r -> r.peakReceiveWindowAfter() <= MEMORY_CAP_PAGES * 4096 + SLACK_BYTES
                && r.peakSocketMemoryAfter() <= MEMORY_CAP_PAGES * 4096 + SLACK_BYTES,
                r -> "window " + r.peakReceiveWindowAfter() / 1024 + " KiB, socket memory "
                    + r.peakSocketMemoryAfter() / 1024 + " KiB at most (cap " + MEMORY_CAP_PAGES * 4 + " KiB), "
                    + gbit(r.goodputSettled()) + " after"));
    }

    ControlsExperiment() {
        super("C7");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final long body = ctx.scale().pick(32L << 20, 256L << 20);
        final long afterNs = ctx.scale().pick(20_000_000L, 100_000_000L);
        final List<ControlSpec> controls = controls();
        final List<DebateMode> modes = ctx.modes().hostModes();
        final boolean toe = ctx.modes().available(ModeRegistry.TOE);
        final List<SweepPoints.Point<StreamRun.Result>> points = new ArrayList<>();
        for (ControlSpec c : controls) {
            for (DebateMode m : modes) {
                points.add(new SweepPoints.Point<>(c.name() + " / " + m.label(), () -> new StreamRun(new StreamRun.Spec(
                    m.driver(), body, 0, true, ctx.seed(), Transfers.TEN_GBIT,
                    ctx.scratch().resolve(id() + "-" + controls.indexOf(c) + "-" + m.label().replace('+', '_')),
                    c.control(), 0.25, afterNs)).run()));
            }
            if (toe) {
                points.add(new SweepPoints.Point<>(c.name() + " / " + ModeRegistry.TOE, () -> new ToeControlRun(
                    new ToeControlRun.Spec(c.kind(), body, ctx.seed(), Transfers.TEN_GBIT, afterNs)).run()));
            }
        }
        final List<SweepPoints.Outcome<StreamRun.Result>> out = ctx.points().run(id(), points);
        final List<String> labels = new ArrayList<>(modes.stream().map(DebateMode::label).toList());
        if (toe) {
            labels.add(ModeRegistry.TOE);
        }
        return judge(ctx, controls, labels, toe, out);
    }

    private ClaimResult judge(DebateContext ctx, List<ControlSpec> controls, List<String> modes, boolean toe,
                              List<SweepPoints.Outcome<StreamRun.Result>> out) {
        final List<String> header = new ArrayList<>(List.of("control"));
        header.addAll(modes);
        for (String missing : ctx.modes().missing(ModeRegistry.TOE, ModeRegistry.TOE_DDP, ModeRegistry.CARD_NODE)) {
            header.add(missing);
        }
        final List<List<String>> rows = new ArrayList<>();
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final double[][] honouredShare = new double[modes.size()][controls.size()];
        final boolean[] hostsHonour = new boolean[controls.size()];
        final Boolean[] toeHonours = new Boolean[controls.size()];
        int failures = 0;
        for (int ci = 0; ci < controls.size(); ci++) {
            final List<String> row = new ArrayList<>(List.of(controls.get(ci).name()));
            hostsHonour[ci] = true;
            for (int mi = 0; mi < modes.size(); mi++) {
                final boolean isToe = toe && mi == modes.size() - 1;
                final SweepPoints.Outcome<StreamRun.Result> o = out.get(ci * modes.size() + mi);
                final StreamRun.Result r = o.value();
                if (r == null || r.controlAtNs() < 0) {
                    failures++;
                    row.add("failed");
                    notes.add(o.label() + ": failed: " + (r == null ? o.error() : "the control was never applied"));
                    if (!isToe) {
                        hostsHonour[ci] = false;
                    }
                    continue;
                }
                final boolean ok = controls.get(ci).honoured().test(r);
                honouredShare[mi][ci] = ok ? 1 : 0;
                if (isToe) {
                    toeHonours[ci] = ok;
                } else {
                    hostsHonour[ci] &= ok;
                }
                row.add((ok ? "\u2713 " : "\u2717 ") + controls.get(ci).effect().apply(r));
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("control", controls.get(ci).name());
                m.put("mode", modes.get(mi));
                m.put("applied", r.controlDid());
                m.put("honoured", ok);
                m.put("goodput_before_bit_s", Transfers.round(r.goodputBefore()));
                m.put("goodput_after_bit_s", Transfers.round(r.goodputSettled()));
                m.put("peak_receive_window_after_bytes", r.peakReceiveWindowAfter());
                m.put("peak_socket_memory_after_bytes", r.peakSocketMemoryAfter());
                m.put("sender_cc_before", r.senderCcBefore());
                m.put("sender_cc", r.senderCc());
                json.add(m);
            }
            for (int k = modes.size() + 1; k < header.size(); k++) {
                row.add("not yet available");
            }
            rows.add(row);
        }
        final List<ChartSpec.Series> series = new ArrayList<>();
        for (int mi = 0; mi < modes.size(); mi++) {
            series.add(ChartSpec.Series.bars(modes.get(mi), honouredShare[mi]));
        }
        final ChartSpec chart = ChartSpec.bars(id() + ": controls honoured mid-transfer (1 = yes)", "control",
            "honoured", false, controls.stream().map(ControlSpec::shortName).toList(), series);
        notes.add("toe: the card's connection is invisible to the host's hooks; its goodput is measured at the peer and "
            + "its congestion control, window and buffers are read from the card, not assumed");
        final List<String> names = controls.stream().map(ControlSpec::name).toList();
        final Verdict v = toe ? verdict(names, hostsHonour, toeHonours) : Verdict.needs(ModeRegistry.TOE, Map.of());
        return new ClaimResult(claim(), v, RULE, chart, new HtmlReport.Table(header, rows), json, notes, modes, failures,
            0);
    }

    /**
     * The rule: a control toe loses is one every host mode honours and toe does not ({@code null}:
     * toe's run failed). Holds when it loses all, depends on the control when some, fails when none.
     */
    static Verdict verdict(List<String> controls, boolean[] hostsHonour, Boolean[] toeHonours) {
        final List<String> lost = new ArrayList<>();
        final List<String> kept = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        for (int i = 0; i < controls.size(); i++) {
            if (toeHonours[i] == null) {
                failed.add(controls.get(i));
            } else if (hostsHonour[i] && !toeHonours[i]) {
                lost.add(controls.get(i));
            } else {
                kept.add(controls.get(i));
            }
        }
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("toe loses", lost.isEmpty() ? "none" : String.join(", ", lost));
        f.put("toe keeps (or the hosts do not honour either)", kept.isEmpty() ? "none" : String.join(", ", kept));
        if (!failed.isEmpty()) {
            return new Verdict(Verdict.Kind.FAILED, "failed: toe's run did not finish for " + String.join(", ", failed),
                f);
        }
        if (kept.isEmpty()) {
            return new Verdict(Verdict.Kind.HOLDS, "holds: every control the host modes honour, toe does not", f);
        }
        if (lost.isEmpty()) {
            return new Verdict(Verdict.Kind.FAILS, "fails: toe honours every control the host modes do", f);
        }
        return new Verdict(Verdict.Kind.DEPENDS, "depends on the control: toe loses " + String.join(", ", lost)
            + " and keeps " + String.join(", ", kept), f);
    }

    private static String gbit(double bitsPerSecond) {
        return String.format(Locale.ROOT, "%.2f Gbit/s", bitsPerSecond / 1e9);
    }
}
