package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over a UDP header (RFC 768).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Length (header + data)    |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class UdpHeader extends HeaderFlyweight {
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    public UdpHeader wrap(DirectBuffer buffer, int offset, int length) {
        wrapRead(buffer, offset, length);
        return this;
    }

    public int srcPort() {
        return buffer.getShort(offset + SRC_PORT_OFFSET, BE) & 0xFFFF;
    }

    public int dstPort() {
        return buffer.getShort(offset + DST_PORT_OFFSET, BE) & 0xFFFF;
    }

    public int datagramLength() {
        return buffer.getShort(offset + LENGTH_OFFSET, BE) & 0xFFFF;
    }

    public int checksum() {
        return buffer.getShort(offset + CHECKSUM_OFFSET, BE) & 0xFFFF;
    }

    public UdpHeader srcPort(int port) {
        out().putShort(offset + SRC_PORT_OFFSET, (short) port, BE);
        return this;
    }

    public UdpHeader dstPort(int port) {
        out().putShort(offset + DST_PORT_OFFSET, (short) port, BE);
        return this;
    }

    public UdpHeader datagramLength(int length) {
        out().putShort(offset + LENGTH_OFFSET, (short) length, BE);
        return this;
    }

    public UdpHeader checksum(int checksum) {
        out().putShort(offset + CHECKSUM_OFFSET, (short) checksum, BE);
        return this;
    }
}
