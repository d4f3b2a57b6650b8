package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an Ethernet II header with at most one 802.1Q tag.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    destination MAC (6 bytes)                  |
 * +                               +-------------------------------+
 * |                               |                               |
 * +-------------------------------+                               +
 * |                      source MAC (6 bytes)                     |
 * +-------------------------------+-------------------------------+
 * |  EtherType, or TPID 0x8100    | (tagged) PCP|D|   VLAN id     |
 * +-------------------------------+-------------------------------+
 * | (tagged) inner EtherType      |  payload...
 * +-------------------------------+
 * </pre>
 * Untagged header: 14 bytes; tagged: 18. MACs are longs (see {@link MacAddress}).
 */
public final class EthernetHeader extends HeaderFlyweight {
    public static final int DST_OFFSET = 0;
    public static final int SRC_OFFSET = 6;
    public static final int TYPE_OFFSET = 12;
    public static final int VLAN_TCI_OFFSET = 14;
    public static final int INNER_TYPE_OFFSET = 16;
    public static final int HEADER_LENGTH = 14;
    public static final int VLAN_HEADER_LENGTH = 18;
    /** Minimum frame length without FCS; shorter frames are padded by the sender. */
    public static final int MIN_FRAME_LENGTH = 60;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;
    public static final int TYPE_IPV6 = 0x86DD;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    public EthernetHeader wrap(DirectBuffer buffer, int offset, int length) {
        wrapRead(buffer, offset, length);
        return this;
    }

    public long dst() {
        return MacAddress.read(buffer, offset + DST_OFFSET);
    }

    public EthernetHeader dst(long mac) {
        MacAddress.write(out(), offset + DST_OFFSET, mac);
        return this;
    }

    public long src() {
        return MacAddress.read(buffer, offset + SRC_OFFSET);
    }

    public EthernetHeader src(long mac) {
        MacAddress.write(out(), offset + SRC_OFFSET, mac);
        return this;
    }

    /** The first EtherType field: the TPID when tagged. */
    public int outerType() {
        return buffer.getShort(offset + TYPE_OFFSET, BE) & 0xFFFF;
    }

    public boolean hasVlan() {
        return outerType() == TYPE_VLAN;
    }

    /** The tag control information (PCP, DEI, VLAN id); only when {@link #hasVlan()}. */
    public int vlanTci() {
        return buffer.getShort(offset + VLAN_TCI_OFFSET, BE) & 0xFFFF;
    }

    public int vlanId() {
        return vlanTci() & 0x0FFF;
    }

    /** The EtherType of the payload, after the tag if there is one. */
    public int etherType() {
        return hasVlan() ? buffer.getShort(offset + INNER_TYPE_OFFSET, BE) & 0xFFFF : outerType();
    }

    public int headerLength() {
        return hasVlan() ? VLAN_HEADER_LENGTH : HEADER_LENGTH;
    }

    /** Writes an untagged type field. */
    public EthernetHeader etherType(int type) {
        out().putShort(offset + TYPE_OFFSET, (short) type, BE);
        return this;
    }

    /** Writes an 802.1Q tag and the inner type. */
    public EthernetHeader vlan(int tci, int innerType) {
        out().putShort(offset + TYPE_OFFSET, (short) TYPE_VLAN, BE);
        out().putShort(offset + VLAN_TCI_OFFSET, (short) tci, BE);
        out().putShort(offset + INNER_TYPE_OFFSET, (short) innerType, BE);
        return this;
    }
}
