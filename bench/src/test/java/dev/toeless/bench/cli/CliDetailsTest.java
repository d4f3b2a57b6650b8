package dev.toeless.bench.cli;

import dev.toeless.bench.jmh.JmhMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's edges: each bad use is one clear line and exit 2, and help reads whole. */
class CliDetailsTest {
    @TempDir
    Path dir;

    private static void usageError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).doesNotContain("Exception");
    }

    @Test
    void noCommandIsAUsageError() {
        final CliRun run = CliRun.of();
        usageError(run, "no command given");
        assertThat(run.err()).contains("Usage: toeless");
    }

    @Test
    void notANumberIsNotALossOrARate() {
        usageError(CliRun.of("demo", "--loss", "NaN", "--out", dir.toString()), "--loss must be a number");
        usageError(CliRun.of("demo", "--rate", "NaN", "--out", dir.toString()), "--rate must be a number");
    }

    @Test
    void modesMustBeNamedOnce() {
        usageError(CliRun.of("demo", "--mode", ",", "--out", dir.toString()), "--mode needs mode names");
        usageError(CliRun.of("demo", "--mode", "none,,csum", "--out", dir.toString()), "--mode needs mode names");
        usageError(CliRun.of("demo", "--mode", "none,none", "--out", dir.toString()), "mode 'none' is given twice");
    }

    @Test
    void simOptionsOutOfTheirPlaceOrRangeAreUsageErrors() {
        usageError(CliRun.of("sim", "--cc", "cubic", "--seeds", "1"), "--cc goes with --table");
        usageError(CliRun.of("sim", "--table-seeds", "3", "--seeds", "1"), "--table-seeds goes with --table");
        usageError(CliRun.of("sim", "--probe-timeout", "linux", "--seeds", "1"), "--probe-timeout goes with --table");
        usageError(CliRun.of("sim", "--probe-resends", "--seeds", "1"), "--probe-resends goes with --table");
        usageError(CliRun.of("sim", "--probe-dsack-excluded", "--seeds", "1"), "--probe-dsack-excluded goes with --table");
        usageError(CliRun.of("sim", "--adaptive-probes", "on", "--seeds", "1"), "--adaptive-probes goes with --table");
        usageError(CliRun.of("sim", "--table", "--adaptive-probes", "yes"), "--adaptive-probes must be on or off: yes");
        usageError(CliRun.of("sim", "--probe-backoff", "on", "--seeds", "1"), "--probe-backoff goes with --table");
        usageError(CliRun.of("sim", "--table", "--probe-backoff", "yes"), "--probe-backoff must be off, learned or on: yes");
        usageError(CliRun.of("sim", "--from", Long.toString(Long.MAX_VALUE), "--seeds", "2"), "runs past the last seed");
        usageError(CliRun.of("sim", "--seeds", "2147483648"), "--seeds must be 0 to 1000000");
        final CliRun last = CliRun.of("sim", "--from", Long.toString(Long.MAX_VALUE), "--seeds", "0");
        assertThat(last.exitCode()).as(last.err()).isZero();
    }

    @Test
    void theTopLevelHelpGivesEachCommandAWholeSentence() {
        final CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        for (String line : run.out().lines().toList()) {
            if (line.matches("  (demo|replay|sim) .*")) {
                assertThat(line.strip()).as("a whole sentence").endsWith(".");
            }
        }
        assertThat(run.out()).containsPattern("\\n  sim +Runs the deterministic fault simulator").contains("./toeless jmh");
    }

    @Test
    void anOptionJmhDoesNotKnowIsABadArgument() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = JmhMain.check(new String[] {"--bogus"},
            new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("toeless jmh: ").contains("bogus").doesNotContain("Exception");
        assertThat(JmhMain.check(new String[] {"-f", "1", "Checksum"},
            new PrintStream(err, true))).isZero();
    }
}
