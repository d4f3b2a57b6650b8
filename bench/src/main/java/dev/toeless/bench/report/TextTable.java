package dev.toeless.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain text table for the terminal: a header row, a rule, then rows; text columns left
 * aligned, numeric columns right aligned. Cells are given as already formatted strings.
 */
public final class TextTable {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,._]{0,19}( ?[A-Za-z/%]{1,8})?");

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public TextTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header has " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** A line printed under the table, e.g. what a figure means. */
    public TextTable note(String note) {
        notes.add(note);
        return this;
    }

    public String render() {
        final int n = header.size();
        final int[] width = new int[n];
        final boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
                numeric[c] &= looksNumeric(r.get(c));
            }
        }
        final StringBuilder sb = new StringBuilder();
        line(sb, header, width, numeric);
        for (int c = 0; c < n; c++) {
            sb.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, width, numeric);
        }
        for (String note : notes) {
            sb.append(note).append('\n');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] numeric) {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                sb.append(" | ");
            }
            final String cell = cells.get(c);
            final String pad = " ".repeat(width[c] - cell.length());
            sb.append(numeric[c] ? pad + cell : c == cells.size() - 1 ? cell : cell + pad);
        }
        sb.append('\n');
    }

    /** A figure, perhaps with a unit ("1,024", "-0.5", "9.41 Gbit/s"); not a hash or a name. */
    private static boolean looksNumeric(String s) {
        return NUMBER.matcher(s).matches();
    }
}
