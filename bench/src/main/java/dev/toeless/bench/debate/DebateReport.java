package dev.toeless.bench.debate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.toeless.bench.demo.CostSetup;
import dev.toeless.bench.report.HtmlReport;
import dev.toeless.nic.cost.CostParameter;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.stack.toe.ToeConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The debate's outcome as one HTML page ({@link HtmlReport}: self-contained, charts embedded) and
 * as one JSON document with the same content: the summary of verdicts, the cost profile with every
 * parameter's source, the seed, the version, the modes and their availability, and per claim its
 * quote, experiment, rule, verdict, figures, notes and the command that reruns it.
 */
final class DebateReport {
    private final String version;
    private final long seed;
    private final Scale scale;
    private final CostSetup cost;
    private final String profileOption;
    private final ModeRegistry modes;
    private final List<ClaimResult> results;

    DebateReport(String version, long seed, Scale scale, CostSetup cost, String profileOption, ModeRegistry modes,
                 List<ClaimResult> results) {
        this.version = version;
        this.seed = seed;
        this.scale = scale;
        this.cost = cost;
        this.profileOption = profileOption;
        this.modes = modes;
        this.results = List.copyOf(results);
    }

    /** The command that reruns one claim (or, with null, the whole run) with the same seed, scale and profile. */
    String command(String claimId) {
        return "./toeless debate" + (claimId == null ? "" : " --claims " + claimId) + " --scale " + scale.label()
            + " --profile " + profileOption + " --seed " + seed;
    }

    /** One line per claim: {@code C1  holds: ... (figures)}. */
    List<String> verdictLines() {
        final List<String> out = new ArrayList<>();
        for (ClaimResult r : results) {
            out.add(String.format("%-4s %s", r.claim().id(), r.verdict().line()));
        }
        return out;
    }

    HtmlReport html() {
        final HtmlReport page = new HtmlReport("Toeless: the TOE debate, claim by claim")
            .fact("version", version)
            .fact("seed", Long.toString(seed))
            .fact("scale", scale.label())
            .fact("cost profile", cost.label())
            .fact("command", command(null))
            .fact("figures", "modeled (virtual time, deterministic for the seed) unless a column says measured");
        final List<List<String>> summary = new ArrayList<>();
        for (ClaimResult r : results) {
            summary.add(List.of(r.claim().id(), r.claim().title(), r.verdict().kind().label(), r.verdict().line()));
        }
        page.table("Verdicts", new HtmlReport.Table(List.of("claim", "statement", "verdict", "verdict and deciding figures"),
            summary));
        final List<List<String>> modeRows = new ArrayList<>();
        for (DebateMode m : modes.all()) {
            modeRows.add(List.of(m.label(), m.description(), m.cardTcp() ? "card" : "host", m.availability()));
        }
        page.table("Modes", new HtmlReport.Table(List.of("mode", "what it is", "TCP runs on", "in this build"), modeRows));
        page.table("Cost profile " + cost.profile().name() + " (" + cost.profile().description() + ") and PCI link "
            + cost.pci().label(), new HtmlReport.Table(List.of("parameter", "value", "unit", "source"), parameterRows()));
        for (CostProfile card : cardProfiles()) {
            page.table("Card profile " + card.name() + " (" + card.description() + "), charged for the card's own work",
                new HtmlReport.Table(List.of("parameter", "value", "unit", "source"), rows(card.parameters())));
        }
        for (ClaimResult r : results) {
            final List<String> notes = new ArrayList<>(r.notes());
            if (r.failedPoints() > 0) {
                notes.add(0, r.failedPoints() + " point(s) failed: shown as failed in the chart and the table");
            }
            notes.add(String.format("measured: the experiment took %.1f s of wall time on this machine", r.wallSeconds()));
            page.section(new HtmlReport.Section(r.claim().id(), r.claim().id() + ": " + r.claim().title(),
                r.claim().quote(), r.claim().source(), "Experiment: " + r.claim().experiment(), r.chart(), r.table(),
                r.claim().id() + " " + r.verdict().line(), r.verdict().kind().cssClass(), r.rule(),
                command(r.claim().id()), notes));
        }
        return page;
    }

    /** The cards' own CPU profiles the card modes are charged by (the TOE's pipeline). */
    static List<CostProfile> cardProfiles() {
        return List.of(ToeConfig.defaults().cardProfile());
    }

    private static List<List<String>> rows(List<CostParameter> ps) {
        final List<List<String>> rows = new ArrayList<>();
        for (CostParameter p : ps) {
            rows.add(List.of(p.name(), CostProfile.format(p.value()), p.unit(), p.source()));
        }
        return rows;
    }

    private List<List<String>> parameterRows() {
        final List<List<String>> rows = new ArrayList<>();
        for (CostParameter p : cost.profile().parameters()) {
            rows.add(List.of(p.name(), CostProfile.format(p.value()), p.unit(), p.source()));
        }
        for (CostParameter p : cost.pci().parameters()) {
            rows.add(List.of("pci " + p.name(), CostProfile.format(p.value()), p.unit(), p.source()));
        }
        return rows;
    }

    /** The same content as one JSON document. */
    String json() throws com.fasterxml.jackson.core.JsonProcessingException {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", version);
        doc.put("seed", seed);
        doc.put("scale", scale.label());
        doc.put("command", command(null));
        final Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", cost.profile().name());
        profile.put("label", cost.label());
        profile.put("description", cost.profile().description());
        profile.put("parameters", parameters(cost.profile().parameters()));
        profile.put("pci", parameters(cost.pci().parameters()));
        doc.put("cost_profile", profile);
        final List<Map<String, Object>> cards = new ArrayList<>();
        for (CostProfile card : cardProfiles()) {
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", card.name());
            c.put("description", card.description());
            c.put("parameters", parameters(card.parameters()));
            cards.add(c);
        }
        doc.put("card_profiles", cards);
        final List<Map<String, Object>> modeList = new ArrayList<>();
        for (DebateMode m : modes.all()) {
            final Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("mode", m.label());
            mm.put("tcp_on", m.cardTcp() ? "card" : "host");
            mm.put("available", m.available());
            modeList.add(mm);
        }
        doc.put("modes", modeList);
        final List<Map<String, Object>> claims = new ArrayList<>();
        for (ClaimResult r : results) {
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", r.claim().id());
            c.put("claim", r.claim().title());
            c.put("quote", r.claim().quote());
            c.put("source", r.claim().source());
            c.put("experiment", r.claim().experiment());
            c.put("verdict", r.verdict().kind().label());
            c.put("verdict_text", r.verdict().text());
            c.put("deciding_figures", r.verdict().figures());
            c.put("rule", r.rule());
            c.put("modes", r.modes());
            c.put("failed_points", r.failedPoints());
            c.put("points", r.points());
            c.put("notes", r.notes());
            c.put("chart", r.chart() == null ? null : r.chart().title());
            c.put("command", command(r.claim().id()));
            c.put("wall_seconds_measured", Transfers.round(r.wallSeconds()));
            claims.add(c);
        }
        doc.put("claims", claims);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    }

    private static List<Map<String, Object>> parameters(List<CostParameter> ps) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (CostParameter p : ps) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("value", p.value());
            m.put("unit", p.unit());
            m.put("source", p.source());
            out.add(m);
        }
        return out;
    }
}
