package dev.toeless.bench.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The HTML page a browser gets for a folder: its files and subfolders as links, sorted by name. */
final class DirectoryListing {
    /** Folders with more entries than this list the first ones only. */
    private static final int MAX_ENTRIES = 2_000;

    private DirectoryListing() {
    }

    static byte[] html(Path root, Path folder) throws IOException {
        final String rel = root.relativize(folder).toString().replace('\\', '/');
        final String base = rel.isEmpty() ? "/" : "/" + rel + "/";
        final StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(escape(base)).append("</title></head>\n<body><h1>").append(escape(base)).append("</h1>\n<ul>\n");
        final List<Path> entries;
        try (Stream<Path> list = Files.list(folder)) {
            entries = list.filter(p -> !p.getFileName().toString().endsWith(".part")).sorted().limit(MAX_ENTRIES)
                .toList();
        }
        for (Path p : entries) {
            final String name = p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "");
            page.append("<li><a href=\"").append(escape(encode(base + name))).append("\">").append(escape(name))
                .append("</a>");
            if (Files.isRegularFile(p)) {
                page.append(" (").append(Files.size(p)).append(" bytes)");
            }
            page.append("</li>\n");
        }
        return page.append("</ul>\n<p><a href=\"/stats\">/stats</a></p></body></html>\n").toString()
            .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Percent-encodes what is not safe in a path segment (the folder's trailing slash stays). */
    private static String encode(String name) {
        final StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            final int c = b & 0xFF;
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
