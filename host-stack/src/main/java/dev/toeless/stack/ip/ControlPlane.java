package dev.toeless.stack.ip;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.wire.ArpPacket;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.IcmpHeader;
import dev.toeless.nic.wire.Icmpv6Repr;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.wire.Ipv6Header;
import dev.toeless.nic.wire.MacAddress;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TransportChecksum;
import dev.toeless.stack.filter.Verdict;
import dev.toeless.stack.neigh.NeighbourActions;
import dev.toeless.stack.netdev.TxPacket;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The IP layer's control messages: ARP requests and replies, IPv6 neighbour solicitations and
 * advertisements, ICMP and ICMPv6 echo, the errors that carry a path MTU (fed to the route cache
 * and to TCP), the answers to a rejected packet (TCP RST, ICMP unreachable), and the RST for a
 * segment that reaches no socket. Control packets are built whole in a {@link TxPacket}'s header
 * buffer; these are not data-path packets, so a few allocations are acceptable here.
 */
public final class ControlPlane {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final int ND_HOP_LIMIT = 255;
    /** RFC 1812: quote as much of the offending packet as fits 576 bytes; RFC 4443: 1280. */
    private static final int MAX_QUOTE_V4 = 576 - 28;
    private static final int MAX_QUOTE_V6 = 1280 - 48;
    private static final long ALL_NODES_HI = 0xFF02_0000_0000_0000L;

    private final IpLayer ip;
    private final IcmpHeader icmp = new IcmpHeader();
    private final TcpHeader tcp = new TcpHeader();
    private EchoListener echoListener;

    ControlPlane(IpLayer ip) {
        this.ip = ip;
    }

    void echoListener(EchoListener listener) {
        this.echoListener = listener;
    }

    // ---------------------------------------------------------------- ARP and ND

    void onArp(long nowNs, DirectBuffer h, ParsedFrame f) {
        final ArpPacket arp = new ArpPacket().wrap(h, f.l3Offset(), ArpPacket.LENGTH);
        final int sender = arp.senderIp();
        final long senderMac = arp.senderMac();
        if (ip.ipv4() == 0 || sender == 0) {
            ip.count(IpDrop.NOT_LOCAL);
            return;
        }
        ip.delivered();
        if (arp.operation() == ArpPacket.OP_REQUEST && arp.targetIp() == ip.ipv4()) {
            ip.arpTable().onSolicitation(nowNs, 0, sender & 0xFFFF_FFFFL, senderMac);
            sendArp(nowNs, ArpPacket.OP_REPLY, senderMac, sender, senderMac);
        } else if (arp.operation() == ArpPacket.OP_REPLY) {
            ip.arpTable().onAdvertisement(nowNs, 0, sender & 0xFFFF_FFFFL, senderMac, true, true);
        }
        ip.armNeighbours();
    }

    void solicit(long nowNs, boolean v6, long targetHi, long targetLo, long linkAddress) {
        if (!v6) {
            final long dstMac = linkAddress == NeighbourActions.MULTICAST ? MacAddress.BROADCAST : linkAddress;
            sendArp(nowNs, ArpPacket.OP_REQUEST, dstMac, (int) targetLo, 0);
            return;
        }
        final Ipv6Address target = new Ipv6Address(targetHi, targetLo);
        final Ipv6Address dst = linkAddress == NeighbourActions.MULTICAST ? target.solicitedNode() : target;
        final Icmpv6Repr ns = Icmpv6Repr.neighborSolicitation(target, ip.mac());
        final TxPacket p = ip.allocatePacket();
        if (p == null) {
            return;
        }
        final int l4 = ip.writeIpv6(p, ip.ipv6Hi(), ip.ipv6Lo(), dst.high(), dst.low(), Ipv6Header.NEXT_ICMPV6,
            ND_HOP_LIMIT, ns.bufferLength());
        ns.emit(p.header(), l4, new Ipv6Address(ip.ipv6Hi(), ip.ipv6Lo()), dst);
        p.headerLength(l4 + ns.bufferLength());
        final long dstMac = linkAddress == NeighbourActions.MULTICAST ? MacAddress.ipv6Multicast(dst) : linkAddress;
        ip.enqueue(nowNs, p, dstMac);
    }

    private void sendArp(long nowNs, int operation, long dstMac, int targetIp, long targetMac) {
        final TxPacket p = ip.allocatePacket();
        if (p == null) {
            return;
        }
        final MutableDirectBuffer b = p.header();
        MacAddress.write(b, EthernetHeader.SRC_OFFSET, ip.mac());
        b.putShort(EthernetHeader.TYPE_OFFSET, (short) EthernetHeader.TYPE_ARP, BE);
        new ArpPacket().wrap(b, IpLayer.ETH, ArpPacket.LENGTH).fill(operation, ip.mac(), ip.ipv4(), targetMac, targetIp);
        p.headerLength(IpLayer.ETH + ArpPacket.LENGTH);
        ip.enqueue(nowNs, p, dstMac);
    }

    private void onNeighbourMessage(long nowNs, DirectBuffer h, ParsedFrame f) {
        if (f.ttl() != ND_HOP_LIMIT || f.l4Length() < IcmpHeader.ND_OPTIONS_OFFSET) {
            ip.count(IpDrop.BAD_ND);
            return;
        }
        final int l4 = f.l4Offset();
        final long targetHi = h.getLong(l4 + IcmpHeader.ND_TARGET_OFFSET, BE);
        final long targetLo = h.getLong(l4 + IcmpHeader.ND_TARGET_OFFSET + 8, BE);
        final long linkAddress = linkLayerOption(h, l4 + IcmpHeader.ND_OPTIONS_OFFSET, f.ipEnd(),
            f.icmpType() == IcmpHeader.V6_NEIGHBOR_SOLICITATION ? IcmpHeader.ND_OPTION_SOURCE_LL : IcmpHeader.ND_OPTION_TARGET_LL);
        ip.delivered();
        if (f.icmpType() == IcmpHeader.V6_NEIGHBOR_SOLICITATION) {
            if (targetHi != ip.ipv6Hi() || targetLo != ip.ipv6Lo()) {
                return;
            }
            final boolean fromUnspecified = (f.srcHigh() | f.srcLow()) == 0;
            if (!fromUnspecified && linkAddress >= 0) {
                ip.ndTable().onSolicitation(nowNs, f.srcHigh(), f.srcLow(), linkAddress);
            }
            final long dstHi = fromUnspecified ? ALL_NODES_HI : f.srcHigh();
            final long dstLo = fromUnspecified ? 1 : f.srcLow();
            final Icmpv6Repr na = Icmpv6Repr.neighborAdvertisement(new Ipv6Address(targetHi, targetLo), ip.mac(),
                false, !fromUnspecified, true);
            final TxPacket p = ip.allocatePacket();
            if (p != null) {
                final int at = ip.writeIpv6(p, ip.ipv6Hi(), ip.ipv6Lo(), dstHi, dstLo, Ipv6Header.NEXT_ICMPV6,
                    ND_HOP_LIMIT, na.bufferLength());
                na.emit(p.header(), at, new Ipv6Address(ip.ipv6Hi(), ip.ipv6Lo()), new Ipv6Address(dstHi, dstLo));
                p.headerLength(at + na.bufferLength());
                final long dstMac = fromUnspecified ? MacAddress.ipv6Multicast(new Ipv6Address(dstHi, dstLo))
                    : linkAddress >= 0 ? linkAddress : f.srcMac();
                ip.enqueue(nowNs, p, dstMac);
            }
        } else {
            final int flags = h.getInt(l4 + IcmpHeader.REST_OFFSET, BE);
            ip.ndTable().onAdvertisement(nowNs, targetHi, targetLo, linkAddress,
                (flags & IcmpHeader.ND_FLAG_SOLICITED) != 0, (flags & IcmpHeader.ND_FLAG_OVERRIDE) != 0);
        }
        ip.armNeighbours();
    }

    /** The link-layer address in the ND option of {@code kind}, or -1. */
    private static long linkLayerOption(DirectBuffer h, int at, int end, int kind) {
        while (at + 2 <= end) {
            final int type = h.getByte(at) & 0xFF;
            final int lengthBytes = (h.getByte(at + 1) & 0xFF) * 8;
            if (lengthBytes == 0 || at + lengthBytes > end) {
                return -1;
            }
            if (type == kind && lengthBytes >= 8) {
                return MacAddress.read(h, at + 2);
            }
            at += lengthBytes;
        }
        return -1;
    }

    // ---------------------------------------------------------------- ICMP

    void onIcmpV4(long nowNs, DirectBuffer h, ParsedFrame f) {
        if (f.ipEnd() > TxPacket.HEADER_CAPACITY) {
            ip.count(IpDrop.TOO_LONG);
            return;
        }
        icmp.wrap(h, f.l4Offset(), f.l4Length());
        switch (f.icmpType()) {
            case IcmpHeader.V4_ECHO_REQUEST -> {
                ip.delivered();
                ip.countersInternal().echoRequests++;
                final TxPacket p = ip.allocatePacket();
                if (p == null) {
                    return;
                }
                final int at = ip.writeIpv4(p, f.srcV4(), Ipv4Header.PROTOCOL_ICMP, f.l4Length());
                p.header().putBytes(at, h, f.l4Offset(), f.l4Length());
                p.header().putByte(at, (byte) IcmpHeader.V4_ECHO_REPLY);
                finishIcmp(p, at, f.l4Length(), false);
                ip.output(nowNs, p, false, 0, f.srcV4() & 0xFFFF_FFFFL, Ipv4Header.PROTOCOL_ICMP, -1, -1, 0);
            }
            case IcmpHeader.V4_ECHO_REPLY -> echoReply(nowNs, false, f);
            case IcmpHeader.V4_DEST_UNREACHABLE -> {
                ip.delivered();
                ip.countersInternal().icmpErrorsIn++;
                if (f.icmpCode() == IcmpHeader.V4_CODE_FRAG_NEEDED && f.quotedL4Offset() >= 0
                    && f.quotedProtocol() == Ipv4Header.PROTOCOL_TCP) {
                    final int q = f.quotedL3Offset();
                    final int remote = h.getInt(q + Ipv4Header.DST_OFFSET, BE);
                    final int originalLength = h.getShort(q + Ipv4Header.TOTAL_LENGTH_OFFSET, BE) & 0xFFFF;
                    final int mtu = ip.routes().onFragmentationNeeded(nowNs, remote, icmp.v4NextHopMtu(), originalLength);
                    pathMtu(nowNs, false, h, f, 0, remote & 0xFFFF_FFFFL, mtu);
                }
            }
            default -> ip.count(IpDrop.UNHANDLED);
        }
    }

    void onIcmpV6(long nowNs, DirectBuffer h, ParsedFrame f) {
        if (f.ipEnd() > TxPacket.HEADER_CAPACITY) {
            ip.count(IpDrop.TOO_LONG);
            return;
        }
        icmp.wrap(h, f.l4Offset(), f.l4Length());
        switch (f.icmpType()) {
            case IcmpHeader.V6_NEIGHBOR_SOLICITATION, IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT -> onNeighbourMessage(nowNs, h, f);
            case IcmpHeader.V6_ECHO_REQUEST -> {
                ip.delivered();
                ip.countersInternal().echoRequests++;
                final TxPacket p = ip.allocatePacket();
                if (p == null) {
                    return;
                }
                final int at = ip.writeIpv6(p, ip.ipv6Hi(), ip.ipv6Lo(), f.srcHigh(), f.srcLow(), Ipv6Header.NEXT_ICMPV6,
                    IpLayer.DEFAULT_TTL, f.l4Length());
                p.header().putBytes(at, h, f.l4Offset(), f.l4Length());
                p.header().putByte(at, (byte) IcmpHeader.V6_ECHO_REPLY);
                finishIcmp(p, at, f.l4Length(), true);
                ip.output(nowNs, p, true, f.srcHigh(), f.srcLow(), Ipv6Header.NEXT_ICMPV6, -1, -1, 0);
            }
            case IcmpHeader.V6_ECHO_REPLY -> echoReply(nowNs, true, f);
            case IcmpHeader.V6_PACKET_TOO_BIG -> {
                ip.delivered();
                ip.countersInternal().icmpErrorsIn++;
                if (f.quotedL4Offset() >= 0 && f.quotedProtocol() == Ipv6Header.NEXT_TCP) {
                    final int q = f.quotedL3Offset();
                    final long remoteHi = h.getLong(q + Ipv6Header.DST_OFFSET, BE);
                    final long remoteLo = h.getLong(q + Ipv6Header.DST_OFFSET + 8, BE);
                    final int reported = (int) Math.min(Integer.MAX_VALUE, icmp.v6Mtu());
                    final int mtu = ip.routes().onPacketTooBig(nowNs, remoteHi, remoteLo, reported);
                    pathMtu(nowNs, true, h, f, remoteHi, remoteLo, mtu);
                }
            }
            case IcmpHeader.V6_DEST_UNREACHABLE, IcmpHeader.V6_TIME_EXCEEDED -> {
                ip.delivered();
                ip.countersInternal().icmpErrorsIn++;
            }
            default -> ip.count(IpDrop.UNHANDLED);
        }
    }

    private void pathMtu(long nowNs, boolean v6, DirectBuffer h, ParsedFrame f, long remoteHi, long remoteLo, int mtu) {
        ip.countersInternal().pathMtuReports++;
        if (mtu <= 0) {
            return;
        }
        final int q4 = f.quotedL4Offset();
        final int localPort = h.getShort(q4 + TcpHeader.SRC_PORT_OFFSET, BE) & 0xFFFF;
        final int remotePort = h.getShort(q4 + TcpHeader.DST_PORT_OFFSET, BE) & 0xFFFF;
        final long localHi = v6 ? ip.ipv6Hi() : 0;
        final long localLo = v6 ? ip.ipv6Lo() : ip.ipv4() & 0xFFFF_FFFFL;
        if (ip.tcpHandlerOrNull() != null) {
            ip.tcpHandlerOrNull().onPathMtu(nowNs, v6, localHi, localLo, localPort, remoteHi, remoteLo, remotePort, mtu);
        }
    }

    private void echoReply(long nowNs, boolean v6, ParsedFrame f) {
        ip.delivered();
        ip.countersInternal().echoReplies++;
        if (echoListener != null) {
            echoListener.onEchoReply(nowNs, v6, f.srcHigh(), v6 ? f.srcLow() : f.srcV4() & 0xFFFF_FFFFL,
                icmp.identifier(), icmp.sequence(), f.payloadLength());
        }
    }

    private static void finishIcmp(TxPacket p, int at, int length, boolean v6) {
        p.headerLength(at + length);
        if (v6) {
            TransportChecksum.fill(p.header(), IpLayer.ETH, true, Ipv6Header.NEXT_ICMPV6, at, length);
        } else {
            p.header().putShort(at + IcmpHeader.CHECKSUM_OFFSET, (short) 0);
            p.header().putShort(at + IcmpHeader.CHECKSUM_OFFSET,
                (short) InternetChecksum.checksum(p.header(), at, length), BE);
        }
    }

    /** Sends an echo request ("ping") of {@code dataBytes} zero bytes to {@code (dstHi, dstLo)}. */
    public void ping(long nowNs, boolean v6, long dstHi, long dstLo, int identifier, int sequence, int dataBytes) {
        final TxPacket p = ip.allocatePacket();
        if (p == null) {
            return;
        }
        final int length = IcmpHeader.HEADER_LENGTH + dataBytes;
        final int at = v6
            ? ip.writeIpv6(p, ip.ipv6Hi(), ip.ipv6Lo(), dstHi, dstLo, Ipv6Header.NEXT_ICMPV6, IpLayer.DEFAULT_TTL, length)
            : ip.writeIpv4(p, (int) dstLo, Ipv4Header.PROTOCOL_ICMP, length);
        p.header().setMemory(at, length, (byte) 0);
        icmp.wrap(p.header(), at, length).type(v6 ? IcmpHeader.V6_ECHO_REQUEST : IcmpHeader.V4_ECHO_REQUEST).code(0)
            .rest((identifier & 0xFFFF) << 16 | (sequence & 0xFFFF));
        finishIcmp(p, at, length, v6);
        ip.output(nowNs, p, v6, dstHi, dstLo, v6 ? Ipv6Header.NEXT_ICMPV6 : Ipv4Header.PROTOCOL_ICMP, -1, -1, 0);
    }

    // ---------------------------------------------------------------- RST and unreachable

    /**
     * Answers a received packet that a filter rejected: a TCP RST for {@code REJECT_TCP_RESET} on
     * a TCP segment, an ICMP / ICMPv6 destination unreachable otherwise.
     */
    void reject(long nowNs, DirectBuffer h, int headerLength, ParsedFrame f, Verdict verdict, long payloadBytes) {
        ip.countersInternal().rejectsSent++;
        if (verdict == Verdict.REJECT_TCP_RESET && f.isTcp()) {
            resetFor(nowNs, f, payloadBytes);
            return;
        }
        final boolean v6 = f.isIpv6();
        final int quote = Math.min(Math.min(f.ipEnd(), headerLength) - f.l3Offset(), v6 ? MAX_QUOTE_V6 : MAX_QUOTE_V4);
        final TxPacket p = ip.allocatePacket();
        if (p == null || quote <= 0) {
            return;
        }
        final int length = IcmpHeader.HEADER_LENGTH + quote;
        final int at = v6
            ? ip.writeIpv6(p, ip.ipv6Hi(), ip.ipv6Lo(), f.srcHigh(), f.srcLow(), Ipv6Header.NEXT_ICMPV6, IpLayer.DEFAULT_TTL, length)
            : ip.writeIpv4(p, f.srcV4(), Ipv4Header.PROTOCOL_ICMP, length);
        final boolean admin = verdict == Verdict.REJECT_ADMIN_PROHIBITED;
        icmp.wrap(p.header(), at, length).type(v6 ? IcmpHeader.V6_DEST_UNREACHABLE : IcmpHeader.V4_DEST_UNREACHABLE)
            .code(v6 ? (admin ? 1 : 4) : (admin ? 13 : 3)).rest(0);
        p.header().putBytes(at + IcmpHeader.HEADER_LENGTH, h, f.l3Offset(), quote);
        finishIcmp(p, at, length, v6);
        ip.output(nowNs, p, v6, f.srcHigh(), v6 ? f.srcLow() : f.srcV4() & 0xFFFF_FFFFL,
            v6 ? Ipv6Header.NEXT_ICMPV6 : Ipv4Header.PROTOCOL_ICMP, -1, -1, 0);
    }

    /**
     * Sends the RST that RFC 9293 (section 3.10.7.1) prescribes for segment {@code f} carrying
     * {@code payloadBytes} of data: with ACK set, sequence number = its acknowledgment number;
     * otherwise sequence 0 and an ACK of everything it occupied. Never answers a RST.
     */
    public void resetFor(long nowNs, ParsedFrame f, long payloadBytes) {
        final int flags = f.tcpFlags();
        if ((flags & TcpHeader.RST) != 0) {
            return;
        }
        final boolean v6 = f.isIpv6();
        final TxPacket p = ip.allocatePacket();
        if (p == null) {
            return;
        }
        final int at = v6
            ? ip.writeIpv6(p, ip.ipv6Hi(), ip.ipv6Lo(), f.srcHigh(), f.srcLow(), Ipv6Header.NEXT_TCP, IpLayer.DEFAULT_TTL,
                TcpHeader.MIN_HEADER_LENGTH)
            : ip.writeIpv4(p, f.srcV4(), Ipv4Header.PROTOCOL_TCP, TcpHeader.MIN_HEADER_LENGTH);
        final boolean hasAck = (flags & TcpHeader.ACK) != 0;
        final long occupied = payloadBytes + ((flags & TcpHeader.SYN) != 0 ? 1 : 0) + ((flags & TcpHeader.FIN) != 0 ? 1 : 0);
        tcp.wrap(p.header(), at, TcpHeader.MIN_HEADER_LENGTH).srcPort(f.dstPort()).dstPort(f.srcPort())
            .seq(hasAck ? f.tcpAck() : 0).ack(hasAck ? 0 : f.tcpSeq() + occupied)
            .headerLength(TcpHeader.MIN_HEADER_LENGTH).flags(hasAck ? TcpHeader.RST : TcpHeader.RST | TcpHeader.ACK)
            .window(0).checksum(0).urgentPointer(0);
        p.headerLength(at + TcpHeader.MIN_HEADER_LENGTH);
        TransportChecksum.fill(p.header(), IpLayer.ETH, v6, Ipv4Header.PROTOCOL_TCP, at, TcpHeader.MIN_HEADER_LENGTH);
        ip.output(nowNs, p, v6, f.srcHigh(), v6 ? f.srcLow() : f.srcV4() & 0xFFFF_FFFFL, Ipv4Header.PROTOCOL_TCP,
            f.dstPort(), f.srcPort(), TcpHeader.RST);
    }
}
