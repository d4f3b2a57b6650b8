package dev.toeless.stack.ip;

import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.stack.netdev.RxPacket;

/** What the IP layer hands to TCP. Addresses are {@code (hi, lo)}: IPv4 as {@code (0, addr & 0xFFFFFFFFL)}. */
public interface TcpHandler {
    /**
     * A TCP segment for this host that passed the filter and its checksum. Takes the page
     * references of the packet's fragments; the packet and frame are borrowed for the call.
     */
    void onTcp(long nowNs, RxPacket packet, ParsedFrame frame);

    /** A smaller path MTU for the connection named by the quoted segment of an ICMP error. */
    void onPathMtu(long nowNs, boolean ipv6, long localHi, long localLo, int localPort,
                   long remoteHi, long remoteLo, int remotePort, int mtuBytes);
}
