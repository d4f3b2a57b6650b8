package dev.toeless.stack.filter;

/**
 * The fields of one packet the filter looks at, filled by the caller from whatever parser it
 * uses. Mutable and reused: the caller keeps one and sets it per packet, so evaluation allocates
 * nothing. Addresses as in {@link Prefix}: IPv4 in the low 32 bits of {@code lo}. The length is
 * the IP packet's, header included. An ICMP type match needs {@link #icmp}; without it the type
 * is unknown and never matches, negated or not. A port of
 * {@link #NO_PORT} (ICMP, a non-first fragment) never matches a port rule, negated or not.
 */
public final class FilterPacket {
    public static final int NO_PORT = -1;

    int family;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int protocol;
    int srcPort;
    int dstPort;
    int tcpFlags;
    int lengthBytes;
    int icmpType = -1;
    int icmpCode = -1;

    /** Sets an IPv4 packet; ports and flags may be {@link #NO_PORT} and 0 for non-TCP/UDP. */
    public FilterPacket v4(int src, int dst, int protocol, int srcPort, int dstPort, int tcpFlags, int lengthBytes) {
        this.family = 4;
        this.srcHi = 0;
        this.srcLo = src & 0xFFFF_FFFFL;
        this.dstHi = 0;
        this.dstLo = dst & 0xFFFF_FFFFL;
        return l4(protocol, srcPort, dstPort, tcpFlags, lengthBytes);
    }

    /** Sets an IPv6 packet. */
    public FilterPacket v6(long srcHi, long srcLo, long dstHi, long dstLo,
                           int protocol, int srcPort, int dstPort, int tcpFlags, int lengthBytes) {
        this.family = 6;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        return l4(protocol, srcPort, dstPort, tcpFlags, lengthBytes);
    }

    private FilterPacket l4(int protocol, int srcPort, int dstPort, int tcpFlags, int lengthBytes) {
        this.protocol = protocol;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.tcpFlags = tcpFlags & 0xFF;
        this.lengthBytes = lengthBytes;
        this.icmpType = -1;
        this.icmpCode = -1;
        return this;
    }

    /** For an ICMP or ICMPv6 packet, after {@code v4}/{@code v6}: its type and code. */
    public FilterPacket icmp(int type, int code) {
        this.icmpType = type & 0xFF;
        this.icmpCode = code & 0xFF;
        return this;
    }

    public int family() {
        return family;
    }

    public int protocol() {
        return protocol;
    }

    public int lengthBytes() {
        return lengthBytes;
    }
}
