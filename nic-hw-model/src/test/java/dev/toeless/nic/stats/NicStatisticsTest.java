package dev.toeless.nic.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NicStatisticsTest {
    private final NicStatistics stats = new NicStatistics("eth0");

    @Test
    void countsByEnum() {
        stats.increment(NicCounter.RX_PACKETS);
        stats.increment(NicCounter.RX_PACKETS);
        stats.add(NicCounter.RX_BYTES, 3_000);
        stats.add(NicCounter.TX_TSO_SEGMENTS, 45);
        assertThat(stats.get(NicCounter.RX_PACKETS)).isEqualTo(2);
        assertThat(stats.get(NicCounter.RX_BYTES)).isEqualTo(3_000);
        assertThat(stats.get(NicCounter.TX_TSO_SEGMENTS)).isEqualTo(45);
        stats.reset();
        assertThat(stats.get(NicCounter.RX_PACKETS)).isZero();
    }

    @Test
    void dumpsLikeEthtool() {
        stats.add(NicCounter.RX_CSUM_BAD, 3);
        final String dump = stats.dump();
        assertThat(dump).startsWith("NIC statistics:\n     rx_packets: 0\n");
        assertThat(dump).contains("\n     rx_csum_bad: 3\n", "\n     tx_dma_errors: 0\n",
            "rx_hds_split", "rx_unsplit", "rx_alloc_fail", "rx_dropped_malformed",
            "tx_packets", "tx_bytes", "tx_csum_offload", "rx_csum_none");
    }

    @Test
    void snapshotIsOrderedAndPrefixed() {
        final NicStatistics queue = new NicStatistics("eth0", "rx0_");
        queue.increment(NicCounter.RX_HDS_SPLIT);
        assertThat(queue.snapshot()).containsEntry("rx0_rx_hds_split", 1L);
        assertThat(queue.snapshot().keySet()).first().isEqualTo("rx0_rx_packets");
        assertThat(queue.snapshot()).hasSize(NicCounter.values().length);
    }

    @Test
    void countersAreAgronaCountersReadableFromOutside() {
        stats.add(NicCounter.TX_BYTES, 1_500);
        final List<String> labels = new ArrayList<>();
        final long[] txBytes = {-1};
        stats.reader().forEach((value, id, label) -> {
            labels.add(label);
            if (label.equals("tx_bytes")) {
                txBytes[0] = value;
            }
        });
        assertThat(labels).hasSize(NicCounter.values().length);
        assertThat(txBytes[0]).isEqualTo(1_500);
    }
}
