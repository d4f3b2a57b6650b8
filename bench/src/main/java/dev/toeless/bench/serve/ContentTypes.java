package dev.toeless.bench.serve;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The Content-Type of a served file, by its extension, so a browser shows pages and pictures. */
final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
        Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
        Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/plain; charset=utf-8"),
        Map.entry("css", "text/css"), Map.entry("js", "text/javascript"), Map.entry("json", "application/json"),
        Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
        Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("pdf", "application/pdf"));

    private ContentTypes() {
    }

    static String of(Path file) {
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        final String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
    }
}
