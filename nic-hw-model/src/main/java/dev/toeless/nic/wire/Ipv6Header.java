package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200). Addresses are read as two longs each
 * (see {@link Ipv6Address}) so the hot path does not allocate.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Source Address (16 bytes, offset 8)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Destination Address (16 bytes, offset 24)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Extension headers follow; {@link Ipv6Extensions} walks them.
 */
public final class Ipv6Header extends HeaderFlyweight {
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SRC_OFFSET = 8;
    public static final int DST_OFFSET = 24;
    public static final int HEADER_LENGTH = 40;

    public static final int NEXT_HOP_BY_HOP = 0;
    public static final int NEXT_TCP = 6;
    public static final int NEXT_UDP = 17;
    public static final int NEXT_ROUTING = 43;
    public static final int NEXT_FRAGMENT = 44;
    public static final int NEXT_ESP = 50;
    public static final int NEXT_AUTH = 51;
    public static final int NEXT_ICMPV6 = 58;
    public static final int NEXT_NONE = 59;
    public static final int NEXT_DEST_OPTIONS = 60;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    public Ipv6Header wrap(DirectBuffer buffer, int offset, int length) {
        wrapRead(buffer, offset, length);
        return this;
    }

    private int firstWord() {
        return buffer.getInt(offset, BE);
    }

    public int version() {
        return firstWord() >>> 28;
    }

    public int trafficClass() {
        return (firstWord() >>> 20) & 0xFF;
    }

    public int flowLabel() {
        return firstWord() & 0xF_FFFF;
    }

    public int payloadLength() {
        return buffer.getShort(offset + PAYLOAD_LENGTH_OFFSET, BE) & 0xFFFF;
    }

    public int nextHeader() {
        return buffer.getByte(offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    public int hopLimit() {
        return buffer.getByte(offset + HOP_LIMIT_OFFSET) & 0xFF;
    }

    public long srcHigh() {
        return buffer.getLong(offset + SRC_OFFSET, BE);
    }

    public long srcLow() {
        return buffer.getLong(offset + SRC_OFFSET + 8, BE);
    }

    public long dstHigh() {
        return buffer.getLong(offset + DST_OFFSET, BE);
    }

    public long dstLow() {
        return buffer.getLong(offset + DST_OFFSET + 8, BE);
    }

    /** Allocates; control paths only. */
    public Ipv6Address src() {
        return new Ipv6Address(srcHigh(), srcLow());
    }

    /** Allocates; control paths only. */
    public Ipv6Address dst() {
        return new Ipv6Address(dstHigh(), dstLow());
    }

    public Ipv6Header versionClassFlow(int trafficClass, int flowLabel) {
        out().putInt(offset, (6 << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xF_FFFF), BE);
        return this;
    }

    public Ipv6Header payloadLength(int length) {
        out().putShort(offset + PAYLOAD_LENGTH_OFFSET, (short) length, BE);
        return this;
    }

    public Ipv6Header nextHeader(int next) {
        out().putByte(offset + NEXT_HEADER_OFFSET, (byte) next);
        return this;
    }

    public Ipv6Header hopLimit(int hopLimit) {
        out().putByte(offset + HOP_LIMIT_OFFSET, (byte) hopLimit);
        return this;
    }

    public Ipv6Header src(long high, long low) {
        out().putLong(offset + SRC_OFFSET, high, BE);
        out().putLong(offset + SRC_OFFSET + 8, low, BE);
        return this;
    }

    public Ipv6Header dst(long high, long low) {
        out().putLong(offset + DST_OFFSET, high, BE);
        out().putLong(offset + DST_OFFSET + 8, low, BE);
        return this;
    }
}
