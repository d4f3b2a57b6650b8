package dev.toeless.bench.demo;

import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in {@code card-node} mode beside {@code stateless} on the same work: the file arrives
 * intact through the card's splice proxy, host B handles far fewer packets and less CPU than with
 * the NIC alone, the card's cores carry the TCP work and say where they would saturate, and the
 * figures are the same for the same seed.
 */
class CardNodeDemoTest {
    private static final long GBIT_10 = 10_000_000_000L;

    @TempDir
    Path dir;

    private TransferResult run(DemoMode mode, String sub) throws Exception {
        return new FileTransfer(new TransferSpec(mode, 4 << 20, null, dir.resolve(sub), GBIT_10, 1500, 0, 3, null),
            done -> { }).run();
    }

    @Test
    void theHostBehindTheCardHandlesFewerPacketsAndLessCpuThanWithTheNicAlone() throws Exception {
        final TransferResult card = run(DemoMode.CARD_NODE, "card");
        final TransferResult nic = run(DemoMode.of(dev.toeless.stack.driver.DriverMode.STATELESS), "nic");

        assertThat(card.sha256Ok()).as(String.valueOf(card.error())).isTrue();
        assertThat(card.mode()).isEqualTo("card-node");
        assertThat(card.nic()).as("host B's device is its end of the PCI link").containsKey("pci_rx_multi_page");
        assertThat(card.nic().get("pci_rx_multi_page")).isPositive();
        // 60 KiB segments over PCI against the NIC's (hardware-GRO-coalesced) packets and their ACKs
        assertThat(card.modeled().hostPacketsPerGb()).isPositive()
            .isLessThan(nic.modeled().hostPacketsPerGb());
        assertThat(card.modeled().hostNsPerByteModeled()).isLessThan(nic.modeled().hostNsPerByteModeled());
        assertThat(card.modeled().cardProfile()).isEqualTo(CardNodeTransfer.CARD_PROFILE);
        assertThat(card.modeled().cardCpuUtil()).isPositive();
        assertThat(card.modeled().cardSaturationGbps()).as("computed from the card's cost per byte")
            .isEqualTo(8.0 * CardNodeTransfer.cardProfile().cores() / card.modeled().cardNsPerByte());
        assertThat(nic.modeled().cardSaturationGbps()).as("no card").isZero();

        DemoByName.assertSameRun(run(DemoMode.CARD_NODE, "again"), card);
    }

    @Test
    void theDemoRunsCardNodeByNameAndInItsDefaultList() {
        final CliRun run = DemoByName.run("card-node", dir);
        assertThat(run.out()).contains("card-node ").contains("host_packets_per_gb").contains("COMPUTED, not run");
    }
}
