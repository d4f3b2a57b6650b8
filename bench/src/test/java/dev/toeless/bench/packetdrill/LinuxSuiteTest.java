package dev.toeless.bench.packetdrill;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Linux's packetdrill scripts ({@code ../shared/packetdrill/tcp} beside the repository, GPLv2
 * test data read where it lies): every script listed as passing in
 * {@code packetdrill/expected-outcomes.txt} must still pass, and the number of passes must not
 * drop below the floor. A script that starts to pass is welcome: add it to the list.
 */
class LinuxSuiteTest {
    /** Scripts that pass today; the count must not drop below it. */
    static final int PASS_FLOOR = 56;

    private static Path suite() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            final Path candidate = dir.resolveSibling("shared").resolve("packetdrill").resolve("tcp");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }

    @Test
    void linuxScriptsThatPassKeepPassing() throws IOException {
        final Path suite = suite();
        assumeTrue(suite != null, "../shared/packetdrill/tcp not found beside the repository: "
            + "Linux's packetdrill scripts are not part of it, so there is nothing to run");
        final Map<String, String> expected = expectedOutcomes();
        final Map<String, Outcome> actual = new LinkedHashMap<>();
        for (Path p : ScriptSuite.scripts(List.of(suite))) {
            actual.put(suite.relativize(p).toString().replace('\\', '/'), ScriptSuite.run(p, RunOptions.DEFAULT));
        }
        final List<String> regressions = new ArrayList<>();
        expected.forEach((script, status) -> {
            final Outcome o = actual.get(script);
            if (status.equals("pass") && (o == null || o.status() != Outcome.Status.PASS)) {
                regressions.add(o == null ? script + ": missing" : o.describe());
            }
        });
        assertThat(regressions).as("scripts that passed and no longer do").isEmpty();
        final long passes = actual.values().stream().filter(o -> o.status() == Outcome.Status.PASS).count();
        assertThat(passes).as("passing scripts").isGreaterThanOrEqualTo(PASS_FLOOR);
        assertThat(actual).as("scripts found").hasSize(expected.size());
    }

    private static Map<String, String> expectedOutcomes() throws IOException {
        final Map<String, String> out = new LinkedHashMap<>();
        try (var in = LinuxSuiteTest.class.getResourceAsStream("/packetdrill/expected-outcomes.txt")) {
            assertThat(in).as("expected-outcomes.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                final String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    final String[] kv = l.split("\\s+");
                    out.put(kv[0], kv[1]);
                }
            }
        }
        return out;
    }
}
