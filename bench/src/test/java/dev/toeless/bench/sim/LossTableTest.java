package dev.toeless.bench.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The goodput-versus-loss table: a cell moves the whole transfer, a capped cell says so, the text has smoltcp's row. */
class LossTableTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLosslessCellMovesTheWholeTransferNearTheWindowLimit() {
        final LossTable.Cell cell = new LossTable(600 * SECOND).cell(32_768, 0);
        assertThat(cell.capped()).isFalse();
        assertThat(cell.bytes()).isEqualTo(LossTable.TRANSFER_BYTES);
        assertThat(cell.retransmits()).isZero();
        assertThat(cell.goodput()).isLessThanOrEqualTo(LossTable.windowLimit(32_768, LossTable.RTT_NS))
            .isGreaterThan(LossTable.windowLimit(32_768, LossTable.RTT_NS) / 2);
    }

    @Test
    void aCellThatRunsOutOfVirtualTimeReportsWhatMovedAsCapped() {
        final LossTable.Cell cell = new LossTable(20 * SECOND).cell(128, 0.05);
        assertThat(cell.capped()).isTrue();
        assertThat(cell.virtualNs()).isEqualTo(20 * SECOND);
        assertThat(cell.goodput()).isEqualTo(cell.bytes() / 20);
    }

    @Test
    void theTextHasEveryRowTheWindowLimitAndSmoltcpsRow() {
        final List<LossTable.Cell> cells = new ArrayList<>();
        for (int buffer : LossTable.BUFFER_BYTES) {
            for (double loss : LossTable.LOSS) {
                cells.add(new LossTable.Cell(buffer, loss, 1_000, 10_000, 10 * SECOND, loss > 0.1, 0));
            }
        }
        final String text = LossTable.render(new LossTable.Report(LossTable.TRANSFER_BYTES, LossTable.RTT_NS,
            600 * SECOND, cells));
        assertThat(text).contains("128 B").contains("32768 B").contains("327,680").contains("0.1 %")
            .contains("30 %").contains("1,000*").contains("smoltcp 32 KiB").contains("314,314").contains("1,952")
            .contains("not finished within 600 s");
    }
}
