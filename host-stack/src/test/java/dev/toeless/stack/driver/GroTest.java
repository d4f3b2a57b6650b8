package dev.toeless.stack.driver;

import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Software GRO in the driver's poll, by Linux's rules, over segments arriving in one poll. */
@ExtendWith(PageLeakCheck.class)
class GroTest {
    private static final int DST_PORT = 5_001;

    private final HostMemory memory = new HostMemory(1024);
    private final EventScheduler scheduler = new EventScheduler();
    private final Link link = new Link("wire", scheduler, new SimRandom(3), LinkConfig.ethernet(10_000_000_000L));
    private final TestHost host = new TestHost("b", memory, scheduler, DriverMode.CSUM_GRO,
        NicConfig.defaults().withCoalescing(1000, 64), link.b());

    @AfterEach
    void close() {
        host.close();
    }

    private void send(long seq, long ack, int flags, int payloadBytes) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[payloadBytes + 128]);
        final byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) seq);
        final int length = BulkSender.frameToB(buffer, BulkSender.segmentFromA(DST_PORT, seq, ack, flags), payload);
        link.a().send(buffer, 0, length);
    }

    @Test
    void contiguous_segments_merge_until_ack_changes_psh_flushes_and_a_gap_starts_anew() {
        host.recorder.expect(DST_PORT, 1, 4096);
        send(1, 1, TcpHeader.ACK, 100);
        send(101, 1, TcpHeader.ACK, 100);
        send(201, 1, TcpHeader.ACK, 100);
        send(301, 1, TcpHeader.ACK, 100);
        send(401, 2, TcpHeader.ACK, 100); // new ACK: flush, start again
        send(501, 2, TcpHeader.ACK | TcpHeader.PSH, 100); // merges, then flushes
        send(601, 2, TcpHeader.ACK, 100);
        send(801, 2, TcpHeader.ACK, 100); // a gap
        send(901, 2, TcpHeader.ACK | TcpHeader.FIN, 100); // FIN never merges
        scheduler.runAll(100_000);
        assertThat(host.recorder.packetPayloads).containsExactly(400, 200, 100, 100, 100);
        assertThat(host.driver.groMerged()).isEqualTo(4);
    }
}
