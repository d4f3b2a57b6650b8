package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over a TCP header (RFC 9293). Sequence numbers are returned as unsigned values in
 * a long; options are decoded by {@link TcpOptionsView}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (data offset > 5)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpHeader extends HeaderFlyweight {
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int SEQ_OFFSET = 4;
    public static final int ACK_OFFSET = 8;
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int URGENT_OFFSET = 18;
    public static final int OPTIONS_OFFSET = 20;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    /** The flag bits, FIN (bit 0) to CWR (bit 7). */
    public static final int FLAG_BITS = 8;
    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    /** The name of flag bit {@code bit} (0 = FIN .. 7 = CWR). */
    public static String flagName(int bit) {
        return FLAG_NAMES[bit];
    }

    /** The flag bit named {@code name} (FIN .. CWR), or -1. */
    public static int flagBit(String name) {
        for (int bit = 0; bit < FLAG_BITS; bit++) {
            if (FLAG_NAMES[bit].equals(name)) {
                return bit;
            }
        }
        return -1;
    }

    public TcpHeader wrap(DirectBuffer buffer, int offset, int length) {
        wrapRead(buffer, offset, length);
        return this;
    }

    public int srcPort() {
        return buffer.getShort(offset + SRC_PORT_OFFSET, BE) & 0xFFFF;
    }

    public int dstPort() {
        return buffer.getShort(offset + DST_PORT_OFFSET, BE) & 0xFFFF;
    }

    public long seq() {
        return buffer.getInt(offset + SEQ_OFFSET, BE) & 0xFFFF_FFFFL;
    }

    public long ack() {
        return buffer.getInt(offset + ACK_OFFSET, BE) & 0xFFFF_FFFFL;
    }

    /** Header length in bytes (data offset * 4). */
    public int headerLength() {
        return (buffer.getByte(offset + DATA_OFFSET_OFFSET) & 0xF0) >>> 2;
    }

    /** The eight flag bits (CWR..FIN). */
    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    public boolean hasFlags(int mask) {
        return (flags() & mask) == mask;
    }

    public int window() {
        return buffer.getShort(offset + WINDOW_OFFSET, BE) & 0xFFFF;
    }

    public int checksum() {
        return buffer.getShort(offset + CHECKSUM_OFFSET, BE) & 0xFFFF;
    }

    public int urgentPointer() {
        return buffer.getShort(offset + URGENT_OFFSET, BE) & 0xFFFF;
    }

    public TcpHeader srcPort(int port) {
        out().putShort(offset + SRC_PORT_OFFSET, (short) port, BE);
        return this;
    }

    public TcpHeader dstPort(int port) {
        out().putShort(offset + DST_PORT_OFFSET, (short) port, BE);
        return this;
    }

    public TcpHeader seq(long seq) {
        out().putInt(offset + SEQ_OFFSET, (int) seq, BE);
        return this;
    }

    public TcpHeader ack(long ack) {
        out().putInt(offset + ACK_OFFSET, (int) ack, BE);
        return this;
    }

    public TcpHeader headerLength(int bytes) {
        out().putByte(offset + DATA_OFFSET_OFFSET, (byte) ((bytes >>> 2) << 4));
        return this;
    }

    public TcpHeader flags(int flags) {
        out().putByte(offset + FLAGS_OFFSET, (byte) flags);
        return this;
    }

    public TcpHeader window(int window) {
        out().putShort(offset + WINDOW_OFFSET, (short) window, BE);
        return this;
    }

    public TcpHeader checksum(int checksum) {
        out().putShort(offset + CHECKSUM_OFFSET, (short) checksum, BE);
        return this;
    }

    public TcpHeader urgentPointer(int pointer) {
        out().putShort(offset + URGENT_OFFSET, (short) pointer, BE);
        return this;
    }
}
