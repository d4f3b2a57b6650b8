package dev.toeless.stack.driver;

import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.TxDescriptor;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.stack.netdev.TxStatus;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A super-segment whose payload is many small fragments, as a DDP stream's FPDUs with their
 * headers and CRCs make: each frame of it spans more fragments than a transmit descriptor holds
 * ({@link TxDescriptor#MAX_FRAGS}). Every mode must still put whole frames on the wire (the driver
 * copies such a frame's payload into its own pages) and the receiver must get every byte; before
 * the driver did so, the NIC sent such frames cut short after the descriptor's last fragment (IP
 * length beyond the frame, dropped as truncated by the peer), or TSO refused the super-segment.
 */
@ExtendWith(PageLeakCheck.class)
class ManyFragmentsTest {
    private static final int FRAGMENT_BYTES = 61;
    private static final int FRAGMENTS_PER_PAGE = 16;
    private static final int FRAGMENT_STRIDE = 250;

    private final HostMemory memoryA = new HostMemory(2048);
    private final HostMemory memoryB = new HostMemory(2048);

    @ParameterizedTest
    @CsvSource({"STATELESS,false", "STATELESS,true", "CSUM,false", "CSUM,true", "NONE,false", "NONE,true"})
    void frames_of_more_fragments_than_a_descriptor_holds_arrive_whole(DriverMode mode, boolean ipv6) {
        final EventScheduler scheduler = new EventScheduler();
        final Link link = new Link("wire", scheduler, new SimRandom(5), LinkConfig.ethernet(10_000_000_000L));
        try (TestHost a = new TestHost("a", memoryA, scheduler, mode, NicConfig.defaults(), link.a());
             TestHost b = new TestHost("b", memoryB, scheduler, mode, NicConfig.defaults(), link.b())) {
            final int mss = ipv6 ? BulkSender.MSS_V6 : BulkSender.MSS_V4;
            final byte[] data = new byte[4 * mss];
            new Random(5).nextBytes(data);
            b.recorder.expect(5_001, 1_001, data.length);
            final BulkSender sender = new BulkSender(a, scheduler, ipv6, 40_000, 5_001, 1_000);
            final FragList payload = scatter(a, data);
            assertThat(payload.count()).isGreaterThan(4 * TxDescriptor.MAX_FRAGS);
            final int headerLength = sender.template(0, data.length, TcpHeader.ACK);

            final TxStatus status = a.driver.tx().sendSuperSegment(0, sender.header, headerLength, sender.l3(),
                sender.l4(), ipv6, mss, payload, scheduler.nowNs());
            if (status != TxStatus.SENT) {
                payload.releaseAll(a.memory);
            }
            scheduler.runAll(10_000_000);

            assertThat(status).isEqualTo(TxStatus.SENT);
            assertThat(a.driver.counters().txLinearized()).isEqualTo(4);
            assertThat(b.recorder.mismatches).isZero();
            assertThat(b.recorder.notTcp).isZero();
            assertThat(b.recorder.streams.get(5_001).received.cardinality()).isEqualTo(data.length);
            assertThat(b.recorder.streams.get(5_001).bytes).isEqualTo(data);
        }
    }

    /** {@code data} in fragments of {@value #FRAGMENT_BYTES} bytes with gaps between them, one reference each. */
    private static FragList scatter(TestHost host, byte[] data) {
        final FragList payload = new FragList(64);
        int pfn = HostMemory.NO_PAGE;
        int k = 0;
        for (int done = 0; done < data.length; done += FRAGMENT_BYTES, k++) {
            final int slot = k % FRAGMENTS_PER_PAGE;
            if (slot == 0) {
                pfn = host.txPool.allocate();
            } else {
                host.memory.retain(pfn);
            }
            final int take = Math.min(FRAGMENT_BYTES, data.length - done);
            host.testCpu.copyIn(data, done, take, pfn, slot * FRAGMENT_STRIDE);
            payload.add(pfn, slot * FRAGMENT_STRIDE, take);
        }
        return payload;
    }
}
