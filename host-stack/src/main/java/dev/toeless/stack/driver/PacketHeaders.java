package dev.toeless.stack.driver;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Where the layers sit in a packet's header bytes (Ethernet with at most one VLAN tag, IPv4 with
 * options or IPv6 with hop-by-hop, routing and destination-options headers, then TCP or UDP):
 * what the driver needs for software checksums and GRO. Reused; {@link #parse} re-reads it.
 * Every offset is checked against the header length.
 */
public final class PacketHeaders {
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private boolean valid;
    private boolean ipv6;
    private int l3Offset;
    private int l4Offset;
    private int l4HeaderLength;
    private int protocol;

    /** Reads {@code header[0, length)}; false (and {@link #valid()} false) when it is not IP + TCP/UDP. */
    public boolean parse(DirectBuffer header, int length) {
        valid = false;
        if (length < 14) {
            return false;
        }
        int l3 = 14;
        int type = header.getShort(12, BE) & 0xFFFF;
        if (type == 0x8100) {
            if (length < 18) {
                return false;
            }
            type = header.getShort(16, BE) & 0xFFFF;
            l3 = 18;
        }
        int l4;
        int proto;
        if (type == 0x0800) {
            if (length < l3 + 20) {
                return false;
            }
            l4 = l3 + ((header.getByte(l3) & 0x0F) << 2);
            proto = header.getByte(l3 + 9) & 0xFF;
            ipv6 = false;
        } else if (type == 0x86DD) {
            if (length < l3 + 40) {
                return false;
            }
            proto = header.getByte(l3 + 6) & 0xFF;
            l4 = l3 + 40;
            for (int hops = 0; (proto == 0 || proto == 43 || proto == 60) && hops < 8; hops++) {
                if (length < l4 + 8) {
                    return false;
                }
                proto = header.getByte(l4) & 0xFF;
                l4 += ((header.getByte(l4 + 1) & 0xFF) + 1) * 8;
            }
            ipv6 = true;
        } else {
            return false;
        }
        final int l4hl;
        if (proto == PROTOCOL_TCP) {
            if (length < l4 + 20) {
                return false;
            }
            l4hl = ((header.getByte(l4 + 12) & 0xF0) >>> 4) * 4;
        } else if (proto == PROTOCOL_UDP) {
            l4hl = 8;
        } else {
            return false;
        }
        if (l4hl < 8 || l4 + l4hl != length) {
            return false;
        }
        l3Offset = l3;
        l4Offset = l4;
        l4HeaderLength = l4hl;
        protocol = proto;
        valid = true;
        return true;
    }

    public boolean valid() {
        return valid;
    }

    public boolean ipv6() {
        return ipv6;
    }

    public int l3Offset() {
        return l3Offset;
    }

    public int l4Offset() {
        return l4Offset;
    }

    public int l4HeaderLength() {
        return l4HeaderLength;
    }

    public int protocol() {
        return protocol;
    }

    public boolean isTcp() {
        return valid && protocol == PROTOCOL_TCP;
    }
}
