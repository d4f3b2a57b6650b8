package dev.toeless.bench.calibrate;

import dev.toeless.bench.cli.CliRun;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfileFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code toeless calibrate} writes a profile the demo takes; no figure is judged (they are this machine's). */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void calibrateWritesAProfileTheDemoAccepts() throws Exception {
        final Path file = dir.resolve("this-machine.profile");
        final CliRun cal = CliRun.of("calibrate", "--out", file.toString(), "--cold-set", "16MiB", "--size", "1MiB",
            "--base", "host-2018");
        assertThat(cal.exitCode()).as(cal.err()).isZero();
        assertThat(cal.out()).contains("copy      warm").contains("written to " + file);
        final CostProfile p = CostProfileFile.read(Files.readString(file), file.toString());
        assertThat(p.name()).isEqualTo("calibrated");
        assertThat(p.parameter("copy_cold_ns_per_byte").source()).startsWith("measured by toeless calibrate");
        assertThat(p.parameter("tcp_fast_path_ns").source()).contains("host-2018 x");
        assertThat(p.parameter("doorbell_ns").source()).doesNotContain("calibrate");
        final CliRun demo = CliRun.of("demo", "--size", "1MiB", "--mode", "csum", "--profile", file.toString(),
            "--out", dir.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("calibrated, 1 core, gen4x16");
    }

    @Test
    void aCardProfileIsNoBase() {
        final CliRun cal = CliRun.of("calibrate", "--out", dir.resolve("x").toString(), "--base", "toe-asic");
        assertThat(cal.exitCode()).isEqualTo(2);
        assertThat(cal.err()).contains("--base must be a host profile");
    }
}
