package dev.toeless.stack.host;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.FragmentConsumer;
import dev.toeless.stack.qdisc.Allocations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data segment's whole way through two hosts with the modeled NIC allocates nothing once warm:
 * socket send, TCP, IP output, qdisc, the driver's transmit side and the NIC's TX pipeline on one
 * host; the link; the NIC's RX pipeline, the driver's poll (one header copy, one parse, GRO), IP
 * input, TCP and the socket read on the other (in stateless mode through the NIC's hardware GRO
 * sessions); and the ACKs back (measured with the JVM's
 * per-thread allocation counter).
 */
class DevicePathAllocationTest {
    private static final int SEGMENT_BYTES = 1448;
    private static final long STEP_NS = 20_000;

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void aDataSegmentThroughBothHostsAllocatesNothing(DriverMode mode) {
        final TwoHosts net = new TwoHosts(7, LinkConfig.ethernet(LinkConfig.UNLIMITED_RATE),
            HostConfig.of("a", 0x02_00_00_00_00_01L, TwoHosts.IP_A, null).withNic(mode),
            HostConfig.of("b", 0x02_00_00_00_00_02L, TwoHosts.IP_B, null).withNic(mode));
        final TcpListener listener = net.b.tcp().listenV4(HostTransferTest.PORT, 4);
        final TcpSocket sender = net.a.tcp().connectV4(TwoHosts.IP_B, HostTransferTest.PORT);
        net.scheduler.runUntil(net.scheduler.nowNs() + 10_000_000);
        final TcpSocket receiver = listener.accept();
        assertThat(receiver).as("connected").isNotNull();
        final HostMemory tx = net.a.memory();
        final HostMemory rx = net.b.memory();
        final int page = tx.allocate();
        final FragmentConsumer release = (pfn, offset, length) -> rx.release(pfn);
        final Runnable step = () -> {
            tx.retain(page);
            if (!sender.send(page, 0, SEGMENT_BYTES)) {
                tx.release(page);
            }
            net.scheduler.runUntil(net.scheduler.nowNs() + STEP_NS);
            receiver.read(release, Long.MAX_VALUE);
        };
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        final long segmentsBefore = receiver.connection().counters().segmentsIn();
        final long before = Allocations.threadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        final long allocated = Allocations.threadAllocatedBytes() - before;
        final long segments = receiver.connection().counters().segmentsIn() - segmentsBefore;
        assertThat(segments).as("segments received").isGreaterThan(10_000);
        assertThat(allocated).as("bytes allocated over %d segments in mode %s", segments, mode).isLessThan(4096);
        tx.release(page);
        net.closeAndCheckNoLeaks(sender::close, receiver::close, listener::close);
    }
}
