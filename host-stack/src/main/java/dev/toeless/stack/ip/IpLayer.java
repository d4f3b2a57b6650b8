package dev.toeless.stack.ip;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.wire.Ipv6Header;
import dev.toeless.nic.wire.MacAddress;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.stack.filter.FilterPacket;
import dev.toeless.stack.filter.Hook;
import dev.toeless.stack.filter.PacketFilter;
import dev.toeless.stack.filter.Verdict;
import dev.toeless.stack.neigh.NeighbourActions;
import dev.toeless.stack.neigh.NeighbourConfig;
import dev.toeless.stack.neigh.NeighbourDrop;
import dev.toeless.stack.neigh.NeighbourTable;
import dev.toeless.stack.netdev.DeviceFeatures;
import dev.toeless.stack.netdev.NetDevice;
import dev.toeless.stack.netdev.ReceiveChecksum;
import dev.toeless.stack.netdev.RxHandler;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.netdev.TxStatus;
import dev.toeless.stack.qdisc.TbfQdisc;
import dev.toeless.stack.route.Route;
import dev.toeless.stack.route.RouteTable;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * IPv4 and IPv6 for one host with one {@link NetDevice}: input (validation by the device's
 * parse, MAC and address checks, the PREROUTING and INPUT filter chains, software checksum
 * verification when the device did not verify, dispatch to TCP or to {@link ControlPlane} for
 * ARP, ND and ICMP) and output (the OUTPUT chain, routing, path MTU, neighbour resolution with
 * queueing, the token-bucket qdisc, the device). Every drop is counted by {@link IpDrop} reason.
 *
 * <p>Addresses are {@code (hi, lo)} pairs; IPv4 is {@code (0, addr & 0xFFFFFFFFL)}. Timers (qdisc
 * pacing, neighbour state) run on the host's {@link EventScheduler}; the layer reads no clock.
 *
 * <p>Ownership: {@link #receive} takes the received fragments (to TCP, or released on a drop);
 * {@link #output} takes a {@link TxPacket} from {@link #allocatePacket} with its fragments and
 * returns it to the pool once the device has it. One owner, one thread.
 */
public final class IpLayer implements RxHandler, IpOutput {
    /** Ethernet header bytes in front of every IP header this layer writes. */
    public static final int ETH_HEADER_BYTES = EthernetHeader.HEADER_LENGTH;
    static final int ETH = ETH_HEADER_BYTES;
    static final int DEFAULT_TTL = 64;
    private static final int PACKET_POOL_LIMIT = 65_536;

    private final NetDevice device;
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final EventScheduler scheduler;
    private final RouteTable routes;
    private final PacketFilter filter;
    private final TbfQdisc<TxPacket> qdisc;
    private final NeighbourTable<TxPacket> arp;
    private final NeighbourTable<TxPacket> nd;
    private final IpCounters counters = new IpCounters();
    private final ControlPlane control;
    private final FilterPacket filterPacket = new FilterPacket();
    private final ReceiveChecksum receiveChecksum;
    private final Ipv4Header ipv4Header = new Ipv4Header();
    private final Ipv6Header ipv6Header = new Ipv6Header();
    private final ArrayDeque<TxPacket> freePackets = new ArrayDeque<>();
    private final Wakeup qdiscWakeup;
    private final Wakeup neighbourWakeup;
    private final long mac;
    private int packetsMade;
    private int ipv4;
    private long ipv6Hi;
    private long ipv6Lo;
    private int identification;
    private TcpHandler tcp;

    public IpLayer(NetDevice device, CpuTouch cpu, EventScheduler scheduler, SimRandom random, RouteTable routes,
                   PacketFilter filter, TbfQdisc<TxPacket> qdisc) {
        this.device = device;
        this.memory = cpu.memory();
        this.cpu = cpu;
        this.receiveChecksum = new ReceiveChecksum(cpu);
        this.scheduler = scheduler;
        this.routes = routes;
        this.filter = filter;
        this.qdisc = qdisc;
        this.mac = device.macAddress();
        this.control = new ControlPlane(this);
        this.arp = new NeighbourTable<>(NeighbourConfig.defaults(), new Resolver(false), random.fork("arp"));
        this.nd = new NeighbourTable<>(NeighbourConfig.defaults(), new Resolver(true), random.fork("nd"));
        this.qdiscWakeup = new Wakeup(scheduler, () -> pump(scheduler.nowNs()));
        this.neighbourWakeup = new Wakeup(scheduler, this::advanceNeighbours);
        device.attach(this);
    }

    // ---------------------------------------------------------------- configuration

    public void ipv4(int address) {
        this.ipv4 = address;
    }

    public void ipv6(long hi, long lo) {
        this.ipv6Hi = hi;
        this.ipv6Lo = lo;
    }

    @Override
    public int ipv4() {
        return ipv4;
    }

    @Override
    public long ipv6Hi() {
        return ipv6Hi;
    }

    @Override
    public long ipv6Lo() {
        return ipv6Lo;
    }

    public long mac() {
        return mac;
    }

    @Override
    public int pathMtuV4(long nowNs, int dst) {
        return routes.mtuV4(nowNs, dst);
    }

    @Override
    public int pathMtuV6(long nowNs, long dstHi, long dstLo) {
        return routes.mtuV6(nowNs, dstHi, dstLo);
    }

    @Override
    public void tcpHandler(TcpHandler handler) {
        this.tcp = handler;
    }

    TcpHandler tcpHandlerOrNull() {
        return tcp;
    }

    public void echoListener(EchoListener listener) {
        control.echoListener(listener);
    }

    public IpCounters counters() {
        return counters;
    }

    public NetDevice device() {
        return device;
    }

    @Override
    public DeviceFeatures features() {
        return device.features();
    }

    @Override
    public int mtuBytes() {
        return device.mtuBytes();
    }

    @Override
    public void resetFor(long nowNs, ParsedFrame f, long payloadBytes) {
        control.resetFor(nowNs, f, payloadBytes);
    }

    public RouteTable routes() {
        return routes;
    }

    public PacketFilter filter() {
        return filter;
    }

    public TbfQdisc<TxPacket> qdisc() {
        return qdisc;
    }

    public NeighbourTable<TxPacket> arpTable() {
        return arp;
    }

    public NeighbourTable<TxPacket> ndTable() {
        return nd;
    }

    public ControlPlane control() {
        return control;
    }

    HostMemory memory() {
        return memory;
    }

    EventScheduler scheduler() {
        return scheduler;
    }

    // ---------------------------------------------------------------- input

    @Override
    public void receive(long nowNs, RxPacket rx) {
        counters.received++;
        cpu.cost().charge(CostOp.IP_INPUT);
        final ParsedFrame f = rx.parsed();
        final ParseStatus status = f.status();
        if (status != ParseStatus.OK) {
            drop(rx, status == ParseStatus.FRAGMENT ? IpDrop.FRAGMENT : IpDrop.MALFORMED);
            return;
        }
        if (f.dstMac() != mac && !MacAddress.isMulticast(f.dstMac())) {
            drop(rx, IpDrop.OTHER_HOST);
            return;
        }
        final boolean v6 = f.l3() == ParsedFrame.L3.IPV6;
        if (f.l3() == ParsedFrame.L3.ARP) {
            control.onArp(nowNs, rx.header(), f);
            return;
        }
        if (!isLocalDestination(f, v6)) {
            drop(rx, IpDrop.NOT_LOCAL);
            return;
        }
        if (!passesFilter(nowNs, Hook.PREROUTING, rx, f, v6) || !passesFilter(nowNs, Hook.INPUT, rx, f, v6)) {
            return;
        }
        if (!receiveChecksum.ok(rx)) {
            drop(rx, IpDrop.BAD_CHECKSUM);
            return;
        }
        switch (f.l4()) {
            case TCP -> {
                if (tcp == null) {
                    drop(rx, IpDrop.UNHANDLED);
                    return;
                }
                counters.delivered++;
                tcp.onTcp(nowNs, rx, f);
            }
            case ICMPV4 -> control.onIcmpV4(nowNs, rx.header(), f);
            case ICMPV6 -> control.onIcmpV6(nowNs, rx.header(), f);
            default -> drop(rx, IpDrop.UNHANDLED);
        }
    }

    private boolean isLocalDestination(ParsedFrame f, boolean v6) {
        if (!v6) {
            return ipv4 != 0 && (f.dstV4() == ipv4 || f.dstV4() == -1);
        }
        final long hi = f.dstHigh();
        final long lo = f.dstLow();
        if (hi == ipv6Hi && lo == ipv6Lo && (hi | lo) != 0) {
            return true;
        }
        // ff02::1 (all nodes) and our solicited-node group: ff02::1:ff00:0/104 with our low 24 bits
        return hi == 0xFF02_0000_0000_0000L
            && (lo == 1 || lo == (0x0000_0001_FF00_0000L | (ipv6Lo & 0xFF_FFFFL)));
    }

    private boolean passesFilter(long nowNs, Hook hook, RxPacket rx, ParsedFrame f, boolean v6) {
        if (filter.isPassThrough(hook)) {
            return true;
        }
        final boolean ports = f.l4() == ParsedFrame.L4.TCP || f.l4() == ParsedFrame.L4.UDP;
        final int srcPort = ports ? f.srcPort() : FilterPacket.NO_PORT;
        final int dstPort = ports ? f.dstPort() : FilterPacket.NO_PORT;
        final int flags = f.isTcp() ? f.tcpFlags() : 0;
        final int length = f.ipEnd() - f.l3Offset();
        if (v6) {
            filterPacket.v6(f.srcHigh(), f.srcLow(), f.dstHigh(), f.dstLow(), f.ipProtocol(), srcPort, dstPort, flags, length);
        } else {
            filterPacket.v4(f.srcV4(), f.dstV4(), f.ipProtocol(), srcPort, dstPort, flags, length);
        }
        final Verdict verdict = filter.evaluate(hook, nowNs, filterPacket);
        if (verdict.accepted()) {
            return true;
        }
        if (verdict.rejected()) {
            control.reject(nowNs, rx.header(), rx.headerLength(), f, verdict, rx.payloadBytes());
        }
        drop(rx, hook == Hook.PREROUTING ? IpDrop.FILTER_PREROUTING : IpDrop.FILTER_INPUT);
        return false;
    }

    void drop(RxPacket rx, IpDrop reason) {
        rx.releaseFragments(memory);
        counters.drop(reason);
    }

    void count(IpDrop reason) {
        counters.drop(reason);
    }

    void delivered() {
        counters.delivered++;
    }

    IpCounters countersInternal() {
        return counters;
    }

    // ---------------------------------------------------------------- output

    /** A cleared packet from the pool, or null when the pool is exhausted (counted). */
    @Override
    public TxPacket allocatePacket() {
        final TxPacket p = freePackets.pollFirst();
        if (p != null) {
            return p.clear();
        }
        if (packetsMade == PACKET_POOL_LIMIT) {
            counters.drop(IpDrop.NO_BUFFER);
            return null;
        }
        packetsMade++;
        return new TxPacket();
    }

    void recycle(TxPacket p) {
        p.releaseFragments(memory);
        freePackets.addFirst(p);
    }

    /** Writes Ethernet and IPv4 headers into {@code p} for {@code l4Length} transport bytes; returns the L4 offset. */
    @Override
    public int writeIpv4(TxPacket p, int dst, int protocol, int l4Length) {
        final MutableDirectBuffer b = p.header();
        MacAddress.write(b, EthernetHeader.SRC_OFFSET, mac);
        b.putShort(EthernetHeader.TYPE_OFFSET, (short) EthernetHeader.TYPE_IPV4, ByteOrder.BIG_ENDIAN);
        final int totalLength = Ipv4Header.MIN_HEADER_LENGTH + l4Length;
        final int id = identification++ & 0xFFFF;
        ipv4Header.wrap(b, ETH, Ipv4Header.MIN_HEADER_LENGTH).versionAndHeaderLength(Ipv4Header.MIN_HEADER_LENGTH).tos(0)
            .totalLength(totalLength).identification(id).flagsAndFragment(true, false, 0).ttl(DEFAULT_TTL)
            .protocol(protocol).src(ipv4).dst(dst)
            .checksum(Ipv4Header.checksumOf(0, totalLength, id, Ipv4Header.FLAG_DF, DEFAULT_TTL, protocol, ipv4, dst));
        p.layers(ETH, ETH + Ipv4Header.MIN_HEADER_LENGTH, false, protocol);
        return ETH + Ipv4Header.MIN_HEADER_LENGTH;
    }

    /** Writes Ethernet and IPv6 headers into {@code p}; returns the L4 offset. */
    @Override
    public int writeIpv6(TxPacket p, long srcHi, long srcLo, long dstHi, long dstLo, int nextHeader, int hopLimit,
                         int l4Length) {
        final MutableDirectBuffer b = p.header();
        MacAddress.write(b, EthernetHeader.SRC_OFFSET, mac);
        b.putShort(EthernetHeader.TYPE_OFFSET, (short) EthernetHeader.TYPE_IPV6, ByteOrder.BIG_ENDIAN);
        ipv6Header.wrap(b, ETH, Ipv6Header.HEADER_LENGTH).versionClassFlow(0, 0).payloadLength(l4Length)
            .nextHeader(nextHeader).hopLimit(hopLimit).src(srcHi, srcLo).dst(dstHi, dstLo);
        p.layers(ETH, ETH + Ipv6Header.HEADER_LENGTH, true, nextHeader);
        return ETH + Ipv6Header.HEADER_LENGTH;
    }

    /**
     * Sends a packet whose headers are written (the destination MAC excepted): the OUTPUT chain,
     * routing, the path MTU, neighbour resolution, then the qdisc and the device. Takes {@code p}
     * and its fragments in every outcome.
     */
    @Override
    public void output(long nowNs, TxPacket p, boolean v6, long dstHi, long dstLo, int protocol,
                       int srcPort, int dstPort, int tcpFlags) {
        cpu.cost().charge(CostOp.IP_OUTPUT);
        final int ipLength = p.lengthBytes() - ETH;
        if (!filter.isPassThrough(Hook.OUTPUT)) {
            if (v6) {
                filterPacket.v6(ipv6Hi, ipv6Lo, dstHi, dstLo, protocol, srcPort, dstPort, tcpFlags, ipLength);
            } else {
                filterPacket.v4(ipv4, (int) dstLo, protocol, srcPort, dstPort, tcpFlags, ipLength);
            }
            if (!filter.evaluate(Hook.OUTPUT, nowNs, filterPacket).accepted()) {
                dropOut(p, IpDrop.FILTER_OUTPUT);
                return;
            }
        }
        if (v6 && (dstHi >>> 56) == 0xFF) {
            final long group = MacAddress.ipv6Multicast(new Ipv6Address(dstHi, dstLo));
            enqueue(nowNs, p, group);
            return;
        }
        final Route route = v6 ? routes.lookupV6(dstHi, dstLo) : routes.lookupV4((int) dstLo);
        if (route == null) {
            dropOut(p, IpDrop.NO_ROUTE);
            return;
        }
        final int mtu = v6 ? routes.mtuV6(nowNs, route, dstHi, dstLo) : routes.mtuV4(nowNs, route, (int) dstLo);
        if (ipLength > mtu && p.gsoSizeBytes() == 0) {
            dropOut(p, IpDrop.TOO_BIG);
            return;
        }
        final long nextHi = route.nextHopHi(dstHi);
        final long nextLo = route.nextHopLo(dstLo);
        final NeighbourTable<TxPacket> table = v6 ? nd : arp;
        final long link = table.resolve(nowNs, nextHi, v6 ? nextLo : nextLo & 0xFFFF_FFFFL, p);
        neighbourWakeup.arm(table.nextDeadlineNs());
        if (link == NeighbourTable.QUEUED) {
            return;
        }
        if (link == NeighbourTable.REFUSED) {
            dropOut(p, IpDrop.NEIGHBOUR);
            return;
        }
        enqueue(nowNs, p, link);
    }

    /** Puts a packet with a known destination MAC on the qdisc. Takes {@code p}. */
    void enqueue(long nowNs, TxPacket p, long dstMac) {
        MacAddress.write(p.header(), EthernetHeader.DST_OFFSET, dstMac);
        if (!qdisc.enqueue(nowNs, p, p.lengthBytes()).queued()) {
            dropOut(p, IpDrop.QDISC);
            return;
        }
        pump(nowNs);
    }

    private void pump(long nowNs) {
        TxPacket p;
        while ((p = qdisc.dequeue(nowNs)) != null) {
            if (device.transmit(nowNs, p) == TxStatus.SENT) {
                counters.sent++;
            } else {
                counters.drop(IpDrop.DEVICE);
            }
            recycle(p);
        }
        if (!qdisc.isEmpty()) {
            qdiscWakeup.arm(qdisc.nextReadyNs());
        }
    }

    private void dropOut(TxPacket p, IpDrop reason) {
        counters.drop(reason);
        recycle(p);
    }

    private void advanceNeighbours() {
        final long nowNs = scheduler.nowNs();
        arp.advance(nowNs);
        nd.advance(nowNs);
        neighbourWakeup.arm(Math.min(arp.nextDeadlineNs(), nd.nextDeadlineNs()));
    }

    void armNeighbours() {
        neighbourWakeup.arm(Math.min(arp.nextDeadlineNs(), nd.nextDeadlineNs()));
    }

    /** Carries out what the neighbour tables ask. */
    private final class Resolver implements NeighbourActions<TxPacket> {
        private final boolean v6;

        Resolver(boolean v6) {
            this.v6 = v6;
        }

        @Override
        public void solicit(long targetHi, long targetLo, long linkAddress) {
            control.solicit(scheduler.nowNs(), v6, targetHi, targetLo, linkAddress);
        }

        @Override
        public void transmit(TxPacket packet, long linkAddress) {
            enqueue(scheduler.nowNs(), packet, linkAddress);
        }

        @Override
        public void dropped(TxPacket packet, NeighbourDrop reason) {
            dropOut(packet, IpDrop.NEIGHBOUR);
        }
    }
}
