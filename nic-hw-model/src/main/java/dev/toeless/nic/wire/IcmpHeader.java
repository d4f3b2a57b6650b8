package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an ICMPv4 (RFC 792) or ICMPv6 (RFC 4443) message: both share the first
 * eight bytes' shape, so one view serves both; the type constants say which is which.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | echo: Identifier | Sequence;  v4 frag-needed: unused | MTU;    |
 * | v6 packet too big: MTU (32);  NA: R S O flags, reserved        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | errors: as much of the original IP packet as fits (offset 8)  |
 * | NS / NA: target address (16 bytes), then options (offset 24)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IcmpHeader extends HeaderFlyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int REST_OFFSET = 4;
    public static final int IDENTIFIER_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 6;
    public static final int V4_NEXT_HOP_MTU_OFFSET = 6;
    public static final int V6_MTU_OFFSET = 4;
    /** Where an error message quotes the packet that caused it. */
    public static final int QUOTE_OFFSET = 8;
    public static final int ND_TARGET_OFFSET = 8;
    public static final int ND_OPTIONS_OFFSET = 24;
    public static final int HEADER_LENGTH = 8;

    public static final int V4_ECHO_REPLY = 0;
    public static final int V4_DEST_UNREACHABLE = 3;
    public static final int V4_ECHO_REQUEST = 8;
    public static final int V4_TIME_EXCEEDED = 11;
    /** Code of V4_DEST_UNREACHABLE: fragmentation needed and DF set (RFC 1191). */
    public static final int V4_CODE_FRAG_NEEDED = 4;

    public static final int V6_DEST_UNREACHABLE = 1;
    public static final int V6_PACKET_TOO_BIG = 2;
    public static final int V6_TIME_EXCEEDED = 3;
    public static final int V6_ECHO_REQUEST = 128;
    public static final int V6_ECHO_REPLY = 129;
    public static final int V6_ROUTER_SOLICITATION = 133;
    public static final int V6_ROUTER_ADVERTISEMENT = 134;
    public static final int V6_NEIGHBOR_SOLICITATION = 135;
    public static final int V6_NEIGHBOR_ADVERTISEMENT = 136;

    public static final int ND_FLAG_ROUTER = 0x8000_0000;
    public static final int ND_FLAG_SOLICITED = 0x4000_0000;
    public static final int ND_FLAG_OVERRIDE = 0x2000_0000;
    public static final int ND_OPTION_SOURCE_LL = 1;
    public static final int ND_OPTION_TARGET_LL = 2;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    public IcmpHeader wrap(DirectBuffer buffer, int offset, int length) {
        wrapRead(buffer, offset, length);
        return this;
    }

    public int type() {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    public int code() {
        return buffer.getByte(offset + CODE_OFFSET) & 0xFF;
    }

    public int checksum() {
        return buffer.getShort(offset + CHECKSUM_OFFSET, BE) & 0xFFFF;
    }

    /** The second 32-bit word, whose meaning depends on the type. */
    public int rest() {
        return buffer.getInt(offset + REST_OFFSET, BE);
    }

    public int identifier() {
        return buffer.getShort(offset + IDENTIFIER_OFFSET, BE) & 0xFFFF;
    }

    public int sequence() {
        return buffer.getShort(offset + SEQUENCE_OFFSET, BE) & 0xFFFF;
    }

    /** ICMPv4 fragmentation needed: the next-hop MTU (0 from routers older than RFC 1191). */
    public int v4NextHopMtu() {
        return buffer.getShort(offset + V4_NEXT_HOP_MTU_OFFSET, BE) & 0xFFFF;
    }

    /** ICMPv6 packet too big: the MTU. */
    public long v6Mtu() {
        return buffer.getInt(offset + V6_MTU_OFFSET, BE) & 0xFFFF_FFFFL;
    }

    /** Buffer offset of the quoted original packet in an error message. */
    public int quoteOffset() {
        return offset + QUOTE_OFFSET;
    }

    public IcmpHeader type(int type) {
        out().putByte(offset + TYPE_OFFSET, (byte) type);
        return this;
    }

    public IcmpHeader code(int code) {
        out().putByte(offset + CODE_OFFSET, (byte) code);
        return this;
    }

    public IcmpHeader checksum(int checksum) {
        out().putShort(offset + CHECKSUM_OFFSET, (short) checksum, BE);
        return this;
    }

    public IcmpHeader rest(int word) {
        out().putInt(offset + REST_OFFSET, word, BE);
        return this;
    }
}
