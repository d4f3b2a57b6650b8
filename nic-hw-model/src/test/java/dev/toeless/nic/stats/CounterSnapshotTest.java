package dev.toeless.nic.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one snapshot form every counter set is read through. */
class CounterSnapshotTest {
    private static CounterSet queue(long appended, long misses) {
        return visitor -> {
            visitor.counter("rx_accum_appended", appended);
            visitor.counter("rx_accum_flow_miss", misses);
        };
    }

    @Test
    void aSnapshotKeepsTheOrderTheSetNamesItsCounters() {
        final NicStatistics nic = new NicStatistics("eth0");
        nic.add(NicCounter.RX_PACKETS, 7);
        assertThat(nic.snapshot().keySet()).first().isEqualTo("rx_packets");
        assertThat(nic.snapshot().count("rx_packets")).isEqualTo(7);
    }

    @Test
    void queuesAreSummedByNameAndFollowTheDevicesOwnCounters() {
        final NicStatistics nic = new NicStatistics("eth0");
        nic.increment(NicCounter.TX_PACKETS);
        final CounterSnapshot all = nic.snapshot().and(CounterSnapshot.sum(List.of(queue(3, 1), queue(4, 0))));
        assertThat(all.count("rx_accum_appended")).isEqualTo(7);
        assertThat(all.count("rx_accum_flow_miss")).isEqualTo(1);
        assertThat(all.count("tx_packets")).isEqualTo(1);
        assertThat(all.keySet()).first().isEqualTo("rx_packets");
        assertThat(all.keySet()).last().isEqualTo("rx_accum_flow_miss");
    }

    @Test
    void aMisspeltNameIsAnErrorNotAZero() {
        final CounterSnapshot s = CounterSnapshot.of(queue(1, 1));
        assertThatThrownBy(() -> s.count("rx_accum_apended"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rx_accum_apended");
    }

    @Test
    void minusGivesWhatEachCounterGained() {
        final CounterSnapshot before = CounterSnapshot.of(queue(5, 2));
        final CounterSnapshot after = CounterSnapshot.of(queue(9, 2));
        assertThat(after.minus(before)).containsEntry("rx_accum_appended", 4L).containsEntry("rx_accum_flow_miss", 0L);
    }

    @Test
    void aSnapshotCannotBeChanged() {
        final CounterSnapshot s = CounterSnapshot.of(queue(1, 1));
        assertThatThrownBy(() -> s.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
