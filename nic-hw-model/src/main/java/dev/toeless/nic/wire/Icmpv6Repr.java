package dev.toeless.nic.wire;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * An ICMPv6 message as a value. {@code rest} is the type-specific second word (echo id/seq,
 * packet-too-big MTU, NA flags). For neighbour solicitation/advertisement {@code target} is the
 * target address and {@code linkLayerAddress} the source (NS) or target (NA) link-layer address
 * option, {@link #NO_LINK_LAYER} when absent; {@code data} is then empty. For other types
 * {@code target} is null and {@code data} holds what follows the first eight bytes.
 */
public record Icmpv6Repr(int type, int code, int rest, Ipv6Address target, long linkLayerAddress, byte[] data) {
    public static final long NO_LINK_LAYER = -1;

    public Icmpv6Repr {
        data = data == null ? new byte[0] : data;
        if (isNeighbor(type) && (target == null || data.length != 0)) {
            throw new IllegalArgumentException("NS/NA carry a target and no data");
        }
    }

    public static Icmpv6Repr echoRequest(int identifier, int sequence, byte[] data) {
        return new Icmpv6Repr(IcmpHeader.V6_ECHO_REQUEST, 0, (identifier & 0xFFFF) << 16 | (sequence & 0xFFFF), null,
            NO_LINK_LAYER, data);
    }

    public static Icmpv6Repr echoReply(int identifier, int sequence, byte[] data) {
        return new Icmpv6Repr(IcmpHeader.V6_ECHO_REPLY, 0, (identifier & 0xFFFF) << 16 | (sequence & 0xFFFF), null,
            NO_LINK_LAYER, data);
    }

    public static Icmpv6Repr packetTooBig(int mtu, byte[] original) {
        return new Icmpv6Repr(IcmpHeader.V6_PACKET_TOO_BIG, 0, mtu, null, NO_LINK_LAYER, original);
    }

    public static Icmpv6Repr neighborSolicitation(Ipv6Address target, long sourceMac) {
        return new Icmpv6Repr(IcmpHeader.V6_NEIGHBOR_SOLICITATION, 0, 0, target, sourceMac, null);
    }

    public static Icmpv6Repr neighborAdvertisement(Ipv6Address target, long targetMac, boolean router,
                                                   boolean solicited, boolean override) {
        final int flags = (router ? IcmpHeader.ND_FLAG_ROUTER : 0) | (solicited ? IcmpHeader.ND_FLAG_SOLICITED : 0)
            | (override ? IcmpHeader.ND_FLAG_OVERRIDE : 0);
        return new Icmpv6Repr(IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT, 0, flags, target, targetMac, null);
    }

    static boolean isNeighbor(int type) {
        return type == IcmpHeader.V6_NEIGHBOR_SOLICITATION || type == IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT;
    }

    public int identifier() {
        return rest >>> 16;
    }

    public int sequence() {
        return rest & 0xFFFF;
    }

    public long mtu() {
        return rest & 0xFFFF_FFFFL;
    }

    public boolean isError() {
        return type < 128;
    }

    public int bufferLength() {
        if (isNeighbor(type)) {
            return IcmpHeader.ND_OPTIONS_OFFSET + (linkLayerAddress == NO_LINK_LAYER ? 0 : 8);
        }
        return IcmpHeader.HEADER_LENGTH + data.length;
    }

    /**
     * Validates and reads a message of exactly {@code length} bytes, verifying the checksum
     * with the pseudo-header of {@code src} and {@code dst}. NS/NA must carry hop limit 255 in
     * their IP header (RFC 4861); that check is the caller's, who has the IP header.
     */
    public static Parsed<Icmpv6Repr> parse(DirectBuffer buffer, int offset, int length, Ipv6Address src, Ipv6Address dst) {
        if (length < IcmpHeader.HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final long pseudo = TransportChecksum.pseudoHeaderV6(src.high(), src.low(), dst.high(), dst.low(),
            Ipv6Header.NEXT_ICMPV6, length);
        if (!InternetChecksum.verifies(InternetChecksum.sum(buffer, offset, length, pseudo))) {
            return Parsed.error(ParseStatus.BAD_CHECKSUM);
        }
        final IcmpHeader h = new IcmpHeader().wrap(buffer, offset, length);
        if (isNeighbor(h.type())) {
            return parseNeighbor(buffer, offset, length, h);
        }
        final byte[] data = new byte[length - IcmpHeader.HEADER_LENGTH];
        buffer.getBytes(offset + IcmpHeader.HEADER_LENGTH, data);
        return Parsed.ok(new Icmpv6Repr(h.type(), h.code(), h.rest(), null, NO_LINK_LAYER, data));
    }

    private static Parsed<Icmpv6Repr> parseNeighbor(DirectBuffer buffer, int offset, int length, IcmpHeader h) {
        if (length < IcmpHeader.ND_OPTIONS_OFFSET) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        if (h.code() != 0) {
            return Parsed.error(ParseStatus.BAD_FIELD);
        }
        final int wanted = h.type() == IcmpHeader.V6_NEIGHBOR_SOLICITATION
            ? IcmpHeader.ND_OPTION_SOURCE_LL : IcmpHeader.ND_OPTION_TARGET_LL;
        long mac = NO_LINK_LAYER;
        int at = offset + IcmpHeader.ND_OPTIONS_OFFSET;
        final int end = offset + length;
        while (at < end) {
            if (end - at < 2) {
                return Parsed.error(ParseStatus.OPTION_OVERRUN);
            }
            final int optionType = buffer.getByte(at) & 0xFF;
            final int optionBytes = (buffer.getByte(at + 1) & 0xFF) << 3;
            if (optionBytes == 0) {
                return Parsed.error(ParseStatus.BAD_FIELD);
            }
            if (optionBytes > end - at) {
                return Parsed.error(ParseStatus.OPTION_OVERRUN);
            }
            if (optionType == wanted && optionBytes == 8) {
                mac = MacAddress.read(buffer, at + 2);
            }
            at += optionBytes;
        }
        final int flags = h.type() == IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT ? h.rest() & 0xE000_0000 : 0;
        return Parsed.ok(new Icmpv6Repr(h.type(), 0, flags, Ipv6Address.read(buffer, offset + IcmpHeader.ND_TARGET_OFFSET),
            mac, null));
    }

    /** Writes the message with its checksum over the pseudo-header of {@code src}/{@code dst}. */
    public int emit(MutableDirectBuffer buffer, int offset, Ipv6Address src, Ipv6Address dst) {
        final int length = bufferLength();
        final IcmpHeader h = new IcmpHeader().wrap(buffer, offset, length).type(type).code(code).checksum(0).rest(rest);
        if (isNeighbor(type)) {
            target.write(buffer, offset + IcmpHeader.ND_TARGET_OFFSET);
            if (linkLayerAddress != NO_LINK_LAYER) {
                final int at = offset + IcmpHeader.ND_OPTIONS_OFFSET;
                buffer.putByte(at, (byte) (type == IcmpHeader.V6_NEIGHBOR_SOLICITATION
                    ? IcmpHeader.ND_OPTION_SOURCE_LL : IcmpHeader.ND_OPTION_TARGET_LL));
                buffer.putByte(at + 1, (byte) 1);
                MacAddress.write(buffer, at + 2, linkLayerAddress);
            }
        } else {
            buffer.putBytes(offset + IcmpHeader.HEADER_LENGTH, data);
        }
        final long pseudo = TransportChecksum.pseudoHeaderV6(src.high(), src.low(), dst.high(), dst.low(),
            Ipv6Header.NEXT_ICMPV6, length);
        h.checksum(InternetChecksum.finish(InternetChecksum.sum(buffer, offset, length, pseudo)));
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Icmpv6Repr r && type == r.type && code == r.code && rest == r.rest
            && java.util.Objects.equals(target, r.target) && linkLayerAddress == r.linkLayerAddress
            && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return (type * 31 + code) * 31 + rest + Arrays.hashCode(data) + Long.hashCode(linkLayerAddress);
    }

    @Override
    public String toString() {
        return "Icmpv6Repr[type " + type + " code " + code + " rest " + Integer.toHexString(rest) + " target " + target
            + " ll " + (linkLayerAddress == NO_LINK_LAYER ? "-" : MacAddress.toString(linkLayerAddress))
            + " data " + data.length + "]";
    }
}
