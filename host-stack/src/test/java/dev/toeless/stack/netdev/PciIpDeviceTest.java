package dev.toeless.stack.netdev;

import dev.toeless.nic.cost.PciConfig;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.netdev.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Garzik's IP-over-PCI link: 64 KiB IP packets without Ethernet, across pages, checksums unnecessary. */
@ExtendWith(PageLeakCheck.class)
class PciIpDeviceTest {
    private static final long SEED = 13;
    private static final long HOST_MAC = 0x02_00_00_00_0A_01L;
    private static final long CARD_MAC = 0x02_00_00_00_0A_02L;
    private final EventScheduler scheduler = new EventScheduler();
    private final HostMemory hostMemory = new HostMemory(256);
    private final HostMemory cardMemory = new HostMemory(256);
    private final CpuTouch hostCpu = new CpuTouch(hostMemory, new TouchLedger());
    private final CpuTouch cardCpu = new CpuTouch(cardMemory, new TouchLedger());
    private final PagePool hostRx = new PagePool(hostMemory, "host.rx", 64);
    private final PagePool cardRx = new PagePool(cardMemory, "card.rx", 20);
    private final PciIpDevice host = new PciIpDevice("host", hostMemory, hostCpu, hostRx, scheduler, HOST_MAC,
        PciConfig.defaults());
    private final PciIpDevice card = new PciIpDevice("card", cardMemory, cardCpu, cardRx, scheduler, CARD_MAC,
        PciConfig.defaults());
    private final List<Received> received = new ArrayList<>();

    private record Received(int headerLength, int ipTotalLength, ParseStatus status, ChecksumStatus checksum,
                            long dstMac, int fragments, byte[] payload) {
    }

    PciIpDeviceTest() {
        PciIpDevice.connect(host, card);
        card.attach((nowNs, rx) -> {
            final byte[] payload = new byte[(int) rx.payloadBytes()];
            int at = 0;
            for (int i = 0; i < rx.fragments().count(); i++) {
                cardCpu.copyOut(rx.fragments().pfn(i), rx.fragments().offset(i), rx.fragments().length(i), payload, at);
                at += rx.fragments().length(i);
            }
            received.add(new Received(rx.headerLength(), rx.header().getShort(16, ByteOrder.BIG_ENDIAN) & 0xFFFF,
                rx.parsed().status(), rx.checksum(), rx.parsed().dstMac(), rx.fragments().count(), payload));
            // the fragments stay with the packet: the device releases them when the call returns
        });
    }

    @AfterEach
    void close() {
        host.close();
        card.close();
        hostRx.close();
        cardRx.close();
    }

    @Test
    void a64KibPacketCrossesInOnePieceAcrossSixteenPages() {
        final byte[] payload = randomPayload(PciIpDevice.MTU_BYTES - 40);
        final TxPacket p = tcpPacket(payload, payload.length);

        assertThat(host.transmit(0, p)).isEqualTo(TxStatus.SENT);
        assertThat(received).as("handed up after its time on the bus, not during transmit").isEmpty();
        scheduler.runAll(100);

        assertThat(received).hasSize(1);
        final Received r = received.getFirst();
        assertThat(r.status()).isEqualTo(ParseStatus.OK);
        assertThat(r.ipTotalLength()).isEqualTo(PciIpDevice.MTU_BYTES);
        assertThat(r.headerLength()).as("a made-up Ethernet header, IPv4, TCP").isEqualTo(14 + 20 + 20);
        assertThat(r.dstMac()).as("addressed to the receiving end").isEqualTo(CARD_MAC);
        assertThat(r.checksum()).as("checksum unnecessary").isEqualTo(ChecksumStatus.GOOD);
        assertThat(r.fragments()).isEqualTo(PciIpDevice.MAX_PAGES);
        assertThat(r.payload()).isEqualTo(payload);
        assertThat(card.snapshot().get("pci_rx_multi_page")).isEqualTo(1);
        assertThat(host.snapshot().get("pci_tx_bytes")).isEqualTo(PciIpDevice.MTU_BYTES);
        assertThat(host.drops() + card.drops()).isZero();
    }

    @Test
    void aPageHintPlacesPayloadSoStreamPagesArriveWhole() {
        final byte[] payload = randomPayload(3 * 4096);
        card.alignReceivePages(0x0A00_0001, 0x0A00_0002, 1, 2, 3 - 4096 + 100); // seq 3 lands at offset 4096 - 100
        final TxPacket p = tcpPacket(payload, payload.length);
        host.transmit(0, p);
        scheduler.runAll(100);
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().fragments()).as("100 bytes, two whole pages, the rest").isEqualTo(4);
        assertThat(received.getFirst().payload()).isEqualTo(payload);
    }

    @Test
    void aPacketWhoseLengthsDisagreeIsACountedDropAndTakesNoPage() {
        final byte[] payload = randomPayload(2000);
        final TxPacket p = tcpPacket(payload, 1000); // the IP header claims 1000 payload bytes, 2000 come

        assertThat(host.transmit(0, p)).as("the sender cannot tell").isEqualTo(TxStatus.SENT);
        scheduler.runAll(100);

        assertThat(received).isEmpty();
        assertThat(card.rxDropMalformed()).isEqualTo(1);
        assertThat(cardRx.pagesOut()).isZero();
    }

    @Test
    void aPacketThatIsNotIpIsRefusedAtTransmit() {
        final TxPacket arp = new TxPacket();
        arp.header().setMemory(0, 42, (byte) 0);
        arp.headerLength(42);
        assertThat(host.transmit(0, arp)).isEqualTo(TxStatus.MALFORMED);
        assertThat(host.snapshot().get("pci_tx_drop_not_ip")).isEqualTo(1);
    }

    @Test
    void aPacketThatFindsTooFewPagesIsACountedDropAndLeaksNone() {
        final int[] held = new int[8];
        for (int i = 0; i < held.length; i++) {
            held[i] = cardRx.allocate(); // 12 of the card's 20 pages left: a 64 KiB packet needs 16
        }
        final byte[] payload = randomPayload(PciIpDevice.MTU_BYTES - 40);
        host.transmit(0, tcpPacket(payload, payload.length));
        scheduler.runAll(100);
        assertThat(received).isEmpty();
        assertThat(card.snapshot().get("pci_rx_drop_no_page")).isEqualTo(1);
        assertThat(cardRx.pagesOut()).isEqualTo(held.length);
        for (int pfn : held) {
            cardMemory.release(pfn);
        }
    }

    /** A TCP/IPv4 packet as the IP layer hands it over: Ethernet, IP and TCP headers, payload in host pages. */
    private TxPacket tcpPacket(byte[] payload, int claimedPayload) {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[14 + 40 + claimedPayload]);
        Frames.tcpV4(frame, 0, CARD_MAC, HOST_MAC, EthernetRepr.NO_VLAN, 0x0A00_0001, 0x0A00_0002,
            new TcpRepr(1, 2, 3, 4, TcpHeader.ACK, 100, 0, TcpOptions.NONE), new byte[claimedPayload]);
        final TxPacket p = new TxPacket();
        p.header().putBytes(0, frame, 0, 54);
        p.headerLength(54);
        p.layers(14, 34, false, 6);
        for (int at = 0; at < payload.length; at += 4096) {
            final int n = Math.min(4096, payload.length - at);
            final int pfn = hostMemory.allocate();
            hostCpu.copyIn(payload, at, n, pfn, 0);
            p.addFragment(pfn, 0, n);
        }
        return p;
    }

    private static byte[] randomPayload(int n) {
        final byte[] b = new byte[n];
        new Random(SEED).nextBytes(b);
        return b;
    }
}
