package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** A UDP header as a value; {@link #emit} writes a zero checksum (see {@link TransportChecksum}). */
public record UdpRepr(int srcPort, int dstPort, int payloadLength) {
    public UdpRepr {
        if ((srcPort & ~0xFFFF) != 0 || (dstPort & ~0xFFFF) != 0 || payloadLength < 0
            || payloadLength > 0xFFFF - UdpHeader.HEADER_LENGTH) {
            throw new IllegalArgumentException("port or length out of range");
        }
    }

    public int bufferLength() {
        return UdpHeader.HEADER_LENGTH;
    }

    /** Validates and reads a UDP header; the length field must fit in {@code length}. */
    public static Parsed<UdpRepr> parse(DirectBuffer buffer, int offset, int length) {
        if (length < UdpHeader.HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final UdpHeader h = new UdpHeader().wrap(buffer, offset, length);
        final int datagram = h.datagramLength();
        if (datagram < UdpHeader.HEADER_LENGTH) {
            return Parsed.error(ParseStatus.BAD_LENGTH);
        }
        if (datagram > length) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        return Parsed.ok(new UdpRepr(h.srcPort(), h.dstPort(), datagram - UdpHeader.HEADER_LENGTH));
    }

    public int emit(MutableDirectBuffer buffer, int offset) {
        new UdpHeader().wrap(buffer, offset, UdpHeader.HEADER_LENGTH).srcPort(srcPort).dstPort(dstPort)
            .datagramLength(UdpHeader.HEADER_LENGTH + payloadLength).checksum(0);
        return UdpHeader.HEADER_LENGTH;
    }
}
