package dev.toeless.nic.device;

import dev.toeless.nic.feature.Offload;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.ring.RxHeaderBufferDescriptor;
import dev.toeless.nic.ring.RxPageDescriptor;
import dev.toeless.nic.ring.TxCompletionDescriptor;
import dev.toeless.nic.ring.TxDescriptor;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpRepr;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NIC driven by hand-written descriptors, as a driver would post them: header split with
 * packed placement, checksum verdicts, RSS steering, run-time feature changes, interrupts, and
 * descriptors pointing outside host memory (error completions, never exceptions).
 */
@ExtendWith(PageLeakCheck.class)
class NicTest {
    private final HostMemory memory = new HostMemory(256);
    private final EventScheduler scheduler = new EventScheduler();
    private final Nic nic = new Nic("eth0", memory, scheduler, NicConfig.defaults().withRings(16, 16));
    private final RxCompletionDescriptor completion = new RxCompletionDescriptor();
    private final List<Integer> interrupts = new ArrayList<>();
    private final int headerPage = memory.allocate();

    NicTest() {
        nic.interruptHandler((queue, nowNs) -> interrupts.add(queue));
    }

    @AfterEach
    void reset() {
        drainCompletions();
        nic.close();
        memory.release(headerPage);
    }

    private void postHeader(int id, long address) {
        final DescriptorRing ring = nic.queue(0).headerRing();
        new RxHeaderBufferDescriptor().wrap(ring.buffer(), ring.produce()).address(address).lengthBytes(256).bufferId(id);
        nic.rxDoorbell(0);
    }

    private void postPage(int pfn, long address) {
        final DescriptorRing ring = nic.queue(0).pageRing().ring();
        new RxPageDescriptor().wrap(ring.buffer(), ring.produce()).address(address).pfn(pfn);
        nic.rxDoorbell(0);
    }

    private void postPage() {
        final int pfn = memory.allocate();
        postPage(pfn, HostMemory.address(pfn, 0));
    }

    private static byte[] segment(int payloadBytes, long seq) {
        final byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 7);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[payloadBytes + 128]);
        final int length = Frames.tcpV4(buffer, 0, 2, 1, EthernetRepr.NO_VLAN, 0x0A000001, 0x0A000002,
            new TcpRepr(40_000, 80, seq, 1, TcpHeader.ACK, 65535, 0, null), payload);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private void receive(byte[] frame) {
        nic.onFrame(scheduler.nowNs(), new UnsafeBuffer(frame), 0, frame.length);
    }

    /** Completions in order; releases their fragments' references. */
    private List<String> drainCompletions() {
        final List<String> out = new ArrayList<>();
        final DescriptorRing ring = nic.queue(0).completionRing();
        for (int at = ring.peek(); at != DescriptorRing.EMPTY; at = ring.peek()) {
            completion.wrap(ring.buffer(), at);
            final StringBuilder sb = new StringBuilder();
            sb.append("flags ").append(completion.flags()).append(" err ").append(completion.errorCode())
                .append(" hdr ").append(completion.headerLength()).append(" csum ").append(completion.checksumStatus());
            for (int i = 0; i < completion.fragCount(); i++) {
                sb.append(" [").append(completion.fragOffset(i)).append('+').append(completion.fragLength(i)).append(']');
                memory.release(completion.fragPfn(i));
            }
            out.add(sb.toString());
            ring.consume();
        }
        return out;
    }

    @Test
    void header_split_packs_payloads_one_after_another() {
        postHeader(0, HostMemory.address(headerPage, 0));
        postHeader(1, HostMemory.address(headerPage, 256));
        postPage();
        receive(segment(1000, 1));
        receive(segment(1000, 1001));
        assertThat(drainCompletions()).containsExactly(
            "flags 1 err 0 hdr 54 csum GOOD [0+1000]",
            "flags 1 err 0 hdr 54 csum GOOD [1000+1000]");
        assertThat(nic.statistics().get(NicCounter.RX_HDS_SPLIT)).isEqualTo(2);
    }

    @Test
    void without_split_the_frame_goes_whole_into_a_page() {
        nic.features(OffloadFeatures.all().with(Offload.HEADER_SPLIT, false));
        postPage();
        receive(segment(100, 1));
        assertThat(drainCompletions()).containsExactly("flags 2 err 0 hdr 54 csum GOOD [0+154]");
    }

    @Test
    void bad_checksum_is_reported_and_rx_checksum_off_reports_none() {
        postHeader(0, HostMemory.address(headerPage, 0));
        postHeader(1, HostMemory.address(headerPage, 256));
        postPage();
        final byte[] bad = segment(100, 1);
        bad[bad.length - 1] ^= 1;
        receive(bad);
        nic.features(nic.features().with(Offload.RX_CHECKSUM, false));
        receive(segment(100, 101));
        final List<String> seen = drainCompletions();
        assertThat(seen.get(0)).contains("csum " + ChecksumStatus.BAD);
        assertThat(seen.get(1)).contains("csum " + ChecksumStatus.NONE);
    }

    @Test
    void header_buffer_outside_host_memory_is_an_error_completion() {
        postHeader(9, HostMemory.address(memory.pageCount() + 5, 0));
        postPage();
        receive(segment(100, 1));
        assertThat(drainCompletions()).containsExactly("flags 16 err " + Nic.RX_ERROR_HEADER_DMA + " hdr 0 csum NONE");
        assertThat(nic.statistics().get(NicCounter.RX_DMA_ERRORS)).isEqualTo(1);
    }

    @Test
    void page_descriptor_outside_host_memory_is_counted_and_skipped() {
        postHeader(0, HostMemory.address(headerPage, 0));
        postPage(memory.pageCount() + 3, HostMemory.address(memory.pageCount() + 3, 0));
        receive(segment(100, 1));
        assertThat(nic.statistics().get(NicCounter.RX_DMA_ERRORS)).isEqualTo(1);
        assertThat(drainCompletions()).containsExactly("flags 16 err " + Nic.RX_ERROR_NO_PAYLOAD_BUFFER + " hdr 0 csum NONE");
    }

    @Test
    void interrupt_is_coalesced_and_masked_until_rearmed() {
        postHeader(0, HostMemory.address(headerPage, 0));
        postPage();
        receive(segment(100, 1));
        scheduler.runAll(100);
        assertThat(interrupts).as("one completion waits for rx-usecs, then fires").containsExactly(0);
        drainCompletions();
        nic.rearm(0, scheduler.nowNs());
        scheduler.runAll(100);
        assertThat(interrupts).hasSize(1);
    }

    @Test
    void tx_descriptor_outside_host_memory_completes_with_an_error() {
        final DescriptorRing ring = nic.queue(0).txRing();
        new TxDescriptor().wrap(ring.buffer(), ring.produce()).clear()
            .headerAddress(HostMemory.address(memory.pageCount(), 0)).headerLength(54).cookie(41);
        final TxDescriptor second = new TxDescriptor().wrap(ring.buffer(), ring.produce()).clear()
            .headerAddress(HostMemory.address(headerPage, 0)).headerLength(54).cookie(42);
        second.addFrag(memory.pageCount() + 1, 0, 100);
        final TxDescriptor third = new TxDescriptor().wrap(ring.buffer(), ring.produce()).clear()
            .headerAddress(HostMemory.address(headerPage, 0)).headerLength(54).cookie(43);
        third.addFrag(headerPage, 4000, 200);
        new TxDescriptor().wrap(ring.buffer(), ring.produce()).clear()
            .headerAddress(HostMemory.address(headerPage, 0)).headerLength(54).flags(TxDescriptor.FLAG_TSO).cookie(44);
        nic.txDoorbell(0, 0);
        scheduler.runUntil(0); // the NIC works the ring as its own event
        final DescriptorRing done = nic.queue(0).txCompletionRing();
        final TxCompletionDescriptor c = new TxCompletionDescriptor();
        final List<String> statuses = new ArrayList<>();
        for (int at = done.peek(); at != DescriptorRing.EMPTY; at = done.peek()) {
            c.wrap(done.buffer(), at);
            statuses.add(c.cookie() + ":" + c.status());
            done.consume();
        }
        assertThat(statuses).containsExactly(
            "41:" + TxCompletionDescriptor.STATUS_DMA_ERROR,
            "42:" + TxCompletionDescriptor.STATUS_DMA_ERROR,
            "43:" + TxCompletionDescriptor.STATUS_MALFORMED,
            "44:" + TxCompletionDescriptor.STATUS_MALFORMED);
        assertThat(nic.statistics().get(NicCounter.TX_DMA_ERRORS)).isEqualTo(2);
        assertThat(nic.statistics().get(NicCounter.TX_DROPPED_MALFORMED)).isEqualTo(2);
    }

    @Test
    void packed_payloads_continue_into_the_next_page() {
        for (int id = 0; id < 4; id++) {
            postHeader(id, HostMemory.address(headerPage, id * 256));
        }
        postPage();
        postPage();
        receive(segment(1460, 1));
        receive(segment(1460, 1461));
        receive(segment(1460, 2921));
        assertThat(drainCompletions()).containsExactly(
            "flags 1 err 0 hdr 54 csum GOOD [0+1460]",
            "flags 1 err 0 hdr 54 csum GOOD [1460+1460]",
            "flags 1 err 0 hdr 54 csum GOOD [2920+1176] [0+284]");
    }

    @Test
    void rss_steers_each_flow_to_the_queue_its_toeplitz_hash_names() {
        final Nic twoQueues = new Nic("eth1", memory, scheduler, NicConfig.defaults().withRings(16, 16).withQueuePairs(2)
            .withFeatures(OffloadFeatures.all().with(Offload.HEADER_SPLIT, false)));
        final dev.toeless.nic.rss.ToeplitzHash toeplitz = dev.toeless.nic.rss.ToeplitzHash.microsoftKey();
        final RxCompletionDescriptor c = new RxCompletionDescriptor();
        try {
            for (int q = 0; q < 2; q++) {
                for (int i = 0; i < 8; i++) {
                    final int pfn = memory.allocate();
                    final DescriptorRing ring = twoQueues.queue(q).pageRing().ring();
                    new RxPageDescriptor().wrap(ring.buffer(), ring.produce()).address(HostMemory.address(pfn, 0)).pfn(pfn);
                }
                twoQueues.rxDoorbell(q);
            }
            for (int port = 1000; port < 1008; port++) {
                final byte[] payload = new byte[10];
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[200]);
                final int length = Frames.tcpV4(buffer, 0, 2, 1, EthernetRepr.NO_VLAN, 0x0A000001, 0x0A000002,
                    new TcpRepr(port, 80, 1, 1, TcpHeader.ACK, 65535, 0, null), payload);
                twoQueues.onFrame(0, buffer, 0, length);
                final int hash = toeplitz.hashV4(0x0A000001, 0x0A000002, port, 80);
                final int expected = twoQueues.indirectionTable().queueFor(hash);
                final DescriptorRing cq = twoQueues.queue(expected).completionRing();
                assertThat(cq.pending()).as("flow from port " + port).isEqualTo(1);
                c.wrap(cq.buffer(), cq.peek());
                assertThat(c.rssHash()).isEqualTo(hash);
                memory.release(c.fragPfn(0));
                cq.consume();
            }
        } finally {
            twoQueues.close();
        }
    }

    @Test
    void vlan_tagged_frame_splits_after_the_tag() {
        postHeader(0, HostMemory.address(headerPage, 0));
        postPage();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[400]);
        final int length = Frames.tcpV4(buffer, 0, 2, 1, 0x0064, 0x0A000001, 0x0A000002,
            new TcpRepr(40_000, 80, 1, 1, TcpHeader.ACK, 65535, 0, null), new byte[200]);
        nic.onFrame(0, buffer, 0, length);
        assertThat(drainCompletions()).containsExactly("flags 1 err 0 hdr 58 csum GOOD [0+200]");
    }
}
