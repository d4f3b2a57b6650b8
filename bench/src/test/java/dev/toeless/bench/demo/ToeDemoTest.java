package dev.toeless.bench.demo;

import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in {@code toe} mode: the file arrives intact through the card's TCP, host B copies every
 * payload byte the card placed (no DDP: touch_per_byte about 1), the card's CPU and its PCI traffic
 * show in the modeled figures, and they are the same for the same seed.
 */
class ToeDemoTest {
    private static final long GBIT_10 = 10_000_000_000L;

    @TempDir
    Path dir;

    private TransferResult run(String sub) throws Exception {
        return new FileTransfer(new TransferSpec(DemoMode.TOE, 4 << 20, null, dir.resolve(sub), GBIT_10, 1500, 0, 3,
            null), done -> { }).run();
    }

    @Test
    void aFileThroughTheCardIsCopiedOnceByTheHost() throws Exception {
        final TransferResult r = run("a");
        assertThat(r.sha256Ok()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.mode()).isEqualTo("toe");
        assertThat(r.touchPerByte()).as("the sink copies what the card placed").isBetween(0.99, 1.0);
        assertThat(r.pagesFlipped()).isZero();
        assertThat(r.tcp()).as("host B's stack runs no TCP for the connection").isEmpty();
        assertThat(r.nic()).containsEntry("toe_connections_admitted", 1L)
            .containsEntry("toe_bytes_received", 4L << 20).containsEntry("toe_host_pages_lent", 0L);
        assertThat(r.modeled().cardProfile()).isEqualTo("toe-asic");
        assertThat(r.modeled().cardCpuUtil()).isPositive();
        assertThat(r.modeled().doorbells()).isPositive();
        assertThat(r.modeled().pciBytesPerMb()).as("the payload crosses PCI once, with overhead").isGreaterThan(1e6);
        assertThat(r.modeled().interruptsPerMb()).isPositive();

        DemoByName.assertSameRun(run("b"), r);
    }

    @Test
    void theDemoRunsToeByNameAndInItsDefaultList() {
        final CliRun run = DemoByName.run("toe", dir);
        assertThat(run.out()).contains("toe ").contains("card_cpu_util").contains("newreno");
    }
}
