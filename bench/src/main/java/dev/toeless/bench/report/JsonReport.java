package dev.toeless.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * How every command writes {@code --json} (and {@code serve} its {@code /stats}): indented, with
 * each record component under its snake-case name, the name the printed table's header uses
 * ({@code sha256_ok}, {@code touch_per_byte}, {@code host_ns_per_byte}). Counter snapshots are maps
 * already keyed by their report names and are written as they are.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** {@code value} as indented JSON with snake-case names. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report does not serialize: " + e.getOriginalMessage(), e);
        }
    }

    /** Prints {@code report} to {@code out}: as JSON with {@code json}, else as {@code text} writes it; then flushes. */
    public static void print(PrintWriter out, boolean json, Object report, Consumer<PrintWriter> text) {
        if (json) {
            out.println(write(report));
        } else {
            text.accept(out);
        }
        out.flush();
    }
}
