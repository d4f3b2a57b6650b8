package dev.toeless.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page: every chart embedded as a PNG data URL, the style inline, no
 * script, font or image fetched from anywhere, so the page reads the same offline and in a year.
 * It holds key/value facts at the top (seed, version, profile), any number of tables, and sections
 * (one per experiment) with a chart, a table of figures, a verdict and the command that reruns it.
 *
 * <p>A small inline script counts, once the page has loaded, the charts the browser could decode
 * and writes the count on the body ({@code data-charts-drawn} of {@code data-charts}); a chart that
 * did not decode shows its alt text in red. Tests read the count; readers see the charts.
 */
public final class HtmlReport {
    /** A table of already formatted cells. */
    public record Table(List<String> header, List<List<String>> rows) {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> r : rows) {
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException("row has " + r.size() + " cells, header has " + header.size());
                }
            }
        }
    }

    /**
     * One experiment. {@code verdictClass} is one of {@code holds}, {@code fails}, {@code depends}
     * or {@code failed} (the experiment itself did not run to the end) and only colours the verdict.
     */
    public record Section(String id, String heading, String quote, String source, String experiment,
                          ChartSpec chart, Table figures, String verdict, String verdictClass, String rule,
                          String command, List<String> notes) {
        public Section {
            notes = List.copyOf(notes);
        }
    }

    private final String title;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final List<Map.Entry<String, Table>> tables = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    /** A fact printed at the top (seed, version, profile, scale). */
    public HtmlReport fact(String key, String value) {
        facts.put(key, value);
        return this;
    }

    /** A table printed before the sections (the verdict summary, the cost profile). */
    public HtmlReport table(String heading, Table table) {
        tables.add(Map.entry(heading, table));
        return this;
    }

    public HtmlReport section(Section section) {
        sections.add(section);
        return this;
    }

    public String render() {
        final StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
            .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body data-charts=\"")
            .append(countCharts()).append("\" data-charts-drawn=\"0\">\n<h1>").append(esc(title)).append("</h1>\n");
        if (!facts.isEmpty()) {
            h.append("<dl class=\"facts\">\n");
            facts.forEach((k, v) -> h.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>\n"));
            h.append("</dl>\n");
        }
        for (Map.Entry<String, Table> t : tables) {
            h.append("<h2>").append(esc(t.getKey())).append("</h2>\n");
            table(h, t.getValue());
        }
        for (Section s : sections) {
            section(h, s);
        }
        h.append("<script>\nwindow.addEventListener('load', function () {\n")
            .append("  var drawn = 0;\n")
            .append("  document.querySelectorAll('img.chart').forEach(function (img) {\n")
            .append("    if (img.complete && img.naturalWidth > 0) { drawn++; } else { img.classList.add('broken'); }\n")
            .append("  });\n  document.body.setAttribute('data-charts-drawn', String(drawn));\n});\n</script>\n")
            .append("</body></html>\n");
        return h.toString();
    }

    /** Writes the page to {@code file} through a temporary file and a rename, so no half page is left. */
    public void write(Path file) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        final Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            Files.writeString(tmp, render(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private int countCharts() {
        int n = 0;
        for (Section s : sections) {
            n += s.chart() == null ? 0 : 1;
        }
        return n;
    }

    private static void section(StringBuilder h, Section s) {
        h.append("<section id=\"").append(esc(s.id())).append("\">\n<h2>").append(esc(s.heading())).append("</h2>\n");
        if (s.quote() != null && !s.quote().isEmpty()) {
            h.append("<blockquote>").append(esc(s.quote())).append("<cite>").append(esc(s.source()))
                .append("</cite></blockquote>\n");
        }
        h.append("<p class=\"experiment\">").append(esc(s.experiment())).append("</p>\n");
        if (s.chart() != null) {
            final String png = Base64.getEncoder().encodeToString(ChartRenderer.png(s.chart()));
            h.append("<img class=\"chart\" width=\"").append(ChartRenderer.WIDTH).append("\" height=\"")
                .append(ChartRenderer.HEIGHT).append("\" alt=\"chart: ").append(esc(s.chart().title()))
                .append(" (not drawn)\" src=\"data:image/png;base64,").append(png).append("\">\n");
        }
        if (s.figures() != null) {
            table(h, s.figures());
        }
        h.append("<p class=\"verdict ").append(esc(s.verdictClass())).append("\">").append(esc(s.verdict()))
            .append("</p>\n");
        if (s.rule() != null && !s.rule().isEmpty()) {
            h.append("<p class=\"rule\">Rule: ").append(esc(s.rule())).append("</p>\n");
        }
        for (String note : s.notes()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        h.append("<pre class=\"command\">").append(esc(s.command())).append("</pre>\n</section>\n");
    }

    private static void table(StringBuilder h, Table t) {
        h.append("<table>\n<thead><tr>");
        for (String c : t.header()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : t.rows()) {
            h.append("<tr>");
            for (String c : r) {
                h.append("<td>").append(esc(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        final StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String STYLE = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 980px; margin: 2em auto;
               padding: 0 1em; color: #1b1b1b; line-height: 1.45; }
        h1 { font-size: 1.6em; margin-bottom: 0.3em; }
        h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
        th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        td { font-variant-numeric: tabular-nums; }
        blockquote { margin: 0.8em 0; padding: 0.4em 1em; border-left: 4px solid #888; background: #f7f7f7; }
        blockquote cite { display: block; font-size: 0.85em; color: #555; margin-top: 0.3em; }
        img.chart { display: block; max-width: 100%; height: auto; border: 1px solid #ddd; margin: 0.8em 0; }
        img.broken { color: #c00; border-color: #c00; }
        .verdict { font-weight: bold; font-size: 1.1em; padding: 0.3em 0.6em; display: inline-block; }
        .verdict.holds { background: #dff3df; color: #145214; }
        .verdict.fails { background: #f8dcdc; color: #7a1010; }
        .verdict.depends { background: #fff1cc; color: #6b4b00; }
        .verdict.failed { background: #eee; color: #7a1010; border: 1px dashed #7a1010; }
        .rule, .note { font-size: 0.9em; color: #444; }
        pre.command { background: #f4f4f4; padding: 0.5em; overflow-x: auto; }
        """;
}
