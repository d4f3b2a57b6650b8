package dev.toeless.nic.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's {@code shared/} folder (captures, tools) from a test. */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The shared folder: the {@code toeless.shared} property, else a {@code shared} beside an ancestor. */
    public static Path root() {
        final String prop = System.getProperty("toeless.shared");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            final Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("captures"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/ not found: set -Dtoeless.shared=PATH");
    }

    public static Path capture(String name) {
        return root().resolve("captures").resolve(name);
    }
}
