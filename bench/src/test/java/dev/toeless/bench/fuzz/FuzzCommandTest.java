package dev.toeless.bench.fuzz;

import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code toeless fuzz}: the target list, and usage errors before anything runs. */
class FuzzCommandTest {
    @Test
    void listNamesEveryTargetAndItsModule() {
        final CliRun run = CliRun.of("fuzz", "--list");
        assertThat(run.exitCode()).isZero();
        for (FuzzTarget t : FuzzTarget.ALL) {
            assertThat(run.out()).contains(t.name()).contains(t.module());
        }
    }

    @Test
    void anUnknownOrMissingTargetIsAUsageError() {
        final CliRun unknown = CliRun.of("fuzz", "bogus");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown target 'bogus'").contains("frames");
        assertThat(CliRun.of("fuzz").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("fuzz", "frames", "--minutes", "0").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("fuzz", "frames", "--executions", "-1").exitCode()).isEqualTo(2);
    }

    @Test
    void everyTargetHasItsTestClassAndCommittedInputs() {
        final Path root = Path.of("").toAbsolutePath().getParent();
        for (FuzzTarget t : FuzzTarget.ALL) {
            final Path source = root.resolve(t.module()).resolve("src/test/java")
                .resolve(t.testClass().replace('.', '/') + ".java");
            assertThat(source).as(t.name()).exists();
            assertThat(root.resolve(t.inputsDirectory())).as(t.name() + " inputs").isDirectoryContaining(p -> true);
        }
    }

    @Test
    void theClosingLineOfARunIsRead() {
        final FuzzOutput out = new FuzzOutput();
        out.accept("#1048576 pulse  cov: 840 ft: 2191 corp: 307/17Kb exec/s: 80000 rss: 1419Mb");
        out.accept("Done 10000000 runs in 312 second(s)");
        assertThat(out.executions()).isEqualTo(10_000_000);
        assertThat(out.seconds()).isEqualTo(312);
        assertThat(out.finding()).isFalse();
        out.accept("== Java Exception: java.lang.IllegalArgumentException: options do not fit in 40 bytes");
        assertThat(out.finding()).isTrue();
    }

    @Test
    void theMethodNamedIsAFuzzTest() throws Exception {
        final Path root = Path.of("").toAbsolutePath().getParent();
        for (FuzzTarget t : FuzzTarget.ALL) {
            final String source = Files.readString(root.resolve(t.module()).resolve("src/test/java")
                .resolve(t.testClass().replace('.', '/') + ".java"));
            assertThat(source).as(t.name()).containsPattern("@FuzzTest[^\\n]*\\n\\s*void " + t.method() + "\\(");
        }
    }
}
