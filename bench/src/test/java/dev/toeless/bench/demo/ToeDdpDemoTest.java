package dev.toeless.bench.demo;

import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in {@code toe+ddp} mode: host B registers the file's page-cache pages and A's card WRITEs
 * the file into them; the file arrives intact, every page is flipped and none copied, host B's CPU
 * passes over no file byte (its ledger holds only the control messages: a region's 20-byte STag
 * advertisement and A's 4-byte "done"), the registrations are counted and charged, the card placed
 * every byte by DMA, and the figures are the same for the same seed.
 */
class ToeDdpDemoTest {
    private static final long GBIT_10 = 10_000_000_000L;
    private static final int SIZE = 4 << 20;

    @TempDir
    Path dir;

    private TransferResult run(String sub) throws Exception {
        return new FileTransfer(new TransferSpec(DemoMode.TOE_DDP, SIZE, null, dir.resolve(sub), GBIT_10, 1500, 0, 3,
            null), done -> { }).run();
    }

    @Test
    void aFileWrittenIntoRegisteredPageCachePagesIsNeverTouchedByTheHost() throws Exception {
        final TransferResult r = run("a");
        assertThat(r.sha256Ok()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.mode()).isEqualTo("toe+ddp");
        assertThat(r.pagesFlipped()).isEqualTo(SIZE / 4096);
        assertThat(r.pagesCopied()).isZero();
        final long regions = SIZE / (DdpFileEnds.REGION_PAGES * 4096L);
        assertThat(r.receiverLedger().get("copied_bytes")).as("only the control messages")
            .isEqualTo(regions * (20 + 4));
        assertThat(r.receiverLedger().get("checksummed_bytes")).isZero();
        assertThat(r.tcp()).as("host B's stack runs no TCP for the connection").isEmpty();
        assertThat(r.nic()).containsEntry("toe_connections_admitted", 1L)
            .containsEntry("toe_bytes_received", 0L)
            .containsEntry("ddp_bytes_placed", (long) SIZE + regions * 4)
            .containsEntry("ddp_registrations", regions + 1)
            .containsEntry("ddp_deregistrations", regions + 1)
            .containsEntry("ddp_protection_errors", 0L);
        assertThat(r.nic().get("ddp_registration_ns")).as("2 us a call (estimate) + 0.3 us a page")
            .isEqualTo((regions + 1) * 2_000 + 300L * (SIZE / 4096 + 1));
        assertThat(r.modeled().cardCpuUtil()).isPositive();
        assertThat(r.modeled().pciBytesPerMb()).as("the payload crosses B's PCI link once, with overhead")
            .isGreaterThan(1e6);
        assertThat(r.modeled().breakdown().get("other_work_ps")).as("registration time on host B's CPU")
            .isEqualTo(r.nic().get("ddp_registration_ns") * 1_000);

        DemoByName.assertSameRun(run("b"), r);
    }

    @Test
    void theDemoRunsToeDdpByName() {
        final CliRun run = DemoByName.run("toe+ddp", dir);
        assertThat(run.out()).contains("toe+ddp ").contains("registers the file's").contains("yes");
    }
}
