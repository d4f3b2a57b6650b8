package dev.toeless.bench.debate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the figures say about a claim, by the claim's rule: it holds, fails, depends on something
 * (named, with the crossover measured), was not measured (a mode it needs is not available yet),
 * or its experiment failed to run. {@code figures} are the two or three numbers that decide it.
 */
public record Verdict(Kind kind, String text, Map<String, String> figures) {

    public enum Kind {
        HOLDS("holds"), FAILS("fails"), DEPENDS("depends"), NOT_MEASURED("not measured"), FAILED("failed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The report's colour class. */
        public String cssClass() {
            return switch (this) {
                case HOLDS -> "holds";
                case FAILS -> "fails";
                case DEPENDS, NOT_MEASURED -> "depends";
                case FAILED -> "failed";
            };
        }
    }

    public Verdict {
        figures = new LinkedHashMap<>(figures);
    }

    @Override
    public Map<String, String> figures() {
        return new LinkedHashMap<>(figures);
    }

    /** The verdict in one line: {@code holds: stateless touch_per_byte 0.0000 ...}. */
    public String line() {
        final StringBuilder b = new StringBuilder(text);
        if (!figures.isEmpty()) {
            b.append(" (");
            boolean first = true;
            for (Map.Entry<String, String> f : figures.entrySet()) {
                b.append(first ? "" : ", ").append(f.getKey()).append(' ').append(f.getValue());
                first = false;
            }
            b.append(')');
        }
        return b.toString();
    }

    /** The claim could not be measured: {@code mode} is not available yet. */
    public static Verdict needs(String mode, Map<String, String> figures) {
        return new Verdict(Kind.NOT_MEASURED, "not measured: needs " + mode, figures);
    }
}
