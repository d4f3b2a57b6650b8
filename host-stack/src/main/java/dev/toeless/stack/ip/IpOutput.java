package dev.toeless.stack.ip;

import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.stack.netdev.DeviceFeatures;
import dev.toeless.stack.netdev.TxPacket;

/**
 * What TCP needs of the layer below it, and all it may use: the local addresses, packets to fill
 * with IP headers, output, the device's offloads and MTU, and a place to register for the segments
 * addressed to it. The host's {@link IpLayer} implements it; so can a placement where there is no
 * host IP layer (a TOE card's own minimal IP), so that the same TCP engine and socket layer run
 * there unchanged. Addresses are {@code (hi, lo)}: IPv4 as {@code (0, addr & 0xFFFFFFFFL)}.
 *
 * <p>Ownership: {@link #allocatePacket} lends a packet that {@link #output} takes back with its
 * fragments' page references in every outcome.
 */
public interface IpOutput {
    /** The IPv4 address, 0 for none. */
    int ipv4();

    long ipv6Hi();

    long ipv6Lo();

    /** What the device below offloads (the same value while it does not change). */
    DeviceFeatures features();

    /** The largest IP packet the device sends unsegmented. */
    int mtuBytes();

    /**
     * The MTU toward an IPv4 destination: the outgoing route's, or less where path MTU discovery
     * learned less; 0 when there is no route.
     */
    int pathMtuV4(long nowNs, int dst);

    /** The MTU toward an IPv6 destination, as {@link #pathMtuV4}. */
    int pathMtuV6(long nowNs, long dstHi, long dstLo);

    /** Where TCP segments addressed to this host go. */
    void tcpHandler(TcpHandler handler);

    /** A cleared packet, or null when none can be had (counted). */
    TxPacket allocatePacket();

    /** Writes the link and IPv4 headers for {@code l4Length} transport bytes; returns the transport offset. */
    int writeIpv4(TxPacket p, int dst, int protocol, int l4Length);

    /** Writes the link and IPv6 headers; returns the transport offset. */
    int writeIpv6(TxPacket p, long srcHi, long srcLo, long dstHi, long dstLo, int nextHeader, int hopLimit,
                  int l4Length);

    /** Sends a packet whose headers are written. Takes {@code p} and its fragments in every outcome. */
    void output(long nowNs, TxPacket p, boolean v6, long dstHi, long dstLo, int protocol, int srcPort, int dstPort,
                int tcpFlags);

    /** Answers segment {@code f}, which no connection wants, with the RST RFC 9293 prescribes. */
    void resetFor(long nowNs, ParsedFrame f, long payloadBytes);
}
