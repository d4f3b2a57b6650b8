package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The per-segment header edits of {@link HeaderTemplate#edit} with both checksums computed
 * incrementally (RFC 1624 style): the words of the header template that are the same in every
 * segment are summed once per super-segment, and each segment adds only the fields it changes
 * (IP length and ID, TCP length, sequence number and flags) plus its payload sum. The bytes
 * written are the same as a full recompute: the ones' complement sum does not depend on grouping.
 *
 * <p>Reused from super-segment to super-segment; holds no buffer.
 */
final class SegmentHeaders {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private int l3;
    private int l4;
    private int headerLength;
    private boolean ipv6;
    private boolean fixedIpId;
    private int firstIpId;
    private int firstSeq;
    private int templateFlags;
    /** IPv4 header words other than total length, ID and checksum. */
    private long ipBase;
    /** Pseudo-header without its length, plus TCP header words other than sequence, flags and checksum. */
    private long tcpBase;

    /** Takes the constant parts of {@code template[0, s.headerLength())}, which {@link HeaderTemplate#validate} accepted. */
    void load(DirectBuffer template, SuperSegment s) {
        l3 = s.l3Offset();
        l4 = s.l4Offset();
        headerLength = s.headerLength();
        ipv6 = s.ipv6();
        fixedIpId = s.fixedIpId();
        firstSeq = template.getInt(l4 + 4, BE);
        templateFlags = template.getByte(l4 + 13) & 0xFF;
        long tcp;
        if (ipv6) {
            ipBase = 0;
            firstIpId = 0;
            tcp = InternetChecksum.pseudoHeaderV6(template, l3 + 8, template, l3 + 24, HeaderTemplate.IP_PROTO_TCP, 0);
        } else {
            firstIpId = template.getShort(l3 + 4, BE) & 0xFFFF;
            long ip = 0;
            for (int at = l3; at < l4; at += 2) {
                if (at != l3 + 2 && at != l3 + 4 && at != l3 + 10) {
                    ip += template.getShort(at, BE) & 0xFFFF;
                }
            }
            ipBase = ip;
            tcp = InternetChecksum.pseudoHeaderV4(template.getInt(l3 + 12, BE), template.getInt(l3 + 16, BE),
                HeaderTemplate.IP_PROTO_TCP, 0);
        }
        for (int at = l4; at < headerLength; at += 2) {
            final int rel = at - l4;
            if (rel == 12) {
                tcp += (template.getByte(at) & 0xFF) << 8; // data offset; flags are per segment
            } else if (rel != 4 && rel != 6 && rel != 16) {
                tcp += template.getShort(at, BE) & 0xFFFF;
            }
        }
        tcpBase = tcp;
    }

    /**
     * Writes the per-segment fields and both checksums into {@code frame}, which holds a copy of the
     * template followed by {@code payloadBytes} of payload whose word sum is {@code payloadSum}.
     */
    void write(MutableDirectBuffer frame, int index, int count, long payloadOffset, int payloadBytes,
               long payloadSum) {
        final int tcpLength = headerLength - l4 + payloadBytes;
        if (ipv6) {
            frame.putShort(l3 + 4, (short) (headerLength - l3 - 40 + payloadBytes), BE);
        } else {
            final int totalLength = (headerLength - l3 + payloadBytes) & 0xFFFF;
            final int id = fixedIpId ? firstIpId : (firstIpId + index) & 0xFFFF;
            frame.putShort(l3 + 2, (short) totalLength, BE);
            frame.putShort(l3 + 4, (short) id, BE);
            frame.putShort(l3 + 10, (short) InternetChecksum.finish(ipBase + totalLength + id), BE);
        }
        final int seq = (int) (firstSeq + payloadOffset);
        int flags = templateFlags;
        if (index > 0) {
            flags &= ~TcpHeader.CWR;
        }
        if (index < count - 1) {
            flags &= ~(TcpHeader.FIN | TcpHeader.PSH);
        }
        frame.putInt(l4 + 4, seq, BE);
        frame.putByte(l4 + 13, (byte) flags);
        final long sum = tcpBase + (tcpLength >>> 16) + (tcpLength & 0xFFFF) + (seq >>> 16) + (seq & 0xFFFF) + flags
            + payloadSum;
        frame.putShort(l4 + 16, (short) InternetChecksum.finish(sum), BE);
    }
}
