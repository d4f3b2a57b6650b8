package dev.toeless.bench.debate;

import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.bench.sim.flood.SynFloodResult;
import dev.toeless.bench.sim.flood.SynFloodRun;
import dev.toeless.bench.sim.flood.SynFloodScenario;
import dev.toeless.stack.toe.CardFullPolicy;
import dev.toeless.stack.toe.ToeConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C5: the {@code syn-flood} scenario (legitimate clients beside spoofed SYNs that never answer)
 * at rising flood rates against four servers on the same link: the host stack with SYN cookies
 * and without, and a 2004-era TOE card (1,024 slots, no SYN cookies in its firmware) under each
 * full-card policy: {@code fallback} (the SYN goes up to the host stack, which has cookies) and
 * {@code refuse} (the SYN is reset). Measured: the time until the card's SYN queue holds its
 * backlog, the legitimate success rate, and where the legitimate connections ran.
 */
final class SynFloodExperiment extends Experiment {
    static final int LEGIT_PER_S = 200;
    static final int BACKLOG = 128;
    static final long SECONDS = 10 * SynFloodScenario.SECOND;
    static final double GOAL = SynFloodResult.GOAL;
    static final String RULE = "'in seconds': the card's SYN queue (each half-open connection in a card slot) holds its "
        + "backlog of " + BACKLOG + " within 10 s of the attack's start at some flood rate. Holds when it does and both "
        + "policies then lose what the card was for at that rate: refuse drops legitimate success under 99%, and "
        + "fallback serves over 1% of the legitimate connections on the host stack instead of the card (or under 99% "
        + "at all); depends on the full-card policy when only one of the two does; fails when the queue never fills "
        + "within 10 s or neither policy loses anything. The host with SYN cookies is the baseline beside it";

    /** The four servers under attack. */
    private enum Server {
        HOST_COOKIES("host, SYN cookies"), HOST_NO_COOKIES("host, no cookies"), TOE_FALLBACK("toe, fallback"),
        TOE_REFUSE("toe, refuse");

        final String label;

        Server(String label) {
            this.label = label;
        }
    }

    /**
     * One flood rate's figures for the rule (NaN, or -1 for a time, where a run failed).
     *
     * @param cardFullAfterNs the card's SYN queue first held its backlog this long after the start (-1: never)
     * @param fallbackOnHost  of the legitimate connections the fallback card's host accepted, the share on the host stack
     */
    record Rate(double synPerSecond, double hostCookies, long cardFullAfterNs, double refuseSuccess,
                double fallbackSuccess, double fallbackOnHost) {
    }

    SynFloodExperiment() {
        super("C5");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final double[] factors = ctx.scale().pick(new double[] {0, 10, 50, 100}, new double[] {0, 10, 50, 100, 250, 500});
        final long attackNs = ctx.scale().pick(4, 10) * SynFloodScenario.SECOND;
        final boolean toe = ctx.modes().available(ModeRegistry.TOE);
        final List<Server> servers = toe ? List.of(Server.values())
            : List.of(Server.HOST_COOKIES, Server.HOST_NO_COOKIES);
        final List<SweepPoints.Point<SynFloodResult>> points = new ArrayList<>();
        for (Server server : servers) {
            for (double factor : factors) {
                final SynFloodScenario s = new SynFloodScenario(ctx.seed(), LEGIT_PER_S, factor, attackNs, BACKLOG,
                    server != Server.HOST_NO_COOKIES, 100, 1000, 5 * SynFloodScenario.SECOND);
                points.add(new SweepPoints.Point<>(server.label + " x" + (int) factor, () -> switch (server) {
                    case HOST_COOKIES, HOST_NO_COOKIES -> SynFloodRun.againstHost(s).run();
                    case TOE_FALLBACK -> SynFloodRun.againstToe(s, ToeConfig.card2004()).run();
                    case TOE_REFUSE -> SynFloodRun.againstToe(s, ToeConfig.card2004()
                        .withPolicy(CardFullPolicy.REFUSE)).run();
                }));
            }
        }
        final List<SweepPoints.Outcome<SynFloodResult>> out = ctx.points().run(id(), points);
        return judge(servers, factors, out, toe);
    }

    private ClaimResult judge(List<Server> servers, double[] factors, List<SweepPoints.Outcome<SynFloodResult>> out,
                              boolean toe) {
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final double[] x = new double[factors.length];
        final double[][] y = new double[servers.size()][factors.length];
        final SynFloodResult[][] r = new SynFloodResult[servers.size()][factors.length];
        final boolean[][] failed = new boolean[servers.size()][factors.length];
        int failures = 0;
        for (int i = 0; i < out.size(); i++) {
            final int series = i / factors.length;
            final int k = i % factors.length;
            x[k] = LEGIT_PER_S * Math.max(factors[k], 0.5); // a log axis: no flood sits at half the lowest rate
            final SweepPoints.Outcome<SynFloodResult> o = out.get(i);
            final SynFloodResult res = o.value();
            if (res == null || res.leak() != null) {
                failures++;
                failed[series][k] = true;
                notes.add(o.label() + ": failed: " + (res == null ? o.error() : "leak " + res.leak()));
                continue;
            }
            r[series][k] = res;
            y[series][k] = 100 * res.successRate();
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("server", servers.get(series).label);
            m.put("syn_cookies", res.scenario().synCookies());
            m.put("spoofed_syn_per_s", res.scenario().spoofedPerSecond());
            m.put("legit_per_s", res.scenario().legitPerSecond());
            m.put("legit_attempted", res.legitAttempted());
            m.put("legit_succeeded", res.legitSucceeded());
            m.put("legit_success_rate", Transfers.round(res.successRate()));
            m.put("syn_queue_full_after_s", res.queueFullAfterNs() < 0 ? null : Transfers.round(res.queueFullAfterNs() / 1e9));
            m.put("peak_half_open", res.peakHalfOpen());
            m.put("backlog", res.scenario().backlog());
            m.put("syn_cookies_sent", res.end().synCookiesSent());
            m.put("syn_queue_drops", res.end().synQueueDrops());
            m.put("peak_socket_memory_bytes", res.peakSocketMemoryBytes());
            m.putAll(res.serverCounters());
            json.add(m);
            final Map<String, Long> c = res.serverCounters();
            rows.add(List.of(servers.get(series).label, String.format(Locale.ROOT, "%.0f", res.scenario().spoofedPerSecond()),
                String.format(Locale.ROOT, "%.1f%%", 100 * res.successRate()),
                res.queueFullAfterNs() < 0 ? "never" : String.format(Locale.ROOT, "%.3f s", res.queueFullAfterNs() / 1e9),
                res.peakHalfOpen() + " / " + res.scenario().backlog(),
                c.isEmpty() ? "host " + res.legitSucceeded() : c.get("accepted_on_card") + " / " + c.get("accepted_on_host"),
                c.isEmpty() ? "-" : c.get("toe_syns_fell_back") + " / " + c.get("toe_syns_refused"),
                Long.toString(res.end().synQueueDrops())));
        }
        final List<ChartSpec.Series> series = new ArrayList<>();
        for (int s = 0; s < servers.size(); s++) {
            series.add(new ChartSpec.Series(servers.get(s).label, x.clone(), y[s], failed[s]));
        }
        final ChartSpec chart = ChartSpec.lines(
            id() + ": legitimate clients under a SYN flood, host stack and TOE card",
            "spoofed SYN/s", "legitimate connections that succeeded, %", true, false, series);
        final HtmlReport.Table table = new HtmlReport.Table(List.of("server", "spoofed SYN/s", "legit success",
            "SYN queue full after", "peak half-open / backlog", "accepted on card / on host", "SYNs fell back / refused",
            "SYN queue drops"), rows);
        notes.add("no flood is drawn at " + LEGIT_PER_S / 2 + " SYN/s on the log axis; the table has its exact rate (0)");
        notes.add("the card is a 2004-era one (1,024 slots); its firmware has no SYN cookies; its listener has the same "
            + "backlog as the host's (" + BACKLOG + "); under fallback the host stack behind it has SYN cookies on");
        if (!toe) {
            return new ClaimResult(claim(), Verdict.needs(ModeRegistry.TOE, Map.of()), RULE, chart, table, json, notes,
                servers.stream().map(s -> s.label).toList(), failures, 0);
        }
        final List<Rate> rates = new ArrayList<>();
        for (int k = 0; k < factors.length; k++) {
            final SynFloodResult fb = r[Server.TOE_FALLBACK.ordinal()][k];
            final SynFloodResult rf = r[Server.TOE_REFUSE.ordinal()][k];
            final SynFloodResult hc = r[Server.HOST_COOKIES.ordinal()][k];
            final long full = fb != null && fb.queueFullAfterNs() >= 0 ? fb.queueFullAfterNs()
                : rf != null ? rf.queueFullAfterNs() : -1;
            rates.add(new Rate(LEGIT_PER_S * factors[k], hc == null ? Double.NaN : hc.successRate(), full,
                rf == null ? Double.NaN : rf.successRate(), fb == null ? Double.NaN : fb.successRate(),
                fb == null ? Double.NaN : onHost(fb)));
        }
        return new ClaimResult(claim(), verdict(rates), RULE, chart, table, json, notes,
            servers.stream().map(s -> s.label).toList(), failures, 0);
    }

    private static double onHost(SynFloodResult r) {
        final long card = r.serverCounters().getOrDefault("accepted_on_card", 0L);
        final long host = r.serverCounters().getOrDefault("accepted_on_host", 0L);
        return card + host == 0 ? 0 : (double) host / (card + host);
    }

    /** The rule (see {@link #RULE}), from each flood rate's figures. */
    static Verdict verdict(List<Rate> rates) {
        final Map<String, String> f = new LinkedHashMap<>();
        Rate firstFull = null;
        boolean refuseHurt = false;
        boolean fallbackHurt = false;
        Rate top = null;
        for (Rate r : rates) {
            if (r.cardFullAfterNs() < 0 || r.cardFullAfterNs() > SECONDS) {
                continue;
            }
            if (firstFull == null) {
                firstFull = r;
            }
            top = r;
            refuseHurt |= r.refuseSuccess() < GOAL;
            fallbackHurt |= r.fallbackOnHost() > 0.01 || r.fallbackSuccess() < GOAL;
        }
        if (firstFull == null) {
            return new Verdict(Verdict.Kind.FAILS, "fails: no flood rate filled the card's SYN queue within 10 s", f);
        }
        f.put("card's SYN queue full after", String.format(Locale.ROOT, "%.3f s at %.0f SYN/s",
            firstFull.cardFullAfterNs() / 1e9, firstFull.synPerSecond()) + (top == firstFull ? "" : String.format(
            Locale.ROOT, ", %.3f s at %.0f SYN/s", top.cardFullAfterNs() / 1e9, top.synPerSecond())));
        f.put("at " + String.format(Locale.ROOT, "%.0f", top.synPerSecond()) + " SYN/s legit success: refuse",
            pct(top.refuseSuccess()));
        f.put("fallback", pct(top.fallbackSuccess()) + " (" + pct(top.fallbackOnHost()) + " on the host stack)");
        f.put("host with cookies", pct(top.hostCookies()));
        if (refuseHurt && fallbackHurt) {
            return new Verdict(Verdict.Kind.HOLDS, "holds: the flood fills the card's SYN queue in seconds; refuse turns "
                + "legitimate clients away and fallback moves them to the host stack", f);
        }
        if (refuseHurt || fallbackHurt) {
            return new Verdict(Verdict.Kind.DEPENDS, "depends on the full-card policy: the queue fills in seconds, and "
                + (refuseHurt ? "refuse" : "fallback") + " loses legitimate clients or the card's use, "
                + (refuseHurt ? "fallback" : "refuse") + " does not", f);
        }
        return new Verdict(Verdict.Kind.FAILS, "fails: the card's SYN queue fills, yet every legitimate client is served "
            + "on the card", f);
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "failed" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
