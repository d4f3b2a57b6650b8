package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An Ethernet II header as a value: MACs as longs, {@code vlanTci} {@link #NO_VLAN} when untagged.
 */
public record EthernetRepr(long dst, long src, int vlanTci, int etherType) {
    public static final int NO_VLAN = -1;

    public EthernetRepr {
        if (vlanTci != NO_VLAN && (vlanTci & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("VLAN TCI out of range: " + vlanTci);
        }
        if ((etherType & ~0xFFFF) != 0 || etherType == EthernetHeader.TYPE_VLAN) {
            throw new IllegalArgumentException("bad EtherType: " + etherType);
        }
    }

    public static EthernetRepr of(long dst, long src, int etherType) {
        return new EthernetRepr(dst, src, NO_VLAN, etherType);
    }

    public boolean hasVlan() {
        return vlanTci != NO_VLAN;
    }

    public static Parsed<EthernetRepr> parse(DirectBuffer buffer, int offset, int length) {
        if (length < EthernetHeader.HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final EthernetHeader h = new EthernetHeader().wrap(buffer, offset, length);
        if (h.hasVlan()) {
            if (length < EthernetHeader.VLAN_HEADER_LENGTH) {
                return Parsed.error(ParseStatus.TRUNCATED);
            }
            if (h.etherType() == EthernetHeader.TYPE_VLAN) {
                return Parsed.error(ParseStatus.UNKNOWN_ETHERTYPE);
            }
            return Parsed.ok(new EthernetRepr(h.dst(), h.src(), h.vlanTci(), h.etherType()));
        }
        return Parsed.ok(new EthernetRepr(h.dst(), h.src(), NO_VLAN, h.etherType()));
    }

    public int bufferLength() {
        return hasVlan() ? EthernetHeader.VLAN_HEADER_LENGTH : EthernetHeader.HEADER_LENGTH;
    }

    /** Writes the header; returns its length. */
    public int emit(MutableDirectBuffer buffer, int offset) {
        final EthernetHeader h = new EthernetHeader().wrap(buffer, offset, bufferLength());
        h.dst(dst).src(src);
        if (hasVlan()) {
            h.vlan(vlanTci, etherType);
        } else {
            h.etherType(etherType);
        }
        return bufferLength();
    }

    @Override
    public String toString() {
        return "EthernetRepr[" + MacAddress.toString(src) + " > " + MacAddress.toString(dst)
            + (hasVlan() ? " vlan " + (vlanTci & 0x0FFF) : "") + String.format(" type %04x]", etherType);
    }
}
