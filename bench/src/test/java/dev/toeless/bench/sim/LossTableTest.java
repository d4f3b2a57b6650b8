package dev.toeless.bench.sim;

import dev.toeless.stack.tcp.LossDetection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The goodput-versus-loss table: a run moves the whole transfer, a capped run says so, a cell is
 * the median of its seeds, the text has smoltcp's snapshot and the comparison, and the whole
 * table (like for like with smoltcp: no congestion control) beats smoltcp in every cell with loss
 * and reaches 98% of the window limit without.
 */
class LossTableTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLosslessRunMovesTheWholeTransferAtTheWindowLimit() {
        for (String cc : List.of("newreno", "cubic", "none")) {
            final LossTable.Run run = new LossTable(600 * SECOND, cc, 1).run(32_768, 0, 1);
            final long limit = LossTable.windowLimit(32_768, LossTable.RTT_NS);
            assertThat(run.capped()).as(cc).isFalse();
            assertThat(run.bytes()).as(cc).isEqualTo(LossTable.TRANSFER_BYTES);
            assertThat(run.retransmits()).as(cc).isZero();
            assertThat(run.goodput()).as(cc).isLessThanOrEqualTo(limit).isGreaterThan((long) (limit * 0.98));
        }
    }

    @Test
    void aRunThatRunsOutOfVirtualTimeReportsWhatMovedAsCapped() {
        final LossTable.Run run = new LossTable(20 * SECOND, "newreno", 1).run(128, 0.05, 1);
        assertThat(run.capped()).isTrue();
        assertThat(run.virtualNs()).isEqualTo(20 * SECOND);
        assertThat(run.goodput()).isEqualTo(run.bytes() / 20);
    }

    /** {@code sim --table --probe-resends} and {@code --probe-dsack-excluded} reach the senders: the runs change. */
    @Test
    void theProbeOptionsReachTheSenders() {
        final LossTable.Cell plain = new LossTable(600 * SECOND, "newreno", LossDetection.RACK_TLP,
            p -> p.linuxProbeTimeout(false).probeResends(false).probeDsackExcluded(false), 5)
            .cell(4096, 0.3);
        final LossTable.Cell resends = new LossTable(600 * SECOND, "newreno", LossDetection.RACK_TLP,
            p -> p.linuxProbeTimeout(false).probeResends(true).probeDsackExcluded(false), 5)
            .cell(4096, 0.3);
        final LossTable.Cell excluded = new LossTable(600 * SECOND, "newreno", LossDetection.RACK_TLP,
            p -> p.linuxProbeTimeout(false).probeResends(true).probeDsackExcluded(true), 5)
            .cell(4096, 0.3);
        assertThat(resends.runs()).isNotEqualTo(plain.runs());
        assertThat(excluded.runs()).isNotEqualTo(resends.runs());
        assertThat(new LossTable(600 * SECOND, "newreno", 5).cell(4096, 0.3)).isEqualTo(plain);
    }

    @Test
    void aCellIsTheMedianOfItsSeedsAndEachSeedDrawsOtherLosses() {
        final LossTable.Cell cell = new LossTable(600 * SECOND, "none", 3).cell(16_384, 0.02);
        assertThat(cell.runs()).extracting(LossTable.Run::seed).containsExactly(1L, 2L, 3L);
        assertThat(cell.runs()).extracting(LossTable.Run::goodput).doesNotHaveDuplicates().contains(cell.goodput());
        final long[] g = cell.runs().stream().mapToLong(LossTable.Run::goodput).sorted().toArray();
        assertThat(cell.goodput()).isEqualTo(g[1]);
        assertThat(new LossTable(600 * SECOND, "none", 1).run(16_384, 0.02, 2)).isEqualTo(cell.runs().get(1));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new LossTable(SECOND, "vegas", 1)).hasMessageContaining("vegas")
            .hasMessageContaining("newreno");
        assertThatThrownBy(() -> new LossTable(SECOND, "none", 0)).hasMessageContaining("seeds");
        assertThatThrownBy(() -> new LossTable(0, "none", 1)).hasMessageContaining("cap");
    }

    @Test
    void theTextHasEveryRowTheLimitsSmoltcpsSnapshotAndTheComparison() {
        final List<LossTable.Cell> cells = new ArrayList<>();
        for (int buffer : LossTable.BUFFER_BYTES) {
            for (double loss : LossTable.LOSS) {
                final long goodput = loss == 0 ? LossTable.windowLimit(buffer, LossTable.RTT_NS) : 1_000;
                cells.add(new LossTable.Cell(buffer, loss, goodput, loss > 0.1,
                    List.of(new LossTable.Run(1, goodput, 10_000, 10 * SECOND, loss > 0.1, 0, 0))));
            }
        }
        final String text = LossTable.render(new LossTable.Report(LossTable.TRANSFER_BYTES, LossTable.RTT_NS,
            600 * SECOND, "none", "rack", 1, cells));
        assertThat(text).contains("128 B").contains("32768 B").contains("327,680").contains("0.1 %")
            .contains("30 %").contains("1,000*").contains("congestion control: none; loss detection: rack; median of 1 seed per cell")
            .contains("smoltcp's snapshot").contains("314,313").contains("1,951").contains("1,279")
            .contains("not finish within 600 s")
            .contains("with loss: 17 of 63 cells above smoltcp; the closest is 32768 B at 0.1 % (0.003x smoltcp)")
            .contains("without loss: at least 100.0% of the window limit in every row (goal 98%)");
    }

    /**
     * The goal, like for like with smoltcp's netsim (no congestion control), as {@code toeless sim
     * --table} prints it: the median of five seeds per cell.
     */
    @Test
    void withoutCongestionControlEveryLossyCellBeatsSmoltcpAndTheLosslessColumnReaches98Percent() {
        final LossTable.Report report = new LossTable(600 * SECOND, "none", 5).run();
        assertThat(report.worstLosslessShare()).as(LossTable.render(report)).isGreaterThanOrEqualTo(0.98);
        assertThat(report.cellsAboveSmoltcp()).as(LossTable.render(report))
            .isEqualTo(LossTable.BUFFER_BYTES.length * (LossTable.LOSS.length - 1));
    }
}
