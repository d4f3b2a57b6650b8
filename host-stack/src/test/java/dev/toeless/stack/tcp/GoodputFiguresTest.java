package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.stack.tcp.cc.CongestionControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Goodput in virtual time for one connection moving 2 MiB over a 100 ms RTT path with 32 KiB
 * socket buffers, at several loss rates (both directions): the shape of smoltcp's netsim table,
 * printed for the record. Asserts only that each transfer completes exactly.
 */
@ExtendWith(PageLeakCheck.class)
class GoodputFiguresTest {
    static final long SECOND = 1_000_000_000L;

    HostMemory memory = new HostMemory(8192);

    @Test
    void goodputAtSeveralLossRates() {
        final long bytes = 2L << 20;
        final StringBuilder table = new StringBuilder("cc       loss%  goodput B/s (32 KiB buffers, 100 ms RTT, SACK)\n");
        for (String cc : CongestionControls.NAMES) {
            for (double loss : new double[] {0, 0.001, 0.01, 0.02, 0.05, 0.10}) {
                row(table, cc, loss, bytes);
            }
        }
        System.out.print(table);
    }

    private void row(StringBuilder table, String cc, double loss, long bytes) {
        {
            final TcpConfig c = TcpConfig.builder().mssBytes(1460).receiveBufferBytes(32 * 1024)
                .sendBufferBytes(32 * 1024).congestionControl(() -> CongestionControls.create(cc)).build();
            final TwoEngines e = new TwoEngines(memory, 1234, c, c);
            e.delayNs = 50_000_000L;
            e.lossRate = loss;
            try {
                final boolean done = e.run(bytes, 0, 1, 2, 36_000 * SECOND);
                assertThat(done).as("loss " + loss + " seed 1234").isTrue();
                assertThat(e.a.corruption).isNull();
                final double seconds = e.b.lastDeliveryNs / (double) SECOND;
                final TcpCounters k = e.a.conn.counters();
                table.append(String.format("%-8s %5.1f  %,12.0f   rto %d fastRexmit %d rexmit %d of %d%n", cc, loss * 100,
                    bytes / seconds, k.rtoTimeouts(), k.fastRetransmits(), k.retransmittedSegments(), k.dataSegmentsOut()));
            } finally {
                e.finish();
            }
        }
    }
}
