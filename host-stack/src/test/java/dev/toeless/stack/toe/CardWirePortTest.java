package dev.toeless.stack.toe;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.netdev.TxStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The card's wire port: the MAC's DMA into one card page, headers copied out and counted, payload left in place; transmit gathered by the MAC. */
@ExtendWith(PageLeakCheck.class)
class CardWirePortTest {
    private final HostMemory memory = new HostMemory(64);
    private final TouchLedger ledger = new TouchLedger();
    private final CpuTouch cpu = new CpuTouch(memory, ledger);
    private final PagePool rxPool = new PagePool(memory, "rx", 8);
    private final UnsafeBuffer sent = new UnsafeBuffer(new byte[2048]);
    private int sentLength;
    private final CardWirePort nic = new CardWirePort(memory, cpu, rxPool, 0x02_00_00_00_00_01L, 1500);

    CardWirePortTest() {
        nic.output(this::capture);
    }

    private boolean capture(DirectBuffer frame, int offset, int length) {
        sent.putBytes(0, frame, offset, length);
        sentLength = length;
        return true;
    }

    @Test
    void aTcpFrameArrivesAsCountedHeadersAndOnePayloadFragment() {
        final byte[] payload = new byte[1000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
        final int length = Frames.tcpV4(frame, 0, 0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L, EthernetRepr.NO_VLAN,
            0x0A00_0002, 0x0A00_0001, new TcpRepr(1, 2, 3, 4, TcpHeader.ACK, 100, 0, TcpOptions.NONE), payload);
        final int[] fragment = new int[3];
        nic.attach((nowNs, rx) -> {
            assertThat(rx.headerLength()).isEqualTo(14 + 20 + 20);
            assertThat(rx.checksum()).isEqualTo(ChecksumStatus.NONE);
            assertThat(rx.parsed().payloadLength()).isEqualTo(1000);
            assertThat(rx.fragments().count()).isEqualTo(1);
            fragment[0] = rx.fragments().pfn(0);
            fragment[1] = rx.fragments().offset(0);
            fragment[2] = rx.fragments().length(0);
            rx.forgetFragments();
        });
        nic.onFrame(0, frame, 0, length);
        assertThat(ledger.headerBytes()).isEqualTo(54);
        assertThat(ledger.copiedBytes()).isZero();
        assertThat(fragment[1]).isEqualTo(54);
        assertThat(fragment[2]).isEqualTo(1000);
        final byte[] back = new byte[1000];
        cpu.copyOut(fragment[0], fragment[1], fragment[2], back, 0);
        assertThat(back).isEqualTo(payload);
        memory.release(fragment[0]);
    }

    @Test
    void transmitGathersHeaderAndFragmentsAndReleasesThem() {
        final TxPacket p = new TxPacket();
        p.header().putBytes(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 0});
        p.headerLength(14);
        final int pfn = memory.allocate();
        cpu.copyIn(new byte[] {42, 43, 44}, 0, 3, pfn, 7);
        p.addFragment(pfn, 7, 3);
        final long copiedBefore = ledger.copiedBytes();
        assertThat(nic.transmit(0, p)).isEqualTo(TxStatus.SENT);
        assertThat(sentLength).as("padded to the Ethernet minimum").isEqualTo(60);
        assertThat(sent.getByte(14)).isEqualTo((byte) 42);
        assertThat(sent.getByte(16)).isEqualTo((byte) 44);
        assertThat(memory.refCount(pfn)).isZero();
        assertThat(ledger.copiedBytes()).as("the MAC moved the payload, not the CPU").isEqualTo(copiedBefore);
    }

    @Test
    void withoutAnRxPageTheFrameIsACountedDrop() {
        final int[] held = new int[8];
        for (int i = 0; i < held.length; i++) {
            held[i] = rxPool.allocate();
        }
        nic.attach((nowNs, rx) -> rx.releaseFragments(memory));
        nic.onFrame(0, new UnsafeBuffer(new byte[60]), 0, 60);
        assertThat(nic.rxDropNoPage()).isEqualTo(1);
        for (int pfn : held) {
            memory.release(pfn);
        }
    }
}
