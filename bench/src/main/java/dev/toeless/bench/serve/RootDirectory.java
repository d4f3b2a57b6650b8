package dev.toeless.bench.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The folder the server serves: maps a request target ({@code /a/b.txt?x}) to a file under it, or
 * refuses. The path is percent-decoded; a segment {@code ..} or {@code .}, an empty segment, a NUL,
 * a backslash or a name that leaves the root through a symbolic link is refused (403), so no
 * request reaches a file outside the root.
 */
final class RootDirectory {
    /** A target mapped to a file, or the status that refuses it. */
    record Resolved(Path path, int status, String reason) {
        static Resolved refused(int status, String reason) {
            return new Resolved(null, status, reason);
        }

        boolean ok() {
            return path != null;
        }
    }

    private final Path root;

    RootDirectory(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    Path path() {
        return root;
    }

    /** Maps {@code target} to a path under the root (which may not exist yet). */
    Resolved resolve(String target) {
        if (!target.startsWith("/")) {
            return Resolved.refused(400, "Bad Request");
        }
        final int query = target.indexOf('?');
        final String decoded = percentDecode(query < 0 ? target : target.substring(0, query));
        if (decoded == null) {
            return Resolved.refused(400, "Bad Request");
        }
        if (decoded.equals("/")) {
            return new Resolved(root, 200, "OK");
        }
        Path at = root;
        final String relative = decoded.endsWith("/") ? decoded.substring(1, decoded.length() - 1) : decoded.substring(1);
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0
                || segment.indexOf('\\') >= 0) {
                return Resolved.refused(403, "Forbidden");
            }
            at = at.resolve(segment);
        }
        final Path normal = at.normalize();
        if (!normal.startsWith(root) || leavesRoot(normal)) {
            return Resolved.refused(403, "Forbidden");
        }
        return new Resolved(normal, 200, "OK");
    }

    /** True when the nearest existing ancestor (or the file) resolves outside the root via a link. */
    private boolean leavesRoot(Path path) {
        Path probe = path;
        while (probe != null && !Files.exists(probe, LinkOption.NOFOLLOW_LINKS)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return true;
        }
        try {
            return !probe.toRealPath().startsWith(root);
        } catch (IOException e) {
            return true;
        }
    }

    /** Decodes %XX escapes as UTF-8; null for a bad escape. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        final byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                final int hi = Character.digit(s.charAt(i + 1), 16);
                final int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
