package dev.toeless.nic.wire;

import org.agrona.MutableDirectBuffer;

/**
 * Builds whole TCP and UDP frames (Ethernet, IP, transport, payload, every checksum filled) from
 * values: for tests, replay and control-path senders. The data path builds headers from
 * templates with the flyweights instead.
 */
public final class Frames {
    private Frames() {
    }

    /** Writes an Ethernet/IPv4/TCP frame (DF set, TTL 64) at {@code offset}; returns its length. */
    public static int tcpV4(MutableDirectBuffer buffer, int offset, long dstMac, long srcMac, int vlanTci,
                            int src, int dst, TcpRepr tcp, byte[] payload) {
        final int l4Length = tcp.headerLength() + payload.length;
        final Ipv4Repr ip = new Ipv4Repr(src, dst, Ipv4Header.PROTOCOL_TCP, 64, 0, 0, true, false, 0, null, l4Length);
        return ipv4(buffer, offset, dstMac, srcMac, vlanTci, ip, tcp, null, payload);
    }

    /** Writes an Ethernet/IPv6/TCP frame (hop limit 64) at {@code offset}; returns its length. */
    public static int tcpV6(MutableDirectBuffer buffer, int offset, long dstMac, long srcMac, int vlanTci,
                            Ipv6Address src, Ipv6Address dst, TcpRepr tcp, byte[] payload) {
        final int l4Length = tcp.headerLength() + payload.length;
        final Ipv6Repr ip = Ipv6Repr.of(src, dst, Ipv6Header.NEXT_TCP, l4Length);
        return ipv6(buffer, offset, dstMac, srcMac, vlanTci, ip, tcp, null, payload);
    }

    /** Writes an Ethernet/IPv4/UDP frame at {@code offset}; returns its length. */
    public static int udpV4(MutableDirectBuffer buffer, int offset, long dstMac, long srcMac, int src, int dst,
                            int srcPort, int dstPort, byte[] payload) {
        final UdpRepr udp = new UdpRepr(srcPort, dstPort, payload.length);
        final Ipv4Repr ip = Ipv4Repr.of(src, dst, Ipv4Header.PROTOCOL_UDP, UdpHeader.HEADER_LENGTH + payload.length);
        return ipv4(buffer, offset, dstMac, srcMac, EthernetRepr.NO_VLAN, ip, null, udp, payload);
    }

    /** Writes an Ethernet/IPv6/UDP frame at {@code offset}; returns its length. */
    public static int udpV6(MutableDirectBuffer buffer, int offset, long dstMac, long srcMac, Ipv6Address src,
                            Ipv6Address dst, int srcPort, int dstPort, byte[] payload) {
        final UdpRepr udp = new UdpRepr(srcPort, dstPort, payload.length);
        final Ipv6Repr ip = Ipv6Repr.of(src, dst, Ipv6Header.NEXT_UDP, UdpHeader.HEADER_LENGTH + payload.length);
        return ipv6(buffer, offset, dstMac, srcMac, EthernetRepr.NO_VLAN, ip, null, udp, payload);
    }

    private static int ipv4(MutableDirectBuffer buffer, int offset, long dstMac, long srcMac, int vlanTci,
                            Ipv4Repr ip, TcpRepr tcp, UdpRepr udp, byte[] payload) {
        int at = offset + new EthernetRepr(dstMac, srcMac, vlanTci, EthernetHeader.TYPE_IPV4).emit(buffer, offset);
        final int l3 = at;
        at += ip.emit(buffer, at);
        return transport(buffer, offset, l3, at, false, ip.protocol(), tcp, udp, payload);
    }

    private static int ipv6(MutableDirectBuffer buffer, int offset, long dstMac, long srcMac, int vlanTci,
                            Ipv6Repr ip, TcpRepr tcp, UdpRepr udp, byte[] payload) {
        int at = offset + new EthernetRepr(dstMac, srcMac, vlanTci, EthernetHeader.TYPE_IPV6).emit(buffer, offset);
        final int l3 = at;
        at += ip.emit(buffer, at);
        return transport(buffer, offset, l3, at, true, ip.nextHeader(), tcp, udp, payload);
    }

    private static int transport(MutableDirectBuffer buffer, int frame, int l3, int l4, boolean v6, int protocol,
                                 TcpRepr tcp, UdpRepr udp, byte[] payload) {
        final int headerLength = tcp != null ? tcp.emit(buffer, l4) : udp.emit(buffer, l4);
        buffer.putBytes(l4 + headerLength, payload);
        final int l4Length = headerLength + payload.length;
        TransportChecksum.fill(buffer, l3, v6, protocol, l4, l4Length);
        final int end = l4 + l4Length;
        // Pad to the Ethernet minimum as a real NIC does; padding is not part of the IP packet.
        final int frameLength = Math.max(end - frame, EthernetHeader.MIN_FRAME_LENGTH);
        buffer.setMemory(end, frame + frameLength - end, (byte) 0);
        return frameLength;
    }
}
