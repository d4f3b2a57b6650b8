package dev.toeless.stack.netdev;

import dev.toeless.nic.card.PciIpDma;
import dev.toeless.nic.cost.CostMeter;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.cost.PciConfig;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.MacAddress;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * One end of Garzik's IP-over-PCI link: a net device that carries IP packets, without Ethernet,
 * between the host and the Linux node on its card, with a 64 KiB MTU ({@value #MTU_BYTES}) and
 * checksums marked unnecessary both ways. Two ends are {@link #connect}ed: the host's, whose DMA
 * crosses the host's PCI link ({@link #bus}), and the card's, in the card's own memory.
 *
 * <p>Transmit: the IP layer's Ethernet header is dropped and the IP packet (header bytes, then the
 * payload fragments, named by page) goes to the peer, which takes pages of its receive pool at once
 * (a posted buffer), has the link's {@link PciIpDma} move the payload from this end's pages into
 * them (this end's DMA reads, the peer's writes: no driver touches a payload byte) and hands the
 * packet up after its time on the bus. The transport checksum is left as the stack seeded it: the
 * peer says {@link ChecksumStatus#GOOD}, as Linux's {@code CHECKSUM_UNNECESSARY}. Completion is
 * immediate: the fragments are released before {@link #transmit} returns.
 *
 * <p>Receive: a TCP segment is split, headers to the packet's header buffer (with an Ethernet
 * header made up for the IP layer: our MAC, the peer's, the IP version's type), payload across as
 * many pages as it needs, up to {@value #MAX_PAGES}; by default it starts at page offset 0, or
 * where a flow's page hint ({@link #alignReceivePages}) puts it, so whole stream pages arrive as
 * whole pages. Any other IP packet is header bytes only. Each arrival raises an interrupt unless a
 * poll is already due; the poll runs once the receiving core is free (the cost model's
 * {@code readyAtNs}) and hands up to {@value #BUDGET} packets to the IP layer.
 *
 * <p>Every refusal is a counted drop, never an exception: a packet that is not IP, too long, or
 * whose lengths disagree (or whose headers run on past its header bytes into its pages); no pages;
 * no peer; no handler. Counters under their report names in
 * {@link #forEach}. One owner, one thread.
 */
public final class PciIpDevice implements NetDevice, CounterSet {
    /** The link's MTU: the largest IPv4 packet. */
    public static final int MTU_BYTES = 65_535;
    /** Pages one received packet may span: 64 KiB of payload. */
    public static final int MAX_PAGES = 16;
    /** Packets one poll hands up. */
    public static final int BUDGET = 64;
    /** Bytes of one descriptor or completion on the ring (estimate: a 16-byte descriptor, as most NICs). */
    static final int DESCRIPTOR_BYTES = 16;
    private static final int ETH = EthernetHeader.HEADER_LENGTH;
    private static final int MAX_HINTS = 64;
    private static final int PAGE = HostMemory.PAGE_SIZE;

    private final String name;
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final PagePool rxPool;
    private final EventScheduler scheduler;
    private final long mac;
    private final PciIpDma dma;
    private final double psPerByte;
    private final FrameParser parser = new FrameParser();
    private final RxPacket rx = new RxPacket();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer segmentHeader = new UnsafeBuffer(new byte[RxPacket.HEADER_CAPACITY]);
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final ArrayDeque<Arrival> arrived = new ArrayDeque<>();
    private final ArrayDeque<Arrival> spare = new ArrayDeque<>();
    private final int arrivalTarget;
    private final int pollTarget;
    private final int[] hintAddresses = new int[2 * MAX_HINTS];
    private final int[] hintPorts = new int[MAX_HINTS];
    private final int[] hintSeq = new int[MAX_HINTS];
    private int hints;
    private DeviceBus bus = DeviceBus.NONE;
    private PciIpDevice peer;
    private RxHandler handler;
    private CpuMeter cpuMeter = CpuMeter.NONE;
    private long busyUntilPs;
    private boolean pollDue;
    private boolean closed;

    private long rxPackets;
    private long rxBytes;
    private long rxPages;
    private long rxMultiPage;
    private long rxDropNoPage;
    private long rxDropMalformed;
    private long rxDropTooLong;
    private long rxDropNoHandler;
    private long rxDropClosed;
    private long rxDropWireFrame;
    private long txPackets;
    private long txBytes;
    private long txDropTooLong;
    private long txGsoSegments;
    private long txDropNotIp;
    private long txDropNoPeer;
    private long interrupts;
    private long polls;

    /**
     * @param rxPool pages this end receives into (a packet takes up to {@value #MAX_PAGES})
     * @param mac    a made-up link address the IP layer sees: the link itself has none
     * @param pci    the link's rate, which sets each packet's time on the bus
     */
    public PciIpDevice(String name, HostMemory memory, CpuTouch cpu, PagePool rxPool, EventScheduler scheduler,
                       long mac, PciConfig pci) {
        this.name = name;
        this.memory = memory;
        this.cpu = cpu;
        this.rxPool = rxPool;
        this.scheduler = scheduler;
        this.mac = mac;
        this.dma = new PciIpDma(memory);
        this.psPerByte = pci.picosPerByte();
        this.arrivalTarget = scheduler.register(arg -> onArrival());
        this.pollTarget = scheduler.register(arg -> {
            pollDue = false;
            poll(scheduler.nowNs());
        });
    }

    /** Connects the host's end and the card's end of one link. */
    public static void connect(PciIpDevice hostEnd, PciIpDevice cardEnd) {
        hostEnd.peer = cardEnd;
        cardEnd.peer = hostEnd;
    }

    /** The bus this end's DMA, doorbells and interrupts cross (the host's PCI link; none on the card). */
    public PciIpDevice bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
        dma.bus(deviceBus);
        return this;
    }

    /** Brackets this end's receive work (the poll and everything it calls) with {@code meter}. */
    public void cpuMeter(CpuMeter meter) {
        this.cpuMeter = meter;
    }

    public String name() {
        return name;
    }

    public PciIpDevice peer() {
        return peer;
    }

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int mtuBytes() {
        return MTU_BYTES;
    }

    /** Checksums unnecessary both ways: the stack neither fills nor verifies one; no segmentation needed. */
    @Override
    public DeviceFeatures features() {
        return new DeviceFeatures(true, true, false, 0);
    }

    @Override
    public void attach(RxHandler rxHandler) {
        this.handler = rxHandler;
    }

    /**
     * Places this IPv4 flow's received payload so that sequence number {@code seqAtPageStart} is
     * at page offset 0 (addresses and ports as the packets arriving here carry them: source is the
     * peer). Soft state: when the table is full the oldest hint goes.
     */
    public void alignReceivePages(int srcIp, int dstIp, int srcPort, int dstPort, int seqAtPageStart) {
        int slot = findHint(srcIp, dstIp, (srcPort << 16) | dstPort);
        if (slot < 0) {
            if (hints == MAX_HINTS) {
                System.arraycopy(hintAddresses, 2, hintAddresses, 0, 2 * (MAX_HINTS - 1));
                System.arraycopy(hintPorts, 1, hintPorts, 0, MAX_HINTS - 1);
                System.arraycopy(hintSeq, 1, hintSeq, 0, MAX_HINTS - 1);
                hints--;
            }
            slot = hints++;
            hintAddresses[2 * slot] = srcIp;
            hintAddresses[2 * slot + 1] = dstIp;
            hintPorts[slot] = (srcPort << 16) | dstPort;
        }
        hintSeq[slot] = seqAtPageStart;
    }

    private int findHint(int srcIp, int dstIp, int ports) {
        for (int i = 0; i < hints; i++) {
            if (hintPorts[i] == ports && hintAddresses[2 * i] == srcIp && hintAddresses[2 * i + 1] == dstIp) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- transmit

    @Override
    public TxStatus transmit(long nowNs, TxPacket packet) {
        final CostMeter cost = cpu.cost();
        cost.charge(CostOp.DRIVER_TX_PACKET);
        cost.charge(CostOp.TX_DESCRIPTOR);
        final int ipLength = packet.lengthBytes() - ETH;
        if (packet.l3Offset() != ETH || packet.headerLength() < ETH) {
            txDropNotIp++; // ARP or anything else without an IP header where Ethernet ends: the link carries IP only
            packet.releaseFragments(memory);
            return TxStatus.MALFORMED;
        }
        if (ipLength > MTU_BYTES) {
            txDropTooLong++;
            packet.releaseFragments(memory);
            return TxStatus.MALFORMED;
        }
        if (peer == null || closed || peer.closed) {
            txDropNoPeer++;
            packet.releaseFragments(memory);
            return TxStatus.REFUSED;
        }
        bus.doorbell();
        bus.descriptorFetch(1, DESCRIPTOR_BYTES);
        final int headerBytes = packet.headerLength() - ETH;
        final int payload = (int) packet.fragments().totalBytes();
        final int gso = packet.gsoSizeBytes();
        final int l4 = packet.l4Offset() - ETH;
        if (gso > 0 && packet.isTcp() && !packet.ipv6() && headerBytes + payload - l4 > gso
            && headerBytes == l4 + tcpHeaderBytes(packet.header(), ETH + l4)) {
            segment(nowNs, packet.header(), headerBytes, l4, gso, packet.fragments());
        } else {
            send(nowNs, packet.header(), ETH, headerBytes, packet.fragments(), 0, payload);
        }
        packet.releaseFragments(memory);
        bus.completionWrite(DESCRIPTOR_BYTES);
        return TxStatus.SENT;
    }

    /**
     * One IP packet to the peer: {@code header[headerOffset, +headerBytes)} then {@code payload}
     * bytes of {@code fragments} from {@code skip} on, which the peer's DMA pulls from this end's
     * pages (they stay this end's).
     */
    private void send(long nowNs, DirectBuffer header, int headerOffset, int headerBytes, FragList fragments, long skip,
                      int payload) {
        final int length = headerBytes + payload;
        txPackets++;
        txBytes += length;
        final long startPs = Math.max(nowNs * 1000, busyUntilPs);
        busyUntilPs = startPs + (long) Math.ceil(length * psPerByte);
        peer.arrive(header, headerOffset, headerBytes, this, fragments, skip, payload,
            busyUntilPs / 1000 + PciConfig.DMA_READ_BASE_NS, mac);
    }

    private static int tcpHeaderBytes(DirectBuffer header, int tcpOffset) {
        return ((header.getByte(tcpOffset + 12) >> 4) & 0xF) * 4;
    }

    /**
     * Software GSO for a super-segment (a forwarded GRO packet): the device announces no TSO, so,
     * as Linux's {@code validate_xmit_skb} does for such a device, the packet is cut into segments
     * of {@code gso} payload bytes, each with its own IPv4 total length, identification, header
     * checksum and sequence number; PSH and FIN only on the last. The TCP checksum stays as it
     * came: the link marks it unnecessary. Each segment's header is written here; its payload is a
     * range of the packet's fragments, which the peer's DMA pulls.
     */
    private void segment(long nowNs, DirectBuffer header, int headers, int l4, int gso, FragList fragments) {
        final int payload = (int) fragments.totalBytes();
        final int seq = header.getInt(ETH + l4 + 4, ByteOrder.BIG_ENDIAN);
        final int id = header.getShort(ETH + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final byte flags = header.getByte(ETH + l4 + 13);
        int piece = 0;
        for (int at = 0; at < payload; at += gso, piece++) {
            final int n = Math.min(gso, payload - at);
            segmentHeader.putBytes(0, header, ETH, headers);
            ipv4.wrap(segmentHeader, 0, l4).totalLength(headers + n).identification((id + piece) & 0xFFFF).fillChecksum();
            segmentHeader.putInt(l4 + 4, seq + at, ByteOrder.BIG_ENDIAN);
            final boolean last = at + n >= payload;
            segmentHeader.putByte(l4 + 13, (byte) (last ? flags : flags & ~(TcpHeader.PSH | TcpHeader.FIN)));
            txGsoSegments++;
            send(nowNs, segmentHeader, 0, headers, fragments, at, n);
        }
    }

    // ---------------------------------------------------------------- receive

    /**
     * An IP packet from the peer: its first {@code carried} bytes at {@code wire[wireOffset]}, then
     * {@code payload} bytes of the peer's {@code fragments} from {@code skip} on. Checked, its
     * headers copied, its payload pulled into pages of this end's pool by the DMA now, handed up at
     * {@code deliverNs}. Every refusal is counted.
     */
    void arrive(DirectBuffer wire, int wireOffset, int carried, PciIpDevice from, FragList fragments, long skip,
                int payloadBytes, long deliverNs, long peerMac) {
        if (closed) {
            rxDropClosed++;
            return;
        }
        view.wrap(wire, wireOffset, carried);
        final UnsafeBuffer ip = view;
        final int length = carried + payloadBytes;
        final int headerBytes = carried < 20 ? -1 : ipHeaderBytes(ip, length);
        if (headerBytes < 0 || headerBytes > carried) {
            rxDropMalformed++; // not IP, lengths that disagree, or headers that run on into the payload pages
            return;
        }
        if (ETH + headerBytes > RxPacket.HEADER_CAPACITY) {
            rxDropTooLong++; // a non-TCP packet too long for the header buffer (the control plane reads it whole)
            return;
        }
        final int payload = length - headerBytes;
        int offset = 0;
        if (payload > 0) {
            final int slot = findHint(ip.getInt(12, ByteOrder.BIG_ENDIAN), ip.getInt(16, ByteOrder.BIG_ENDIAN),
                ip.getInt(headerTcpOffset(ip), ByteOrder.BIG_ENDIAN));
            if (slot >= 0 && (ip.getByte(0) >> 4) == 4) {
                final int seq = ip.getInt(headerTcpOffset(ip) + 4, ByteOrder.BIG_ENDIAN);
                offset = (seq - hintSeq[slot]) & (PAGE - 1);
                if (pagesFor(offset, payload) > MAX_PAGES) {
                    offset = 0; // soft: a placement that needs one page more is not worth a drop
                }
            }
        }
        final Arrival a = spare.isEmpty() ? new Arrival() : spare.pollFirst();
        a.pageCount = 0;
        final int pages = pagesFor(offset, payload);
        for (int i = 0; i < pages; i++) {
            final int pfn = rxPool.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                for (int j = 0; j < a.pageCount; j++) {
                    memory.release(a.pfns[j]);
                }
                a.pageCount = 0;
                spare.addFirst(a);
                rxDropNoPage++;
                return;
            }
            a.pfns[a.pageCount++] = pfn;
        }
        if (payload > 0 && !dma.place(ip, headerBytes, carried - headerBytes, from.dma, fragments, skip, payloadBytes,
            a.pfns, offset)) {
            for (int j = 0; j < a.pageCount; j++) {
                memory.release(a.pfns[j]);
            }
            a.pageCount = 0;
            spare.addFirst(a);
            rxDropMalformed++;
            return;
        }
        MacAddress.write(a.header, EthernetHeader.DST_OFFSET, mac);
        MacAddress.write(a.header, EthernetHeader.SRC_OFFSET, peerMac);
        a.header.putShort(EthernetHeader.TYPE_OFFSET,
            (short) ((ip.getByte(0) >> 4) == 4 ? EthernetHeader.TYPE_IPV4 : EthernetHeader.TYPE_IPV6), ByteOrder.BIG_ENDIAN);
        a.header.putBytes(ETH, ip, 0, headerBytes);
        a.headerLength = ETH + headerBytes;
        a.firstOffset = offset;
        a.payloadBytes = payload;
        a.deliverNs = deliverNs;
        arrived.addLast(a);
        bus.completionWrite(DESCRIPTOR_BYTES);
        scheduler.post(deliverNs, arrivalTarget, 0);
    }

    private static int pagesFor(int offset, int payload) {
        return payload == 0 ? 0 : (offset + payload + PAGE - 1) / PAGE;
    }

    private static int headerTcpOffset(UnsafeBuffer ip) {
        return (ip.getByte(0) >> 4) == 4 ? (ip.getByte(0) & 0xF) * 4 : 40;
    }

    /**
     * The bytes of {@code ip} that go to the header buffer: up to the end of the TCP header for a
     * TCP segment (the rest is payload), the whole packet otherwise; -1 when the packet is not IP
     * or its lengths disagree with {@code length}.
     */
    static int ipHeaderBytes(UnsafeBuffer ip, int length) {
        if (length < 20) {
            return -1;
        }
        final int version = (ip.getByte(0) >> 4) & 0xF;
        final int l4;
        final int protocol;
        if (version == 4) {
            l4 = (ip.getByte(0) & 0xF) * 4;
            if (l4 < 20 || l4 > length || l4 > ip.capacity() || (ip.getShort(2, ByteOrder.BIG_ENDIAN) & 0xFFFF) != length) {
                return -1;
            }
            protocol = ip.getByte(9) & 0xFF;
        } else if (version == 6) {
            l4 = 40;
            if (length < l4 || (ip.getShort(4, ByteOrder.BIG_ENDIAN) & 0xFFFF) + 40 != length) {
                return -1;
            }
            protocol = ip.getByte(6) & 0xFF;
        } else {
            return -1;
        }
        if (protocol != 6) {
            return length;
        }
        if (l4 + 20 > length || l4 + 20 > ip.capacity()) {
            return -1;
        }
        final int tcpHeader = ((ip.getByte(l4 + 12) >> 4) & 0xF) * 4;
        if (tcpHeader < 20 || l4 + tcpHeader > length || l4 + tcpHeader > ip.capacity()) {
            return -1;
        }
        return l4 + tcpHeader;
    }

    /** A packet's time on the bus is up: the interrupt, unless a poll is due anyway. */
    private void onArrival() {
        if (pollDue || closed) {
            return;
        }
        final long nowNs = scheduler.nowNs();
        final CostMeter cost = cpu.cost();
        cost.onCore(0);
        cost.charge(CostOp.INTERRUPT);
        bus.interrupt();
        interrupts++;
        final long readyNs = cost.readyAtNs(nowNs);
        if (readyNs > nowNs) {
            pollDue = true;
            scheduler.post(readyNs, pollTarget, 0);
        } else {
            poll(nowNs);
        }
    }

    /** Hands up to {@value #BUDGET} packets whose time is up to the IP layer. */
    private void poll(long nowNs) {
        if (closed) {
            return;
        }
        final CostMeter cost = cpu.cost();
        cost.onCore(0);
        cpuMeter.enter();
        try {
            polls++;
            cost.charge(CostOp.NAPI_POLL);
            int done = 0;
            while (done < BUDGET && !arrived.isEmpty() && arrived.peekFirst().deliverNs <= nowNs) {
                handUp(nowNs, arrived.pollFirst());
                done++;
            }
            cost.charge(CostOp.RX_DESCRIPTOR, done);
            cost.charge(CostOp.DRIVER_RX_PACKET, done);
            if (done == BUDGET && !arrived.isEmpty() && arrived.peekFirst().deliverNs <= nowNs) {
                pollDue = true;
                scheduler.post(cost.readyAtNs(nowNs), pollTarget, 0);
            }
        } finally {
            cpuMeter.exit();
        }
    }

    private void handUp(long nowNs, Arrival a) {
        rx.clear();
        rx.header().putBytes(0, a.header, 0, a.headerLength);
        rx.headerLength(a.headerLength);
        int left = a.payloadBytes;
        int pageOffset = a.firstOffset;
        for (int i = 0; i < a.pageCount; i++) {
            final int n = Math.min(PAGE - pageOffset, left);
            rx.addFragment(a.pfns[i], pageOffset, n);
            left -= n;
            pageOffset = 0;
        }
        if (a.payloadBytes > 0) {
            parser.parseSplit(rx.header(), 0, a.headerLength, a.payloadBytes, rx.parsed());
        } else {
            parser.parse(rx.header(), 0, a.headerLength, rx.parsed());
        }
        rx.checksum(ChecksumStatus.GOOD);
        rxPackets++;
        rxBytes += a.headerLength - ETH + a.payloadBytes;
        rxPages += a.pageCount;
        if (a.pageCount > 1) {
            rxMultiPage++;
        }
        a.pageCount = 0;
        spare.addFirst(a);
        if (handler == null) {
            rxDropNoHandler++;
            rx.releaseFragments(memory);
            return;
        }
        handler.receive(nowNs, rx);
        rx.releaseFragments(memory); // whatever the handler did not take
    }

    /** Stops the device: packets not yet handed up give their pages back; later ones are dropped. */
    public void close() {
        closed = true;
        for (Arrival a : arrived) {
            for (int i = 0; i < a.pageCount; i++) {
                memory.release(a.pfns[i]);
            }
            a.pageCount = 0;
        }
        arrived.clear();
    }

    /** An Ethernet frame offered as if from a wire: this link has none (counted, dropped). */
    public void refuseWireFrame() {
        rxDropWireFrame++;
    }

    /** Packets written into this end's pages and not yet handed up. */
    public int inFlight() {
        return arrived.size();
    }

    @Override
    public void forEach(CounterVisitor v) {
        v.counter("pci_rx_packets", rxPackets);
        v.counter("pci_rx_bytes", rxBytes);
        v.counter("pci_rx_pages", rxPages);
        v.counter("pci_rx_multi_page", rxMultiPage);
        v.counter("pci_rx_drop_no_page", rxDropNoPage);
        v.counter("pci_rx_drop_malformed", rxDropMalformed);
        v.counter("pci_rx_drop_too_long", rxDropTooLong);
        v.counter("pci_rx_drop_no_handler", rxDropNoHandler);
        v.counter("pci_rx_drop_closed", rxDropClosed);
        v.counter("pci_rx_drop_wire_frame", rxDropWireFrame);
        v.counter("pci_tx_packets", txPackets);
        v.counter("pci_tx_bytes", txBytes);
        v.counter("pci_tx_gso_segments", txGsoSegments);
        v.counter("pci_tx_drop_too_long", txDropTooLong);
        v.counter("pci_tx_drop_not_ip", txDropNotIp);
        v.counter("pci_tx_drop_no_peer", txDropNoPeer);
        v.counter("pci_interrupts", interrupts);
        v.counter("pci_polls", polls);
    }

    public long rxPackets() {
        return rxPackets;
    }

    public long txPackets() {
        return txPackets;
    }

    public long rxDropMalformed() {
        return rxDropMalformed;
    }

    /** Every drop on either side of this end. */
    public long drops() {
        return rxDropNoPage + rxDropWireFrame + rxDropMalformed + rxDropTooLong + rxDropNoHandler + rxDropClosed + txDropTooLong
            + txDropNotIp + txDropNoPeer;
    }

    @Override
    public String toString() {
        return "PciIpDevice[" + name + "]";
    }

    /** One packet written into this end's pages, waiting for its time on the bus to pass. */
    private static final class Arrival {
        final UnsafeBuffer header = new UnsafeBuffer(new byte[RxPacket.HEADER_CAPACITY]);
        final int[] pfns = new int[MAX_PAGES];
        int pageCount;
        int headerLength;
        int firstOffset;
        int payloadBytes;
        long deliverNs;
    }
}
