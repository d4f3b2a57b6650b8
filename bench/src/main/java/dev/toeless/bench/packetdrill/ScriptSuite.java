package dev.toeless.bench.packetdrill;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the scripts under the paths given and runs each one. */
public final class ScriptSuite {
    private ScriptSuite() {
    }

    /** Every {@code .pkt} file named or under a folder named, in path order. */
    public static List<Path> scripts(List<Path> paths) throws IOException {
        final List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.toString().endsWith(".pkt") && Files.isRegularFile(f)).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new NoSuchFileException(p + " (no such script or folder)");
            }
        }
        return out;
    }

    /** Runs one script file; its folder is the name of the directory it sits in. */
    public static Outcome run(Path file, RunOptions options) throws IOException {
        final Path parent = file.toAbsolutePath().normalize().getParent();
        final String folder = parent == null || parent.getFileName() == null ? "." : parent.getFileName().toString();
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return new Outcome(file.toString(), folder, Outcome.Status.UNSUPPORTED, 0, "cannot read: not UTF-8 text", -1);
        }
        return run(file.toString(), folder, text, options);
    }

    /** Runs a script given as text. */
    public static Outcome run(String name, String folder, String text, RunOptions options) {
        final Script script;
        try {
            script = ScriptParser.parse(name, text);
        } catch (ScriptSyntaxException e) {
            return new Outcome(name, folder, Outcome.Status.UNSUPPORTED, e.line(), "cannot read: " + e.getMessage(), -1);
        } catch (RuntimeException e) {
            return new Outcome(name, folder, Outcome.Status.UNSUPPORTED, 0, "cannot read: " + e, -1);
        }
        return new ScriptRun(script, options).run(name, folder);
    }
}
