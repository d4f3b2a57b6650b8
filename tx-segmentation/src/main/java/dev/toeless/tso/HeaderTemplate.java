package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The per-segment header edits of Linux's {@code inet_gso_segment}/{@code ipv6_gso_segment}
 * and {@code tcp_gso_segment}, applied to a copy of the super-segment's header template:
 * IP length, IPv4 ID, TCP sequence number, flags (CWR on the first segment only; FIN and PSH on
 * the last only), and both checksums over the finished segment.
 *
 * <pre>
 *  IPv4 (from l3):  0 ver/ihl | 2 total length | 4 identification | 9 protocol | 10 checksum | 12 src | 16 dst
 *  IPv6 (from l3):  4 payload length | 6 next header | 8 src (16) | 24 dst (16)
 *  TCP  (from l4):  4 sequence | 12 data offset (high nibble) | 13 flags | 16 checksum
 * </pre>
 */
final class HeaderTemplate {
    static final int IP_PROTO_TCP = 6;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private HeaderTemplate() {
    }

    /** Checks that the template is an IPv4/IPv6 + TCP header the segmenter can edit. */
    static TsoResult validate(DirectBuffer header, int headerLength, SuperSegment s) {
        final int l3 = s.l3Offset();
        final int l4 = s.l4Offset();
        if (l3 < 0 || l4 < l3 + (s.ipv6() ? 40 : 20) || l4 + 20 > headerLength || headerLength > header.capacity()) {
            return TsoResult.BAD_HEADER;
        }
        final int tcpHeaderLength = ((header.getByte(l4 + 12) & 0xF0) >>> 4) * 4;
        if (tcpHeaderLength < 20 || l4 + tcpHeaderLength != headerLength) {
            return TsoResult.BAD_HEADER;
        }
        if (s.ipv6()) {
            if ((header.getByte(l3) & 0xF0) != 0x60) {
                return TsoResult.BAD_HEADER;
            }
        } else {
            final int verIhl = header.getByte(l3) & 0xFF;
            if ((verIhl >>> 4) != 4 || l3 + (verIhl & 0x0F) * 4 != l4) {
                return TsoResult.BAD_HEADER;
            }
            if ((header.getByte(l3 + 9) & 0xFF) != IP_PROTO_TCP) {
                return TsoResult.NOT_TCP;
            }
        }
        if (s.gsoSizeBytes() <= 0) {
            return TsoResult.BAD_GSO_SIZE;
        }
        if (headerLength + s.payloadBytes() > SuperSegment.MAX_BYTES) {
            return TsoResult.TOO_LARGE;
        }
        return TsoResult.OK;
    }

    /**
     * Edits the header at {@code frame[0, headerLength)} for segment {@code index} of
     * {@code count}, carrying {@code payloadBytes} starting {@code payloadOffset} bytes into the
     * super-segment's payload.
     */
    static void edit(MutableDirectBuffer frame, SuperSegment s, int index, int count, long payloadOffset,
                     int payloadBytes) {
        final int l3 = s.l3Offset();
        final int l4 = s.l4Offset();
        final int headerLength = s.headerLength();
        if (s.ipv6()) {
            frame.putShort(l3 + 4, (short) (headerLength - l3 - 40 + payloadBytes), BE);
        } else {
            frame.putShort(l3 + 2, (short) (headerLength - l3 + payloadBytes), BE);
            if (!s.fixedIpId()) {
                final int id = frame.getShort(l3 + 4, BE) & 0xFFFF;
                frame.putShort(l3 + 4, (short) (id + index), BE);
            }
            frame.putShort(l3 + 10, (short) 0);
            final int ipChecksum = InternetChecksum.checksum(frame, l3, l4 - l3);
            frame.putShort(l3 + 10, (short) ipChecksum, BE);
        }
        final int seq = frame.getInt(l4 + 4, BE);
        frame.putInt(l4 + 4, (int) (seq + payloadOffset), BE);
        int flags = frame.getByte(l4 + 13) & 0xFF;
        if (index > 0) {
            flags &= ~TcpHeader.CWR;
        }
        if (index < count - 1) {
            flags &= ~(TcpHeader.FIN | TcpHeader.PSH);
        }
        frame.putByte(l4 + 13, (byte) flags);
    }

    /** The pseudo-header sum for a TCP segment of {@code tcpLength} bytes. */
    static long pseudoHeader(DirectBuffer frame, SuperSegment s, int tcpLength) {
        final int l3 = s.l3Offset();
        if (s.ipv6()) {
            return InternetChecksum.pseudoHeaderV6(frame, l3 + 8, frame, l3 + 24, IP_PROTO_TCP, tcpLength);
        }
        return InternetChecksum.pseudoHeaderV4(frame.getInt(l3 + 12, BE), frame.getInt(l3 + 16, BE), IP_PROTO_TCP,
            tcpLength);
    }
}
