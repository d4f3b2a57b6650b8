package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * MAC addresses are carried as a {@code long} holding the 48 bits in its low bits, first octet
 * most significant ({@code 02:00:00:00:00:01} is {@code 0x0200_0000_0001L}). These helpers read,
 * write and print them.
 */
public final class MacAddress {
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    public static final int LENGTH = 6;

    private MacAddress() {
    }

    public static long read(DirectBuffer buffer, int offset) {
        return ((buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) << 16)
            | (buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }

    public static void write(MutableDirectBuffer buffer, int offset, long mac) {
        buffer.putInt(offset, (int) (mac >>> 16), ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + 4, (short) mac, ByteOrder.BIG_ENDIAN);
    }

    public static boolean isMulticast(long mac) {
        return ((mac >>> 40) & 1) != 0;
    }

    /** The Ethernet multicast address for an IPv6 multicast group (RFC 2464 section 7). */
    public static long ipv6Multicast(Ipv6Address group) {
        return 0x3333_0000_0000L | (group.low() & 0xFFFF_FFFFL);
    }

    public static String toString(long mac) {
        final StringBuilder s = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            final int b = (int) (mac >>> shift) & 0xFF;
            s.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0) {
                s.append(':');
            }
        }
        return s.toString();
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}; throws IllegalArgumentException on anything else. */
    public static long parse(String text) {
        final String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String p : parts) {
            mac = (mac << 8) | Integer.parseInt(p, 16);
        }
        return mac;
    }
}
