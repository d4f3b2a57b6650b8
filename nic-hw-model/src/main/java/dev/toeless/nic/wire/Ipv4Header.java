package dev.toeless.nic.wire;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an IPv4 header (RFC 791). Addresses are ints (see {@link Ipv4Address}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |0|D|M|    Fragment Offset      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)          |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4Header extends HeaderFlyweight {
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_OFFSET = 12;
    public static final int DST_OFFSET = 16;
    public static final int OPTIONS_OFFSET = 20;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;

    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    public Ipv4Header wrap(DirectBuffer buffer, int offset, int length) {
        wrapRead(buffer, offset, length);
        return this;
    }

    public int version() {
        return (buffer.getByte(offset) & 0xF0) >>> 4;
    }

    /** Header length in bytes (IHL * 4). */
    public int headerLength() {
        return (buffer.getByte(offset) & 0x0F) << 2;
    }

    public int tos() {
        return buffer.getByte(offset + TOS_OFFSET) & 0xFF;
    }

    public int totalLength() {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, BE) & 0xFFFF;
    }

    public int identification() {
        return buffer.getShort(offset + IDENTIFICATION_OFFSET, BE) & 0xFFFF;
    }

    private int flagsAndFragment() {
        return buffer.getShort(offset + FLAGS_FRAGMENT_OFFSET, BE) & 0xFFFF;
    }

    public boolean dontFragment() {
        return (flagsAndFragment() & FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (flagsAndFragment() & FLAG_MF) != 0;
    }

    /** Offset of this fragment's data in the original datagram, in bytes. */
    public int fragmentOffsetBytes() {
        return (flagsAndFragment() & FRAGMENT_OFFSET_MASK) << 3;
    }

    /** True for any fragment of a fragmented datagram, the first one included. */
    public boolean isFragment() {
        return (flagsAndFragment() & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public int ttl() {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    public int protocol() {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    public int checksum() {
        return buffer.getShort(offset + CHECKSUM_OFFSET, BE) & 0xFFFF;
    }

    public int src() {
        return buffer.getInt(offset + SRC_OFFSET, BE);
    }

    public int dst() {
        return buffer.getInt(offset + DST_OFFSET, BE);
    }

    /**
     * Checks that the options area is a well-formed list: EOL and NOP are single bytes, every
     * other option has a length byte of at least 2 that stays inside the header. Returns OK or
     * {@link ParseStatus#OPTION_OVERRUN}. Call only after the header length has been validated.
     */
    public ParseStatus checkOptions() {
        int at = offset + OPTIONS_OFFSET;
        final int end = offset + headerLength();
        while (at < end) {
            final int kind = buffer.getByte(at) & 0xFF;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                at++;
                continue;
            }
            if (end - at < 2) {
                return ParseStatus.OPTION_OVERRUN;
            }
            final int optionLength = buffer.getByte(at + 1) & 0xFF;
            if (optionLength < 2 || optionLength > end - at) {
                return ParseStatus.OPTION_OVERRUN;
            }
            at += optionLength;
        }
        return ParseStatus.OK;
    }

    /** True when the header checksum verifies over {@link #headerLength()} bytes. */
    public boolean checksumOk() {
        return InternetChecksum.verifies(InternetChecksum.sum(buffer, offset, headerLength(), 0));
    }

    public Ipv4Header versionAndHeaderLength(int headerLengthBytes) {
        out().putByte(offset, (byte) (0x40 | (headerLengthBytes >>> 2)));
        return this;
    }

    public Ipv4Header tos(int tos) {
        out().putByte(offset + TOS_OFFSET, (byte) tos);
        return this;
    }

    public Ipv4Header totalLength(int totalLength) {
        out().putShort(offset + TOTAL_LENGTH_OFFSET, (short) totalLength, BE);
        return this;
    }

    public Ipv4Header identification(int id) {
        out().putShort(offset + IDENTIFICATION_OFFSET, (short) id, BE);
        return this;
    }

    public Ipv4Header flagsAndFragment(boolean dontFragment, boolean moreFragments, int fragmentOffsetBytes) {
        final int v = (dontFragment ? FLAG_DF : 0) | (moreFragments ? FLAG_MF : 0) | ((fragmentOffsetBytes >>> 3) & FRAGMENT_OFFSET_MASK);
        out().putShort(offset + FLAGS_FRAGMENT_OFFSET, (short) v, BE);
        return this;
    }

    public Ipv4Header ttl(int ttl) {
        out().putByte(offset + TTL_OFFSET, (byte) ttl);
        return this;
    }

    public Ipv4Header protocol(int protocol) {
        out().putByte(offset + PROTOCOL_OFFSET, (byte) protocol);
        return this;
    }

    public Ipv4Header checksum(int checksum) {
        out().putShort(offset + CHECKSUM_OFFSET, (short) checksum, BE);
        return this;
    }

    public Ipv4Header src(int address) {
        out().putInt(offset + SRC_OFFSET, address, BE);
        return this;
    }

    public Ipv4Header dst(int address) {
        out().putInt(offset + DST_OFFSET, address, BE);
        return this;
    }

    /**
     * The checksum field of a 20-byte header (no options) with these field values, computed from
     * the values: what {@link #fillChecksum()} writes for that header, without reading back bytes
     * just written (a load over several narrower stores waits for them to retire).
     */
    public static int checksumOf(int tos, int totalLength, int identification, int flagsAndFragment, int ttl,
                                 int protocol, int src, int dst) {
        final long sum = (0x4500 | (tos & 0xFF)) + (totalLength & 0xFFFF) + (identification & 0xFFFF)
            + (flagsAndFragment & 0xFFFF) + ((ttl & 0xFF) << 8 | (protocol & 0xFF))
            + (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF);
        return InternetChecksum.finish(sum);
    }

    /** Zeroes the checksum field, then writes the header checksum over {@link #headerLength()} bytes. */
    public Ipv4Header fillChecksum() {
        checksum(0);
        return checksum(InternetChecksum.checksum(buffer, offset, headerLength()));
    }
}
