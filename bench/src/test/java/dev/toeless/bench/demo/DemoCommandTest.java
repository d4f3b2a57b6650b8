package dev.toeless.bench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.bench.cli.CliRun;
import dev.toeless.nic.testing.Tshark;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.vfs.disk.DiskFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The main demo, end to end: a file over the simulated wire into real files, in every mode. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyModeDeliversTheFileAndOnlyStatelessLeavesTheCpuOut() throws Exception {
        final CliRun run = CliRun.of("demo", "--size", "2MiB", "--out", dir.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode modes = new ObjectMapper().readTree(run.out()).get("modes");
        assertThat(modes).hasSize(DemoMode.all().size());
        for (JsonNode m : modes) {
            assertThat(m.get("sha256_ok").asBoolean()).as(m.get("mode").asText()).isTrue();
            assertThat(Path.of(m.get("file").asText())).exists().hasSize(2 << 20);
        }
        final JsonNode none = modes.get(0);
        final JsonNode stateless = modes.get(3);
        assertThat(none.get("mode").asText()).isEqualTo("none");
        assertThat(none.get("touch_per_byte").asDouble()).as("checksum plus copy").isGreaterThanOrEqualTo(2.0);
        assertThat(none.get("pages_flipped").asLong()).isZero();
        assertThat(stateless.get("mode").asText()).isEqualTo("stateless");
        assertThat(stateless.get("touch_per_byte").asDouble()).isZero();
        assertThat(stateless.get("copies_per_byte").asDouble()).isZero();
        assertThat(stateless.get("pages_flipped").asLong()).isEqualTo(512);
        assertThat(stateless.get("nic").get("tx_tso_segments")).isNotNull();
        assertThat(stateless.get("nic").get("rx_accum_appended").asLong()).isPositive();
        assertThat(stateless.get("tcp").get("segments_in").asLong()).isPositive();
        assertThat(stateless.get("receiver_ledger").get("touched_bytes").asLong()).isZero();
        final JsonNode toe = modes.get(4);
        assertThat(toe.get("mode").asText()).isEqualTo("toe");
        assertThat(toe.get("copies_per_byte").asDouble()).as("no DDP: the host copies what the card placed")
            .isBetween(0.99, 1.0);
        assertThat(toe.get("modeled").get("card_cpu_util").asDouble()).isPositive();
        final JsonNode ddp = modes.get(5);
        assertThat(ddp.get("mode").asText()).isEqualTo("toe+ddp");
        assertThat(ddp.get("touch_per_byte").asDouble()).as("placed by the card, flipped by reference: only the"
            + " control messages (24 bytes a MiB) pass the CPU").isLessThan(1e-4);
        assertThat(ddp.get("pages_flipped").asLong()).isEqualTo(512);
        final JsonNode all = new ObjectMapper().readTree(run.out());
        assertThat(names(all)).as("every name is the snake case of a table header").allMatch(n -> n.matches("[a-z0-9_]+"));
    }

    /** Every field name in {@code node}, at every depth. */
    private static List<String> names(JsonNode node) {
        final List<String> out = new ArrayList<>();
        node.properties().forEach(e -> {
            out.add(e.getKey());
            out.addAll(names(e.getValue()));
        });
        node.elements().forEachRemaining(child -> {
            if (!node.isObject()) {
                out.addAll(names(child));
            }
        });
        return out;
    }

    @Test
    void aRealFileWithAPartialLastPageIsTouchedAtMostAtTheEdge() throws Exception {
        final Path src = dir.resolve("photo.raw");
        final byte[] bytes = new byte[3 * 4096 * 10 + 1234];
        new Random(7).nextBytes(bytes);
        Files.write(src, bytes);
        final TransferResult r = new FileTransfer(new TransferSpec(DriverMode.STATELESS, 0, src, dir.resolve("out"),
            10_000_000_000L, 1500, 0, 3, null), done -> { }).run();
        assertThat(r.sha256Ok()).isTrue();
        assertThat(r.pagesFlipped()).isGreaterThanOrEqualTo(30);
        assertThat(r.pagesFlipped() + r.pagesCopied()).isEqualTo(31);
        assertThat((long) (r.touchPerByte() * bytes.length + 0.5)).as("at most the last partial page")
            .isLessThanOrEqualTo(1234);
        assertThat(Files.readAllBytes(Path.of(r.file()))).isEqualTo(bytes);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(r.sha256());
    }

    @Test
    void lossAndReorderingOnTheWireChangeTimeNotBytes() throws Exception {
        for (DriverMode mode : DriverMode.values()) {
            final TransferResult r = new FileTransfer(new TransferSpec(mode, 1 << 20, null, dir.resolve("lossy"),
                10_000_000_000L, 1500, 0.02, 5, null), done -> { }).run();
            assertThat(r.sha256Ok()).as("%s: %s", mode, r.error()).isTrue();
        }
    }

    @Test
    void aSlowDiskClosesTheWindowAndLosesNothing() throws Exception {
        final TransferResult r = new FileTransfer(new TransferSpec(DriverMode.STATELESS, 24 << 20, null, dir,
            10_000_000_000L, 1500, 0, 9, null).withDisk(200_000_000L, DiskFaults.NONE), done -> { }).run();
        assertThat(r.sha256Ok()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.goodputBitsPerSecond()).as("the disk, not the wire, sets the pace").isLessThan(2.0e9);
        assertThat(r.pagesFlipped()).isEqualTo(6144);
    }

    @Test
    void aFailingDiskAbortsTheTransferResetsTheConnectionAndLeavesNoFile() throws Exception {
        final Path out = dir.resolve("failing");
        final TransferResult r = new FileTransfer(new TransferSpec(DriverMode.STATELESS, 8 << 20, null, out,
            10_000_000_000L, 1500, 0, 9, null).withDisk(TransferSpec.FAST_DISK_BYTES_PER_SECOND,
            DiskFaults.diskFullAfter(3 << 20)), done -> { }).run();
        assertThat(r.sha256Ok()).isFalse();
        assertThat(r.file()).isNull();
        assertThat(r.error()).containsIgnoringCase("space");
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)).as("no half-file, no .part").isEmpty();
        }
    }

    /** More than 4 GiB: both sequence spaces wrap, file offsets pass 2^32, every byte still lands. */
    @Test
    void moreThanFourGibibytesThroughTheWholeStack() throws Exception {
        final long size = (4L << 30) + (64L << 20) + 4096 + 77;
        final long free = Files.getFileStore(dir).getUsableSpace();
        if (free < size + (2L << 30)) {
            System.out.println("skipping the >4 GiB transfer: " + free + " bytes free under " + dir);
            org.junit.jupiter.api.Assumptions.abort("not enough disk for a 4 GiB file");
        }
        final TransferResult r = new FileTransfer(new TransferSpec(DriverMode.STATELESS, size, null, dir.resolve("big"),
            10_000_000_000L, 1500, 0, 21, null), done -> { }).run();
        try {
            assertThat(r.sha256Ok()).as(String.valueOf(r.error())).isTrue();
            assertThat(Files.size(Path.of(r.file()))).isEqualTo(size);
            assertThat(r.pagesFlipped()).isGreaterThanOrEqualTo(size / 4096 - 1);
        } finally {
            if (r.file() != null) {
                Files.deleteIfExists(Path.of(r.file()));
            }
        }
    }

    @Test
    void theWireCaptureIsValidForTshark() throws Exception {
        final Path pcap = dir.resolve("wire.pcap");
        final CliRun run = CliRun.of("demo", "--size", "512K", "--mode", "stateless", "--out", dir.toString(),
            "--pcap", pcap.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("stateless", "yes").doesNotContain("| NO");
        final Tshark.Verdict v = Tshark.check(pcap);
        assertThat(v.frames()).isGreaterThan(300);
        assertThat(v.malformedOrBadChecksum()).isZero();
    }

    @Test
    void badArgumentsAreOneClearLine() {
        final CliRun mode = CliRun.of("demo", "--mode", "turbo", "--out", dir.toString());
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("unknown mode 'turbo'").doesNotContain("Exception");
        final CliRun size = CliRun.of("demo", "--size", "lots", "--out", dir.toString());
        assertThat(size.exitCode()).isEqualTo(2);
        assertThat(size.err()).contains("not a size");
        final CliRun file = CliRun.of("demo", "--file", dir.resolve("missing.bin").toString(), "--out", dir.toString());
        assertThat(file.exitCode()).isEqualTo(1);
        assertThat(file.err()).contains("missing.bin").contains("no such file").doesNotContain("\tat ");
    }
}
