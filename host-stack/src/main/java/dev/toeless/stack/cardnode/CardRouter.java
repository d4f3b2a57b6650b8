package dev.toeless.stack.cardnode;

import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.MacAddress;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.stack.filter.FilterPacket;
import dev.toeless.stack.filter.Hook;
import dev.toeless.stack.filter.PacketFilter;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.filter.Verdict;
import dev.toeless.stack.ip.IpLayer;
import dev.toeless.stack.netdev.RxHandler;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.netdev.TxPacket;

/**
 * The card node's IPv4 forwarding, for routing mode: a packet from the wire for the host's PCI
 * address goes over the PCI link, a packet from the host for any address but the card's goes out
 * of the wire port; everything else goes to the receiving interface's IP layer as usual. A
 * forwarded packet passes the operator's PREROUTING rules (a REJECT drops it without an answer,
 * counted as such), loses one hop of TTL (its header checksum redone), and leaves through the other
 * interface's IP layer (OUTPUT rules, route, neighbour, qdisc) with its payload pages handed over
 * by reference: both devices are in the card's memory. A GRO-merged packet keeps its segment size,
 * so the PCI device cuts it back into the wire's segments (the link announces no TSO); a packet
 * from the host keeps its transport checksum partial, for the wire NIC to complete.
 *
 * <p>Not done: the answer of a REJECT (the IP layer answers from its own address, a forwarded
 * packet's answer must come from the address it was sent to), ICMP errors for an expired TTL or a packet too big for the wire (both are counted
 * drops), IPv6 forwarding (IPv6 goes to the receiving IP layer).
 */
public final class CardRouter implements CounterSet {
    private final IpLayer wireIp;
    private final IpLayer pciIp;
    private final PacketFilter filter;
    private final CpuTouch cpu;
    private final Prefix pciLink;
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final RxHandler fromWire = this::fromWire;
    private final RxHandler fromHost = this::fromHost;

    private long forwardedToHost;
    private long forwardedToWire;
    private long dropFilter;
    private long rejects;
    private long dropTtl;
    private long dropNoBuffer;

    CardRouter(IpLayer wireIp, IpLayer pciIp, PacketFilter filter, CpuTouch cpu, int cardPciIpv4, int prefixLength) {
        this.wireIp = wireIp;
        this.pciIp = pciIp;
        this.filter = filter;
        this.cpu = cpu;
        this.pciLink = Prefix.v4(cardPciIpv4, prefixLength);
    }

    RxHandler fromWire() {
        return fromWire;
    }

    RxHandler fromHost() {
        return fromHost;
    }

    private void fromWire(long nowNs, RxPacket rx) {
        final ParsedFrame f = rx.parsed();
        if (isV4(f) && f.dstV4() != wireIp.ipv4() && f.dstV4() != pciIp.ipv4() && pciLink.containsV4(f.dstV4())) {
            if (forward(nowNs, rx, f, pciIp, false)) {
                forwardedToHost++;
            }
        } else {
            wireIp.receive(nowNs, rx);
        }
    }

    private void fromHost(long nowNs, RxPacket rx) {
        final ParsedFrame f = rx.parsed();
        if (isV4(f) && f.dstV4() != pciIp.ipv4() && f.dstV4() != wireIp.ipv4() && !pciLink.containsV4(f.dstV4())
            && f.dstV4() != -1) {
            if (forward(nowNs, rx, f, wireIp, true)) {
                forwardedToWire++;
            }
        } else {
            pciIp.receive(nowNs, rx);
        }
    }

    private static boolean isV4(ParsedFrame f) {
        return f.status() == ParseStatus.OK && f.l3() == ParsedFrame.L3.IPV4;
    }

    /** Forwards {@code rx} through {@code out}; false when it was dropped here (counted). */
    private boolean forward(long nowNs, RxPacket rx, ParsedFrame f, IpLayer out, boolean partialChecksum) {
        cpu.cost().charge(CostOp.IP_INPUT);
        final boolean ports = f.l4() == ParsedFrame.L4.TCP || f.l4() == ParsedFrame.L4.UDP;
        final int srcPort = ports ? f.srcPort() : FilterPacket.NO_PORT;
        final int dstPort = ports ? f.dstPort() : FilterPacket.NO_PORT;
        final int flags = f.isTcp() ? f.tcpFlags() : 0;
        final int l3 = f.l3Offset();
        final int ipLength = (int) (rx.headerLength() - l3 + rx.payloadBytes());
        if (!filter.isPassThrough(Hook.PREROUTING)) {
            final Verdict verdict = filter.evaluateV4(Hook.PREROUTING, nowNs, f.srcV4(), f.dstV4(), f.ipProtocol(),
                srcPort, dstPort, flags, ipLength);
            if (!verdict.accepted()) {
                if (verdict.rejected()) {
                    rejects++; // no answer yet: the IP layer's reset would come from the card's address, not the target's
                }
                dropFilter++;
                rx.releaseFragments(cpu.memory());
                return false;
            }
        }
        final int ttl = rx.header().getByte(l3 + Ipv4Header.TTL_OFFSET) & 0xFF;
        if (ttl <= 1) {
            dropTtl++;
            rx.releaseFragments(cpu.memory());
            return false;
        }
        final TxPacket p = out.allocatePacket();
        if (p == null) {
            dropNoBuffer++;
            rx.releaseFragments(cpu.memory());
            return false;
        }
        p.header().putBytes(0, rx.header(), 0, rx.headerLength());
        p.headerLength(rx.headerLength());
        MacAddress.write(p.header(), EthernetHeader.SRC_OFFSET, out.mac());
        ipv4.wrap(p.header(), l3, f.l4Offset() - l3).ttl(ttl - 1).totalLength(ipLength).fillChecksum();
        p.layers(l3, f.l4Offset(), false, f.ipProtocol());
        if (rx.segments() > 1) {
            p.gsoSizeBytes(rx.gsoSizeBytes()); // before the fragments move: it is computed from them
        }
        rx.takeFragments(p.fragments());
        if (partialChecksum && f.isTcp()) {
            p.checksum(f.l4Offset(), TcpHeader.CHECKSUM_OFFSET); // the host's stack seeded it: the wire NIC completes it
        }
        out.output(nowNs, p, false, 0, f.dstV4() & 0xFFFF_FFFFL, f.ipProtocol(), srcPort, dstPort, flags);
        return true;
    }

    @Override
    public void forEach(CounterVisitor v) {
        v.counter("forwarded_to_host", forwardedToHost);
        v.counter("forwarded_to_wire", forwardedToWire);
        v.counter("forward_drop_filter", dropFilter);
        v.counter("forward_rejects", rejects);
        v.counter("forward_drop_ttl", dropTtl);
        v.counter("forward_drop_no_buffer", dropNoBuffer);
    }

    public long forwardedToHost() {
        return forwardedToHost;
    }

    public long forwardedToWire() {
        return forwardedToWire;
    }

    public long dropFilter() {
        return dropFilter;
    }
}
