package dev.toeless.nic.cost;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text form of a profile, as {@code toeless calibrate} writes it and {@code --profile FILE}
 * reads it: comment lines start with {@code #}; {@code profile = NAME}, {@code base = BUILT-IN}
 * and {@code description = TEXT} come first; then one {@code parameter = value | source} line per
 * parameter that differs from the base. Units are the base's. Every unknown name, bad number or
 * missing source is refused with a one-line message naming the line.
 */
public final class CostProfileFile {
    private CostProfileFile() {
    }

    /** A profile file's text: every parameter of {@code profile}, over the base named {@code base}. */
    public static String write(CostProfile profile, String base, List<String> comments) {
        final StringBuilder b = new StringBuilder();
        b.append("# toeless cost profile: parameter = value | source (units as in the base profile)\n");
        for (String c : comments) {
            b.append("# ").append(c).append('\n');
        }
        b.append("profile = ").append(profile.name()).append('\n');
        b.append("base = ").append(base).append('\n');
        b.append("description = ").append(profile.description().replace('\n', ' ')).append('\n');
        for (CostParameter p : profile.parameters()) {
            b.append(p.name()).append(" = ").append(CostProfile.format(p.value())).append(" | ")
                .append(p.source().replace('\n', ' ')).append('\n');
        }
        return b.toString();
    }

    /** Reads a profile file's text; {@code origin} names it in error messages. */
    public static CostProfile read(String text, String origin) {
        String name = null;
        String baseName = null;
        String description = null;
        final List<CostParameter> values = new ArrayList<>();
        final Set<String> seen = new LinkedHashSet<>();
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String where = origin + " line " + (i + 1);
            final int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": expected 'name = value | source'");
            }
            final String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            final String rest = line.substring(eq + 1).strip();
            if (!seen.add(key)) {
                throw new IllegalArgumentException(where + ": " + key + " given twice");
            }
            switch (key) {
                case "profile" -> name = rest;
                case "base" -> baseName = rest;
                case "description" -> description = rest;
                default -> values.add(parameter(key, rest, where));
            }
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(origin + ": no 'profile = NAME' line");
        }
        final CostProfile base = CostProfiles.named(baseName == null ? "host-2025" : baseName);
        if (base == null) {
            throw new IllegalArgumentException(origin + ": unknown base profile '" + baseName + "'; built in: "
                + String.join(", ", CostProfiles.builtIn().keySet()));
        }
        for (CostParameter p : values) {
            if (base.parameter(p.name()) == null) {
                throw new IllegalArgumentException(origin + ": unknown parameter '" + p.name() + "'");
            }
        }
        try {
            return base.with(name, description == null ? "read from " + origin : description, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage());
        }
    }

    private static CostParameter parameter(String key, String rest, String where) {
        final int bar = rest.indexOf('|');
        if (bar < 0 || rest.substring(bar + 1).isBlank()) {
            throw new IllegalArgumentException(where + ": " + key + " needs a source after '|' (or 'estimate')");
        }
        final double value;
        try {
            value = Double.parseDouble(rest.substring(0, bar).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + " is not a number: '"
                + rest.substring(0, bar).strip() + "'");
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(where + ": " + key + " must be a finite value >= 0");
        }
        return new CostParameter(key, value, "?", rest.substring(bar + 1).strip());
    }
}
