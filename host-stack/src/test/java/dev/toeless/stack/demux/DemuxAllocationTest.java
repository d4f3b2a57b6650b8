package dev.toeless.stack.demux;
import dev.toeless.stack.qdisc.Allocations;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** Lookups, and puts and removes that do not grow the table, allocate nothing. */
class DemuxAllocationTest {
    @Test
    void lookupsAndChurnDoNotAllocate() {
        final ConnectionTable<String> table = new ConnectionTable<>(10_000, 3);
        final ListenerTable<String> listeners = new ListenerTable<>(3);
        listeners.putV4(ListenerTable.ANY_V4, 80, "http");
        table.putV6(1, 2, 443, 3, 4, 5, "v6");
        final String conn = "conn";
        final int[] hits = new int[1];
        final Runnable churn = () -> {
            for (int i = 0; i < 5_000; i++) {
                table.putV4(1, 80, i, i, conn);
            }
            for (int i = 0; i < 5_000; i++) {
                hits[0] += table.getV4(1, 80, i, i) != null ? 1 : 0;
                hits[0] += table.getV6(1, 2, 443, 3, 4, 5) != null ? 1 : 0;
                hits[0] += listeners.lookupV4(i, 80) != null ? 1 : 0;
                table.removeV4(1, 80, i, i);
            }
        };
        assertThat(Allocations.bytesAllocatedOver(20, 20, churn)).isLessThan(1024);
        assertThat(hits[0]).isEqualTo(40 * 15_000);
    }
}
