package dev.toeless.stack.driver;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Header edits the driver makes on transmit without TSO: one MSS-sized frame's IP length, IPv4
 * ID and header checksum, TCP sequence number and flags (CWR first only, FIN and PSH last only,
 * as {@code tcp_gso_segment}), and the CHECKSUM_PARTIAL seed (the folded pseudo-header sum) that
 * the NIC's checksum offload completes. Header bytes only; no payload is read.
 *
 * <pre>
 *  IPv4 (from l3):  2 total length | 4 identification | 10 checksum | 12 src | 16 dst
 *  IPv6 (from l3):  4 payload length | 8 src (16) | 24 dst (16)
 *  TCP  (from l4):  4 sequence | 13 flags | 16 checksum
 * </pre>
 */
final class TcpHeaderEdit {
    static final int TCP_CHECKSUM_OFFSET = 16;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private TcpHeaderEdit() {
    }

    /** Edits the header for frame {@code index} of {@code count} carrying {@code bytes} from {@code payloadOffset}. */
    static void segment(MutableDirectBuffer h, int l3, int l4, int headerLength, boolean ipv6, int index, int count,
                        long payloadOffset, int bytes) {
        if (ipv6) {
            h.putShort(l3 + 4, (short) (headerLength - l3 - 40 + bytes), BE);
        } else {
            h.putShort(l3 + 2, (short) (headerLength - l3 + bytes), BE);
            h.putShort(l3 + 4, (short) ((h.getShort(l3 + 4, BE) & 0xFFFF) + index), BE);
            h.putShort(l3 + 10, (short) 0);
            h.putShort(l3 + 10, (short) InternetChecksum.checksum(h, l3, l4 - l3), BE);
        }
        h.putInt(l4 + 4, (int) (h.getInt(l4 + 4, BE) + payloadOffset), BE);
        int flags = h.getByte(l4 + 13) & 0xFF;
        if (index > 0) {
            flags &= ~TcpHeader.CWR;
        }
        if (index < count - 1) {
            flags &= ~(TcpHeader.FIN | TcpHeader.PSH);
        }
        h.putByte(l4 + 13, (byte) flags);
    }

    /** Writes the folded pseudo-header sum into the TCP checksum field (CHECKSUM_PARTIAL). */
    static void seedPartial(MutableDirectBuffer h, int l3, int l4, int headerLength, boolean ipv6, int bytes) {
        h.putShort(l4 + TCP_CHECKSUM_OFFSET, (short) InternetChecksum.fold(pseudo(h, l3, ipv6, headerLength - l4 + bytes)),
            BE);
    }

    static long pseudo(DirectBuffer h, int l3, boolean ipv6, int tcpLength) {
        if (ipv6) {
            return InternetChecksum.pseudoHeaderV6(h, l3 + 8, h, l3 + 24, Ipv4Header.PROTOCOL_TCP, tcpLength);
        }
        return InternetChecksum.pseudoHeaderV4(h.getInt(l3 + 12, BE), h.getInt(l3 + 16, BE), Ipv4Header.PROTOCOL_TCP,
            tcpLength);
    }
}
