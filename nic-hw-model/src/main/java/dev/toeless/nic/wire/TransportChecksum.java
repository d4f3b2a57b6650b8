package dev.toeless.nic.wire;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Pseudo-header checksums for TCP, UDP and ICMPv6 (and plain ICMPv4), verified and filled in
 * place: the IP header supplies the addresses, {@code l4Offset}/{@code l4Length} the covered
 * bytes. The transport bytes are summed through {@link InternetChecksum}; host code that must
 * count payload touches sums the payload through CpuTouch and adds it with
 * {@link #pseudoHeaderSum} instead.
 */
public final class TransportChecksum {
    private TransportChecksum() {
    }

    /** Where the checksum field sits in a transport header of this protocol, or -1 if it has none. */
    public static int checksumFieldOffset(int protocol) {
        return switch (protocol) {
            case Ipv4Header.PROTOCOL_TCP -> TcpHeader.CHECKSUM_OFFSET;
            case Ipv4Header.PROTOCOL_UDP -> UdpHeader.CHECKSUM_OFFSET;
            case Ipv4Header.PROTOCOL_ICMP, Ipv6Header.NEXT_ICMPV6 -> IcmpHeader.CHECKSUM_OFFSET;
            default -> -1;
        };
    }

    /** Sum of the 16-bit words of an IPv6 address held as two longs. */
    public static long sumAddress(long high, long low) {
        return sum64(high) + sum64(low);
    }

    private static long sum64(long v) {
        return (v >>> 48) + ((v >>> 32) & 0xFFFF) + ((v >>> 16) & 0xFFFF) + (v & 0xFFFF);
    }

    public static long pseudoHeaderV6(long srcHigh, long srcLow, long dstHigh, long dstLow, int nextHeader, long length) {
        return sumAddress(srcHigh, srcLow) + sumAddress(dstHigh, dstLow) + (length >>> 16) + (length & 0xFFFF)
            + (nextHeader & 0xFF);
    }

    /**
     * The unfolded pseudo-header sum for a transport segment under the IP header at
     * {@code l3Offset} ({@code ipv6} says which). ICMPv4 has no pseudo-header: 0.
     */
    public static long pseudoHeaderSum(DirectBuffer buffer, int l3Offset, boolean ipv6, int protocol, int l4Length) {
        if (ipv6) {
            final int s = l3Offset + Ipv6Header.SRC_OFFSET;
            final int d = l3Offset + Ipv6Header.DST_OFFSET;
            return InternetChecksum.pseudoHeaderV6(buffer, s, buffer, d, protocol, l4Length);
        }
        if (protocol == Ipv4Header.PROTOCOL_ICMP) {
            return 0;
        }
        final int src = buffer.getInt(l3Offset + Ipv4Header.SRC_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
        final int dst = buffer.getInt(l3Offset + Ipv4Header.DST_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
        return InternetChecksum.pseudoHeaderV4(src, dst, protocol, l4Length);
    }

    /**
     * True when the transport checksum verifies. A UDP-over-IPv4 checksum of zero means "none"
     * and passes (RFC 768); over IPv6 it is an error (RFC 8200 section 8.1).
     */
    public static boolean verify(DirectBuffer buffer, int l3Offset, boolean ipv6, int protocol, int l4Offset, int l4Length) {
        if (protocol == Ipv4Header.PROTOCOL_UDP && l4Length >= UdpHeader.HEADER_LENGTH
            && buffer.getShort(l4Offset + UdpHeader.CHECKSUM_OFFSET) == 0) {
            return !ipv6;
        }
        final long pseudo = pseudoHeaderSum(buffer, l3Offset, ipv6, protocol, l4Length);
        return InternetChecksum.verifies(InternetChecksum.sum(buffer, l4Offset, l4Length, pseudo));
    }

    /** Computes and writes the transport checksum (UDP's 0 is sent as 0xFFFF). */
    public static void fill(MutableDirectBuffer buffer, int l3Offset, boolean ipv6, int protocol, int l4Offset, int l4Length) {
        final int field = checksumFieldOffset(protocol);
        if (field < 0) {
            throw new IllegalArgumentException("protocol " + protocol + " has no checksum this model fills");
        }
        buffer.putShort(l4Offset + field, (short) 0);
        final long pseudo = pseudoHeaderSum(buffer, l3Offset, ipv6, protocol, l4Length);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(buffer, l4Offset, l4Length, pseudo));
        if (checksum == 0 && protocol == Ipv4Header.PROTOCOL_UDP) {
            checksum = 0xFFFF;
        }
        buffer.putShort(l4Offset + field, (short) checksum, java.nio.ByteOrder.BIG_ENDIAN);
    }
}
