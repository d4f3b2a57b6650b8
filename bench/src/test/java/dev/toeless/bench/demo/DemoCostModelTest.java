package dev.toeless.bench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.bench.cli.CliRun;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfileFile;
import dev.toeless.nic.cost.CostProfiles;
import dev.toeless.nic.cost.PciConfig;
import dev.toeless.stack.driver.DriverMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's modeled figures: deterministic, and a host or bus too slow for the line shows it. */
class DemoCostModelTest {
    private static final long GBIT_10 = 10_000_000_000L;
    private static final long GBIT_100 = 100_000_000_000L;

    @TempDir
    Path dir;

    private TransferResult run(DriverMode mode, long rate, CostSetup cost, String sub) throws Exception {
        return run(mode, rate, cost, sub, 0, 2 << 20);
    }

    private TransferResult run(DriverMode mode, long rate, CostSetup cost, String sub, int window, long size)
        throws Exception {
        return new FileTransfer(new TransferSpec(mode, size, null, dir.resolve(sub), rate, 1500, 0, 7, null)
            .withCost(cost).withWindow(window), done -> { }).run();
    }

    @Test
    void theModeledFiguresAreTheSameForTheSameSeedAndOptions() throws Exception {
        // one saturated core at 100 Gbit/s with a window larger than the ring: drops, retransmissions
        // and waits all take part
        final CostSetup cost = new CostSetup(CostProfiles.named("host-2025"), PciConfig.defaults());
        for (DriverMode mode : List.of(DriverMode.NONE, DriverMode.STATELESS)) {
            final TransferResult first = run(mode, GBIT_100, cost, "first", 4 << 20, 8 << 20);
            final TransferResult second = run(mode, GBIT_100, cost, "second", 4 << 20, 8 << 20);
            assertThat(first.sha256Ok()).isTrue();
            if (mode == DriverMode.NONE) {
                assertThat(first.modeled().rxMissed()).as("the run includes drops").isPositive();
            }
            assertThat(second.modeled()).isEqualTo(first.modeled());
            assertThat(second.virtualNs()).isEqualTo(first.virtualNs());
            assertThat(second.nic()).isEqualTo(first.nic());
        }
    }

    @Test
    void aCpuOf2003CannotReceiveTenGigabits() throws Exception {
        final CostSetup old = new CostSetup(CostProfiles.named("host-2003"), PciConfig.defaults());
        // with the default 256 KiB window, flow control holds the sender back: slow, nothing lost
        final TransferResult flowControlled = run(DriverMode.NONE, GBIT_10, old, "old");
        assertThat(flowControlled.sha256Ok()).isTrue();
        assertThat(flowControlled.goodputBitsPerSecond()).isLessThan(5e9);
        assertThat(flowControlled.modeled().hostCpuUtil()).isGreaterThan(0.9);
        assertThat(flowControlled.modeled().rxMissed()).isZero();
        // with a window larger than the ring (once slow start has opened it), the ring overflows and the
        // NIC counts what it missed
        final TransferResult overrun = run(DriverMode.NONE, GBIT_10, old, "overrun", 4 << 20, 16 << 20);
        assertThat(overrun.sha256Ok()).as("TCP recovers every dropped frame").isTrue();
        assertThat(overrun.modeled().rxMissed()).isPositive();
        assertThat(overrun.nic()).containsEntry("rx_missed", overrun.modeled().rxMissed());
    }

    @Test
    void aLegacyDriverReadsTheInterruptCauseAndAnMsixDriverDoesNot() throws Exception {
        final TransferResult legacy = run(DriverMode.STATELESS, GBIT_10,
            new CostSetup(CostProfiles.named("host-2003"), PciConfig.defaults()), "legacy", 0, 1 << 20);
        final TransferResult msix = run(DriverMode.STATELESS, GBIT_10,
            new CostSetup(CostProfiles.named("host-2025"), PciConfig.defaults()), "msix", 0, 1 << 20);
        assertThat(legacy.sha256Ok()).isTrue();
        assertThat(msix.sha256Ok()).isTrue();
        // one register read per interrupt, as e1000_intr reads ICR
        final double mb = (1 << 20) / 1e6;
        assertThat(legacy.modeled().mmioReads()).isPositive()
            .isEqualTo(Math.round(legacy.modeled().interruptsPerMb() * mb));
        assertThat(msix.modeled().mmioReads()).isZero();
    }

    @Test
    void aPciLinkSlowerThanTheWireLimitsGoodput() throws Exception {
        final CostSetup narrow = new CostSetup(CostProfiles.named("host-2025").withCores(4), PciConfig.parse("gen3x1"));
        final TransferResult r = run(DriverMode.STATELESS, GBIT_10, narrow, "narrow");
        assertThat(r.sha256Ok()).isTrue();
        assertThat(r.goodputBitsPerSecond()).isLessThan(7.88e9);
        // with a completion and a header per segment the NIC's packet buffer overflows behind the bus
        // (stateless's hardware GRO writes one per run of segments, and TCP's window keeps it below that)
        final TransferResult perSegment = run(DriverMode.CSUM_GRO, GBIT_10, narrow, "narrow-csum");
        assertThat(perSegment.sha256Ok()).isTrue();
        assertThat(perSegment.goodputBitsPerSecond()).isLessThan(7.88e9);
        assertThat(perSegment.modeled().rxMissed()).isPositive();
    }

    @Test
    void theBusCountersAreLiveAndPerMegabyte() throws Exception {
        final TransferResult r = run(DriverMode.CSUM, GBIT_10, CostSetup.defaults(), "bus");
        final ModeledCost m = r.modeled();
        // every payload byte crosses the bus once, plus TLP headers, descriptors and completions
        assertThat(m.pciBytesPerMb()).isGreaterThan(1_000_000);
        assertThat(m.pciTxPerMb()).isGreaterThan(1_000_000 / 256.0);
        assertThat(m.descriptorsPerMb()).isPositive();
        assertThat(m.interruptsPerMb()).isPositive();
        assertThat(m.doorbells()).isPositive();
        assertThat(m.mmioReads()).as("the driver reads no device register").isZero();
        assertThat(m.hostNsPerByteModeled()).isPositive();
        assertThat(m.hostCyclesPerByte()).isEqualTo(m.hostNsPerByteModeled() * 2.75);
        assertThat(m.breakdown()).containsKeys("interrupt_count", "copy_warm_bytes", "tcp_fast_path_ps");
    }

    @Test
    void theDemoTakesAProfileFileCoresAndALinkAndPrintsEverySource() throws Exception {
        final CostProfile mine = CostProfiles.named("host-2018").with("mine", "a test machine", List.of());
        final Path file = dir.resolve("mine.profile");
        Files.writeString(file, CostProfileFile.write(mine, "host-2018", List.of()));
        final CliRun print = CliRun.of("demo", "--profile", file.toString(), "--cores", "2", "--pcie", "gen5x8",
            "--print-profile");
        assertThat(print.exitCode()).as(print.err()).isZero();
        assertThat(print.out()).contains("profile mine").contains("copy_cold_ns_per_byte").contains("Dumazet")
            .contains("| estimate").contains("gen5x8").contains("pcie-bench")
            .contains("mr_pin_page_ns").contains("libfabric issue 4738").contains("mr_register_call_ns");
        final CliRun run = CliRun.of("demo", "--size", "1MiB", "--mode", "stateless", "--profile", file.toString(),
            "--pcie", "gen4x8", "--out", dir.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("cost_model").asText()).isEqualTo("mine, 1 core, gen4x8");
        final JsonNode modeled = json.get("modes").get(0).get("modeled");
        assertThat(modeled.get("host_cpu_util").asDouble()).isPositive();
        assertThat(modeled.get("pci_tx_per_mb").asDouble()).isPositive();
        assertThat(json.get("notes").get("host_ns_per_byte").asText()).startsWith("measured");
    }

    @Test
    void badCostOptionsAreOneClearLine() throws Exception {
        final CliRun profile = CliRun.of("demo", "--profile", "host-1999", "--out", dir.toString());
        assertThat(profile.exitCode()).isEqualTo(2);
        assertThat(profile.err()).contains("neither a built-in profile").doesNotContain("Exception");
        final CliRun card = CliRun.of("demo", "--profile", "toe-asic", "--out", dir.toString());
        assertThat(card.exitCode()).isEqualTo(2);
        assertThat(card.err()).contains("is a card's CPU");
        assertThat(CliRun.of("demo", "--profile", "toe-asic", "--print-profile").out())
            .contains("Chelsio").contains("added_latency_ns");
        final CliRun pcie = CliRun.of("demo", "--pcie", "gen9x16", "--out", dir.toString());
        assertThat(pcie.exitCode()).isEqualTo(2);
        assertThat(pcie.err()).contains("must look like gen4x16");
        final Path bad = dir.resolve("bad.profile");
        Files.writeString(bad, "profile = x\ncopy_warm_ns_per_byte = quick | me\n");
        final CliRun file = CliRun.of("demo", "--profile", bad.toString(), "--out", dir.toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("line 2").contains("not a number").doesNotContain("\tat ");
    }
}
