package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an ARP packet for Ethernet and IPv4 (RFC 826), 28 bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Hardware type (1)         |     Protocol type (0x0800)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | HW len (6)    | Proto len (4) |     Operation (1 req, 2 reply)|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  sender MAC (6, offset 8) | sender IPv4 (4, offset 14)        |
 * |  target MAC (6, offset 18) | target IPv4 (4, offset 24)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ArpPacket extends HeaderFlyweight {
    public static final int HTYPE_OFFSET = 0;
    public static final int PTYPE_OFFSET = 2;
    public static final int HLEN_OFFSET = 4;
    public static final int PLEN_OFFSET = 5;
    public static final int OPERATION_OFFSET = 6;
    public static final int SENDER_MAC_OFFSET = 8;
    public static final int SENDER_IP_OFFSET = 14;
    public static final int TARGET_MAC_OFFSET = 18;
    public static final int TARGET_IP_OFFSET = 24;
    public static final int LENGTH = 28;

    public static final int HTYPE_ETHERNET = 1;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    public ArpPacket wrap(DirectBuffer buffer, int offset, int length) {
        wrapRead(buffer, offset, length);
        return this;
    }

    public int hardwareType() {
        return buffer.getShort(offset + HTYPE_OFFSET, BE) & 0xFFFF;
    }

    public int protocolType() {
        return buffer.getShort(offset + PTYPE_OFFSET, BE) & 0xFFFF;
    }

    public int hardwareLength() {
        return buffer.getByte(offset + HLEN_OFFSET) & 0xFF;
    }

    public int protocolLength() {
        return buffer.getByte(offset + PLEN_OFFSET) & 0xFF;
    }

    public int operation() {
        return buffer.getShort(offset + OPERATION_OFFSET, BE) & 0xFFFF;
    }

    public long senderMac() {
        return MacAddress.read(buffer, offset + SENDER_MAC_OFFSET);
    }

    public int senderIp() {
        return buffer.getInt(offset + SENDER_IP_OFFSET, BE);
    }

    public long targetMac() {
        return MacAddress.read(buffer, offset + TARGET_MAC_OFFSET);
    }

    public int targetIp() {
        return buffer.getInt(offset + TARGET_IP_OFFSET, BE);
    }

    /** True for the Ethernet/IPv4 form this model speaks. */
    public boolean isEthernetIpv4() {
        return hardwareType() == HTYPE_ETHERNET && protocolType() == EthernetHeader.TYPE_IPV4
            && hardwareLength() == MacAddress.LENGTH && protocolLength() == 4;
    }

    /** Writes the fixed Ethernet/IPv4 preamble and the given fields. */
    public ArpPacket fill(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
        out().putShort(offset + HTYPE_OFFSET, (short) HTYPE_ETHERNET, BE);
        out().putShort(offset + PTYPE_OFFSET, (short) EthernetHeader.TYPE_IPV4, BE);
        out().putByte(offset + HLEN_OFFSET, (byte) MacAddress.LENGTH);
        out().putByte(offset + PLEN_OFFSET, (byte) 4);
        out().putShort(offset + OPERATION_OFFSET, (short) operation, BE);
        MacAddress.write(out(), offset + SENDER_MAC_OFFSET, senderMac);
        out().putInt(offset + SENDER_IP_OFFSET, senderIp, BE);
        MacAddress.write(out(), offset + TARGET_MAC_OFFSET, targetMac);
        out().putInt(offset + TARGET_IP_OFFSET, targetIp, BE);
        return this;
    }
}
