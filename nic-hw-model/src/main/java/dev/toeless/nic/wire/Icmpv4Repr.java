package dev.toeless.nic.wire;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * An ICMPv4 message as a value: type, code, the type-specific second word ({@code rest}) and
 * the data after it (echo payload, or the quoted original packet of an error).
 */
public record Icmpv4Repr(int type, int code, int rest, byte[] data) {
    public Icmpv4Repr {
        data = data == null ? new byte[0] : data;
    }

    public static Icmpv4Repr echoRequest(int identifier, int sequence, byte[] data) {
        return new Icmpv4Repr(IcmpHeader.V4_ECHO_REQUEST, 0, (identifier & 0xFFFF) << 16 | (sequence & 0xFFFF), data);
    }

    public static Icmpv4Repr echoReply(int identifier, int sequence, byte[] data) {
        return new Icmpv4Repr(IcmpHeader.V4_ECHO_REPLY, 0, (identifier & 0xFFFF) << 16 | (sequence & 0xFFFF), data);
    }

    /** Destination unreachable, fragmentation needed, quoting {@code original} (IP header + 8 bytes at least). */
    public static Icmpv4Repr fragmentationNeeded(int nextHopMtu, byte[] original) {
        return new Icmpv4Repr(IcmpHeader.V4_DEST_UNREACHABLE, IcmpHeader.V4_CODE_FRAG_NEEDED, nextHopMtu & 0xFFFF, original);
    }

    public int identifier() {
        return rest >>> 16;
    }

    public int sequence() {
        return rest & 0xFFFF;
    }

    public int nextHopMtu() {
        return rest & 0xFFFF;
    }

    public boolean isError() {
        return type == IcmpHeader.V4_DEST_UNREACHABLE || type == IcmpHeader.V4_TIME_EXCEEDED;
    }

    public int bufferLength() {
        return IcmpHeader.HEADER_LENGTH + data.length;
    }

    /** Validates and reads a message of exactly {@code length} bytes (the IP payload), checksum included. */
    public static Parsed<Icmpv4Repr> parse(DirectBuffer buffer, int offset, int length) {
        if (length < IcmpHeader.HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        if (!InternetChecksum.verifies(InternetChecksum.sum(buffer, offset, length, 0))) {
            return Parsed.error(ParseStatus.BAD_CHECKSUM);
        }
        final IcmpHeader h = new IcmpHeader().wrap(buffer, offset, length);
        final byte[] data = new byte[length - IcmpHeader.HEADER_LENGTH];
        buffer.getBytes(offset + IcmpHeader.HEADER_LENGTH, data);
        return Parsed.ok(new Icmpv4Repr(h.type(), h.code(), h.rest(), data));
    }

    /** Writes the message with its checksum; returns its length. */
    public int emit(MutableDirectBuffer buffer, int offset) {
        final IcmpHeader h = new IcmpHeader().wrap(buffer, offset, bufferLength()).type(type).code(code).checksum(0).rest(rest);
        buffer.putBytes(offset + IcmpHeader.HEADER_LENGTH, data);
        h.checksum(InternetChecksum.checksum(buffer, offset, bufferLength()));
        return bufferLength();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Icmpv4Repr r && type == r.type && code == r.code && rest == r.rest && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return (type * 31 + code) * 31 + rest + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Icmpv4Repr[type " + type + " code " + code + " rest " + Integer.toHexString(rest) + " data " + data.length + "]";
    }
}
