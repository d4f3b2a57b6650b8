package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The fixed IPv6 header as a value. {@code nextHeader} is the header field itself; emitted
 * without extension headers, so for an emitted packet it is the upper-layer protocol.
 */
public record Ipv6Repr(Ipv6Address src, Ipv6Address dst, int nextHeader, int hopLimit, int trafficClass,
                       int flowLabel, int payloadLength) {
    public Ipv6Repr {
        if (payloadLength < 0 || payloadLength > 0xFFFF) {
            throw new IllegalArgumentException("bad payload length " + payloadLength);
        }
    }

    public static Ipv6Repr of(Ipv6Address src, Ipv6Address dst, int nextHeader, int payloadLength) {
        return new Ipv6Repr(src, dst, nextHeader, 64, 0, 0, payloadLength);
    }

    public int bufferLength() {
        return Ipv6Header.HEADER_LENGTH;
    }

    /**
     * Validates and reads the fixed header: version 6 and a payload length that fits the
     * buffer (bytes beyond it, such as link padding, are ignored). Jumbograms are refused.
     */
    public static Parsed<Ipv6Repr> parse(DirectBuffer buffer, int offset, int length) {
        if (length < Ipv6Header.HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final Ipv6Header h = new Ipv6Header().wrap(buffer, offset, length);
        if (h.version() != 6) {
            return Parsed.error(ParseStatus.BAD_IP_VERSION);
        }
        if (h.payloadLength() > length - Ipv6Header.HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        return Parsed.ok(new Ipv6Repr(h.src(), h.dst(), h.nextHeader(), h.hopLimit(), h.trafficClass(),
            h.flowLabel(), h.payloadLength()));
    }

    /** Writes the header; returns its length. */
    public int emit(MutableDirectBuffer buffer, int offset) {
        new Ipv6Header().wrap(buffer, offset, Ipv6Header.HEADER_LENGTH)
            .versionClassFlow(trafficClass, flowLabel).payloadLength(payloadLength).nextHeader(nextHeader)
            .hopLimit(hopLimit).src(src.high(), src.low()).dst(dst.high(), dst.low());
        return Ipv6Header.HEADER_LENGTH;
    }
}
