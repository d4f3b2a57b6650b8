package dev.toeless.bench.debate;

import dev.toeless.bench.report.ChartSpec;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.bench.toe.CardExhaustion;
import dev.toeless.stack.toe.CardFullPolicy;
import dev.toeless.stack.toe.ToeConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * C4: connections ramped past a TOE card's connection slots, under each full-card policy the model
 * has ({@code fallback}: the host stack takes the connection; {@code refuse}: the SYN is reset;
 * {@code upload}: the card hands its oldest live connection to the host stack to make room, a
 * fallback done live, and falls back at the SYN when nothing can be uploaded).
 * Quick runs a 2004-era card (1,024 slots); full a T6-class card (16,384) up to 100,000 connections.
 */
final class CardExhaustionExperiment extends Experiment {
    static final String RULE = "holds when, with more connections than the card has slots, the card admits at most its "
        + "slots at once under every policy and every connection beyond them falls back to the host stack (fallback), "
        + "is refused (refuse), or is handed to the host stack live or at its SYN (upload), none left unsettled; fails "
        + "otherwise (the card held more than its slots, or connections were left unsettled)";

    CardExhaustionExperiment() {
        super("C4");
    }

    @Override
    public ClaimResult run(DebateContext ctx) throws Exception {
        final int slots = (int) ctx.scale().pick(ToeConfig.card2004().slots(), ToeConfig.defaults().slots());
        final double[] ramp = ctx.scale().pick(new double[] {0.5, 1, 2, 4}, new double[] {0.5, 1, 2, 100_000.0 / 16_384});
        final List<CardFullPolicy> policies = List.of(CardFullPolicy.FALLBACK, CardFullPolicy.REFUSE,
            CardFullPolicy.UPLOAD);
        final List<SweepPoints.Point<CardExhaustion.Result>> points = new ArrayList<>();
        for (CardFullPolicy policy : policies) {
            for (double factor : ramp) {
                final int connections = (int) Math.round(slots * factor);
                final CardExhaustion.Spec spec = new CardExhaustion.Spec(policy, connections, slots, 10_000, 4, ctx.seed());
                points.add(new SweepPoints.Point<>(policy.label() + " " + connections, () -> CardExhaustion.run(spec)));
            }
        }
        final List<SweepPoints.Outcome<CardExhaustion.Result>> out = ctx.points().run(id(), points);
        return judge(slots, ramp.length, out);
    }

    private ClaimResult judge(int slots, int perPolicy, List<SweepPoints.Outcome<CardExhaustion.Result>> out) {
        final List<Map<String, Object>> json = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final int policies = 3;
        final double[][] x = new double[policies][perPolicy];
        final double[][] onCard = new double[policies][perPolicy];
        final double[][] elsewhere = new double[policies][perPolicy];
        final double[] uploaded = new double[perPolicy];
        final boolean[][] failed = new boolean[policies][perPolicy];
        int failures = 0;
        boolean bounded = true;
        boolean beyondHandled = true;
        CardExhaustion.Result largest = null;
        for (int i = 0; i < out.size(); i++) {
            final int series = i / perPolicy;
            final int k = i % perPolicy;
            final SweepPoints.Outcome<CardExhaustion.Result> o = out.get(i);
            final CardExhaustion.Result r = o.value();
            if (r == null) {
                failures++;
                failed[series][k] = true;
                notes.add(o.label() + ": failed: " + o.error());
                continue;
            }
            x[series][k] = r.attempted();
            onCard[series][k] = r.admittedOnCard() - r.uploaded(); // on the card at the end
            elsewhere[series][k] = r.fellBack() + r.refused() + r.uploaded();
            if (series == 2) {
                uploaded[k] = r.uploaded();
            }
            bounded &= bounded(r);
            beyondHandled &= beyondHandled(r);
            if (largest == null || r.attempted() >= largest.attempted()) {
                largest = r;
            }
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", r.policy());
            m.put("attempted", r.attempted());
            m.put("slots", r.slots());
            m.put("admitted_on_card", r.admittedOnCard());
            m.put("uploaded", r.uploaded());
            m.put("fell_back", r.fellBack());
            m.put("refused", r.refused());
            m.put("unsettled", r.unsettled());
            m.put("peak_slots_in_use", r.peakSlotsInUse());
            m.put("host_connections", r.hostConnections());
            json.add(m);
            rows.add(List.of(r.policy(), Integer.toString(r.attempted()), Integer.toString(r.admittedOnCard()),
                Integer.toString(r.uploaded()), Integer.toString(r.fellBack()), Integer.toString(r.refused()), Integer.toString(r.unsettled())));
        }
        final ChartSpec chart = ChartSpec.lines(id() + ": connections on a " + slots + "-slot TOE card",
            "connections attempted", "connections", true, false, List.of(
                new ChartSpec.Series("fallback: on the card", x[0], onCard[0], failed[0]),
                new ChartSpec.Series("fallback: fell back to the host", x[0].clone(), elsewhere[0], failed[0].clone()),
                new ChartSpec.Series("refuse: on the card", x[1], onCard[1], failed[1]),
                new ChartSpec.Series("refuse: refused", x[1].clone(), elsewhere[1], failed[1].clone()),
                new ChartSpec.Series("upload: on the card at the end", x[2], onCard[2], failed[2]),
                new ChartSpec.Series("upload: handed to the host (uploaded or fell back)", x[2].clone(), elsewhere[2],
                    failed[2].clone())));
        final HtmlReport.Table table = new HtmlReport.Table(List.of("policy", "attempted", "admitted on the card",
            "uploaded", "fell back",
            "refused", "unsettled"), rows);
        notes.add("upload (Chimney's third answer): the card hands its oldest established connection to the host stack, "
            + "state and payload over PCI, to take the new one; an upload needs free host receive pages, and when they are "
            + "all posted to the card's connections (2 per connection here) the SYN falls back instead");
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("card slots", Integer.toString(slots));
        if (largest != null) {
            f.put("largest ramp", String.format(Locale.ROOT, "%d connections", largest.attempted()));
        }
        final int top = perPolicy - 1;
        for (int s = 0; s < policies; s++) {
            if (!failed[s][top]) {
                f.put(policiesLabel(s) + " at the largest ramp", String.format(Locale.ROOT, "%.0f on the card, %.0f %s",
                    onCard[s][top], elsewhere[s][top], s == 0 ? "fell back" : s == 1 ? "refused"
                        : String.format(Locale.ROOT, "handed to the host (%.0f uploaded live)", uploaded[top])));
            }
        }
        final long uploadedAtTop = failed[2][top] ? -1 : (long) uploaded[top];
        final Verdict v = verdict(slots, failures, bounded, beyondHandled, uploadedAtTop, f);
        return new ClaimResult(claim(), v, RULE, chart, table, json, notes, List.of(ModeRegistry.TOE), failures, 0);
    }

    /**
     * The card never held more than its slots: at its peak, and at the end (admitted less those
     * uploaded; without upload, everything it admitted).
     */
    static boolean bounded(CardExhaustion.Result r) {
        return r.peakSlotsInUse() <= r.slots() && r.admittedOnCard() - r.uploaded() <= r.slots();
    }

    /** Every connection beyond the slots fell back, was refused or was uploaded, and none was left unsettled. */
    static boolean beyondHandled(CardExhaustion.Result r) {
        final int beyond = Math.max(0, r.attempted() - r.slots());
        return r.unsettled() == 0 && (r.attempted() <= r.slots() || r.fellBack() + r.refused() + r.uploaded() >= beyond);
    }

    /**
     * The rule from what every ramp point showed (see {@link #RULE}); {@code uploaded}: connections
     * the upload policy handed back live at the largest ramp (negative when that point did not run).
     */
    static Verdict verdict(int slots, int failures, boolean bounded, boolean beyondHandled, long uploaded,
                           Map<String, String> f) {
        if (failures > 0) {
            return new Verdict(Verdict.Kind.FAILED, "failed: " + failures + " point(s) did not run", f);
        }
        if (bounded && beyondHandled) {
            final String upload = uploaded > 0
                ? "; with upload it falls back live, handing " + uploaded + " established connections to the host stack"
                : "; with upload none could be handed back live (none uploadable, or host pages short): it fell back at "
                    + "the SYN";
            return new Verdict(Verdict.Kind.HOLDS, "holds: past " + slots + " slots the card falls back or refuses"
                + upload, f);
        }
        return new Verdict(Verdict.Kind.FAILS, "fails: the card admitted beyond its slots or left connections unsettled",
            f);
    }

    private static String policiesLabel(int series) {
        return series == 0 ? "fallback" : series == 1 ? "refuse" : "upload";
    }
}
