package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * An IPv4 header as a value. {@code options} holds the raw option bytes, a multiple of 4 long
 * (empty for none); {@code payloadLength} is total length minus header length.
 */
public record Ipv4Repr(int src, int dst, int protocol, int ttl, int tos, int identification,
                       boolean dontFragment, boolean moreFragments, int fragmentOffsetBytes,
                       byte[] options, int payloadLength) {
    private static final byte[] NO_OPTIONS = new byte[0];

    public Ipv4Repr {
        options = options == null ? NO_OPTIONS : options;
        if ((options.length & 3) != 0 || options.length > 40) {
            throw new IllegalArgumentException("IPv4 options must be a multiple of 4, at most 40 bytes");
        }
        if ((fragmentOffsetBytes & 7) != 0 || fragmentOffsetBytes < 0 || fragmentOffsetBytes > 0xFFF8) {
            throw new IllegalArgumentException("bad fragment offset " + fragmentOffsetBytes);
        }
        if (payloadLength < 0 || payloadLength + Ipv4Header.MIN_HEADER_LENGTH + options.length > 0xFFFF) {
            throw new IllegalArgumentException("bad payload length " + payloadLength);
        }
    }

    /** A plain unfragmented datagram with DF set, TTL 64, no options. */
    public static Ipv4Repr of(int src, int dst, int protocol, int payloadLength) {
        return new Ipv4Repr(src, dst, protocol, 64, 0, 0, true, false, 0, NO_OPTIONS, payloadLength);
    }

    public boolean isFragment() {
        return moreFragments || fragmentOffsetBytes != 0;
    }

    public int headerLength() {
        return Ipv4Header.MIN_HEADER_LENGTH + options.length;
    }

    public int bufferLength() {
        return headerLength();
    }

    /**
     * Validates and reads an IPv4 header: version, IHL, total length against the buffer, and the
     * header checksum. Bytes after {@code totalLength} (link padding) are ignored.
     */
    public static Parsed<Ipv4Repr> parse(DirectBuffer buffer, int offset, int length) {
        if (length < Ipv4Header.MIN_HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final Ipv4Header h = new Ipv4Header().wrap(buffer, offset, length);
        final ParseStatus status = check(h, length);
        if (status != ParseStatus.OK) {
            return Parsed.error(status);
        }
        final int hl = h.headerLength();
        final byte[] options = new byte[hl - Ipv4Header.MIN_HEADER_LENGTH];
        buffer.getBytes(offset + Ipv4Header.OPTIONS_OFFSET, options);
        return Parsed.ok(new Ipv4Repr(h.src(), h.dst(), h.protocol(), h.ttl(), h.tos(), h.identification(),
            h.dontFragment(), h.moreFragments(), h.fragmentOffsetBytes(), options, h.totalLength() - hl));
    }

    /** The checks of {@link #parse}; {@code length} is at least 20. */
    static ParseStatus check(Ipv4Header h, int length) {
        if (h.version() != 4) {
            return ParseStatus.BAD_IP_VERSION;
        }
        final int hl = h.headerLength();
        if (hl < Ipv4Header.MIN_HEADER_LENGTH) {
            return ParseStatus.BAD_IHL;
        }
        if (hl > length) {
            return ParseStatus.TRUNCATED;
        }
        final int total = h.totalLength();
        if (total < hl) {
            return ParseStatus.BAD_LENGTH;
        }
        if (total > length) {
            return ParseStatus.TRUNCATED;
        }
        if (!h.checksumOk()) {
            return ParseStatus.BAD_IP_CHECKSUM;
        }
        return hl > Ipv4Header.MIN_HEADER_LENGTH ? h.checkOptions() : ParseStatus.OK;
    }

    /** Writes the header with its checksum; returns its length. The payload is the caller's. */
    public int emit(MutableDirectBuffer buffer, int offset) {
        final Ipv4Header h = new Ipv4Header().wrap(buffer, offset, headerLength());
        h.versionAndHeaderLength(headerLength()).tos(tos).totalLength(headerLength() + payloadLength)
            .identification(identification).flagsAndFragment(dontFragment, moreFragments, fragmentOffsetBytes)
            .ttl(ttl).protocol(protocol).src(src).dst(dst);
        buffer.putBytes(offset + Ipv4Header.OPTIONS_OFFSET, options);
        h.fillChecksum();
        return headerLength();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Repr r && src == r.src && dst == r.dst && protocol == r.protocol && ttl == r.ttl
            && tos == r.tos && identification == r.identification && dontFragment == r.dontFragment
            && moreFragments == r.moreFragments && fragmentOffsetBytes == r.fragmentOffsetBytes
            && Arrays.equals(options, r.options) && payloadLength == r.payloadLength;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * src + dst) + Arrays.hashCode(options) + payloadLength;
    }

    @Override
    public String toString() {
        return "Ipv4Repr[" + Ipv4Address.toString(src) + " > " + Ipv4Address.toString(dst) + " proto " + protocol
            + " ttl " + ttl + " id " + identification + (dontFragment ? " DF" : "") + (moreFragments ? " MF" : "")
            + " frag " + fragmentOffsetBytes + " options " + options.length + " payload " + payloadLength + "]";
    }
}
