package dev.toeless.bench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.bench.cli.CliRun;
import dev.toeless.stack.driver.DriverMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo never destroys a user's file, never calls a short transfer complete, and ends what it starts. */
class DemoSafetyTest {
    @TempDir
    Path dir;

    private Path input(String name, int size) throws IOException {
        final byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void aCaptureOverTheFileToSendIsRefusedAndTheFileIsUntouched() throws IOException {
        final Path f = input("F", 100_000);
        final byte[] before = Files.readAllBytes(f);
        final Path symlink = Files.createSymbolicLink(dir.resolve("link.pcap"), f);
        final Path hardlink = Files.createLink(dir.resolve("hard.pcap"), f);
        for (Path capture : new Path[] {f, symlink, hardlink}) {
            final CliRun run = CliRun.of("demo", "--file", f.toString(), "--pcap", capture.toString(),
                "--mode", "stateless", "--out", dir.resolve("out").toString());
            assertThat(run.exitCode()).as(capture + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).contains("--pcap " + capture, "refusing to write over an input")
                .doesNotContain("Exception");
            assertThat(run.out()).doesNotContain("yes");
            assertThat(Files.readAllBytes(f)).as("the input is unchanged").isEqualTo(before);
        }
    }

    @Test
    void aReceivedFileThatWouldLandOnTheFileToSendIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("out/csum"));
        final Path f = Files.write(dir.resolve("out/csum/F"), new byte[5000]);
        final CliRun run = CliRun.of("demo", "--file", f.toString(), "--mode", "csum", "--out", dir.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("refusing to write over an input");
        assertThat(f).hasSize(5000);
    }

    @Test
    void theTransferItselfRefusesACaptureOverItsSource() throws IOException {
        final Path f = input("G", 20_000);
        final byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> new FileTransfer(new TransferSpec(DriverMode.NONE, 0, f, dir.resolve("out"),
            10_000_000_000L, 1500, 0, 1, dir.resolve(".").resolve("G")), done -> { }).run())
            .isInstanceOf(IOException.class).hasMessageContaining("refusing");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
    }

    @Test
    void withOneModeTheCaptureHasTheGivenNameWithSeveralEachGetsItsMode() throws IOException {
        final Path f = input("H", 30_000);
        final CliRun one = CliRun.of("demo", "--file", f.toString(), "--mode", "csum", "--out", dir.toString(),
            "--pcap", dir.resolve("one.pcap").toString());
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(dir.resolve("one.pcap")).exists();
        final CliRun two = CliRun.of("demo", "--file", f.toString(), "--mode", "csum,csum+gro", "--out",
            dir.toString(), "--pcap", dir.resolve("two.pcap").toString());
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(dir.resolve("two-csum.pcap")).exists();
        assertThat(dir.resolve("two-csum-gro.pcap")).exists();
        assertThat(dir.resolve("two.pcap")).doesNotExist();
        assertThat(CliRun.of("demo", "--help").out().replaceAll("\\s+", " "))
            .contains("with more than one mode one file per mode");
    }

    /** A transfer that runs out of time: exit 3, "did not finish", the row with what moved, all pages back. */
    @Test
    void aTransferThatTimesOutReportsWhatMovedAndLaterModesStillRun() throws Exception {
        final Path out = dir.resolve("slow");
        final CliRun run = CliRun.of("demo", "--size", "8M", "--rate", "0.0001", "--mode", "stateless,none",
            "--out", out.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).doesNotContain("still referenced", "Exception");
        final JsonNode modes = new ObjectMapper().readTree(run.out()).get("modes");
        assertThat(modes).hasSize(2);
        for (JsonNode m : modes) {
            assertThat(m.get("sha256_ok").asBoolean()).isFalse();
            assertThat(m.get("error").asText()).contains("did not finish within 600 s");
            final long delivered = m.get("delivered_bytes").asLong();
            assertThat(delivered).isPositive().isLessThan(8 << 20);
            final double goodput = m.get("goodput_bits_per_second").asDouble();
            assertThat(goodput).isPositive().isLessThanOrEqualTo(100_000.0);
            for (String perByte : new String[] {"touch_per_byte", "copies_per_byte", "host_ns_per_byte", "host_cores_at_100g"}) {
                assertThat(m.get(perByte).isNumber()).as(perByte).isTrue();
                assertThat(Double.isFinite(m.get(perByte).asDouble())).as(perByte).isTrue();
            }
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)).as("no half-file, no .part").isEmpty();
        }
        final CliRun table = CliRun.of("demo", "--size", "8M", "--rate", "0.0001", "--mode", "csum",
            "--out", out.toString());
        assertThat(table.exitCode()).isEqualTo(3);
        assertThat(table.out()).contains("csum", "| NO", "csum: did not finish within 600 s", "kbit/s")
            .doesNotContain("NaN", "Infinity", "0.00 Gbit/s");
        assertThat(table.err()).containsPattern("csum +[0-9.]+ MiB of 8 MiB in");
    }

    /** The MSS follows the link MTU: every MTU the CLI takes delivers in every mode. */
    @Test
    void everyMtuTheDemoTakesDeliversInEveryMode() throws IOException {
        for (int mtu : new int[] {1280, 1400, 1499, 9000}) {
            for (DriverMode mode : DriverMode.values()) {
                final TransferResult r = new FileTransfer(new TransferSpec(mode, 512 << 10, null, dir.resolve("mtu"),
                    10_000_000_000L, mtu, 0, 3, null), done -> { }).run();
                assertThat(r.sha256Ok()).as("MTU %d %s: %s", mtu, mode, r.error()).isTrue();
            }
        }
        for (String bad : new String[] {"576", "1279", "9001"}) {
            final CliRun run = CliRun.of("demo", "--mtu", bad, "--out", dir.toString());
            assertThat(run.exitCode()).as(bad).isEqualTo(2);
            assertThat(run.err()).contains("--mtu must be between 1280 and 9000");
        }
    }
}
