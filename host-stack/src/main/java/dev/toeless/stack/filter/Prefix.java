package dev.toeless.stack.filter;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An address prefix of either family, as a value. An IPv4 address sits in the low 32 bits of
 * {@code lo} with {@code hi} zero; an IPv6 address is {@code (hi, lo)}, most significant bits in
 * {@code hi}. Host bits beyond the prefix are zero.
 *
 * @param family 4 or 6
 * @param hi     the upper 64 bits (IPv6), 0 for IPv4
 * @param lo     the lower 64 bits (IPv6) or the unsigned IPv4 address
 * @param length the prefix length, 0..32 or 0..128
 */
public record Prefix(int family, long hi, long lo, int length) {
    public Prefix {
        if (family != 4 && family != 6) {
            throw new IllegalArgumentException("family must be 4 or 6: " + family);
        }
        final int max = family == 4 ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " outside 0.." + max);
        }
        hi &= maskHi(family, length);
        lo &= maskLo(family, length);
    }

    public static Prefix v4(int address, int length) {
        return new Prefix(4, 0, address & 0xFFFF_FFFFL, length);
    }

    public static Prefix v6(long hi, long lo, int length) {
        return new Prefix(6, hi, lo, length);
    }

    /** The mask for the upper 64 bits. */
    public long maskHi() {
        return maskHi(family, length);
    }

    /** The mask for the lower 64 bits. */
    public long maskLo() {
        return maskLo(family, length);
    }

    static long maskHi(int family, int length) {
        if (family == 4) {
            return 0;
        }
        return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    static long maskLo(int family, int length) {
        if (family == 4) {
            return length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
        }
        return length <= 64 ? 0 : -1L << (128 - length);
    }

    public boolean containsV4(int address) {
        return family == 4 && ((address & 0xFFFF_FFFFL) & maskLo()) == lo;
    }

    public boolean containsV6(long addressHi, long addressLo) {
        return family == 6 && (addressHi & maskHi()) == hi && (addressLo & maskLo()) == lo;
    }

    /**
     * Parses {@code a.b.c.d[/n]} or an IPv6 literal {@code [/n]}; no name lookups. A missing length
     * means a host (32 or 128).
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static Prefix parse(String text) {
        final int slash = text.indexOf('/');
        final String address = slash < 0 ? text : text.substring(0, slash);
        final boolean v6 = address.indexOf(':') >= 0;
        final int max = v6 ? 128 : 32;
        int length = max;
        if (slash >= 0) {
            final String lengthText = text.substring(slash + 1);
            if (!lengthText.matches("[0-9]{1,3}") || Integer.parseInt(lengthText) > max) {
                throw new IllegalArgumentException("prefix length '" + lengthText + "' is not a number 0.." + max);
            }
            length = Integer.parseInt(lengthText);
        }
        if (!v6) {
            return v4(parseV4(address), length);
        }
        final byte[] bytes;
        try {
            final InetAddress parsed = Inet6Address.ofLiteral(address);
            bytes = parsed.getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv6 address");
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv6 address");
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | bytes[i] & 0xFF;
            lo = lo << 8 | bytes[i + 8] & 0xFF;
        }
        return v6(hi, lo, length);
    }

    /** Parses a strict dotted quad. */
    public static int parseV4(String address) {
        final String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address (a.b.c.d)");
        }
        int value = 0;
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("'" + address + "' is not an IPv4 address (a.b.c.d)");
            }
            value = value << 8 | Integer.parseInt(part);
        }
        return value;
    }

    /** The address part in its usual text form. */
    public String addressText() {
        if (family == 4) {
            return (lo >>> 24 & 0xFF) + "." + (lo >>> 16 & 0xFF) + "." + (lo >>> 8 & 0xFF) + "." + (lo & 0xFF);
        }
        final int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (int) ((i < 4 ? hi >>> (48 - 16 * i) : lo >>> (48 - 16 * (i - 4))) & 0xFFFF);
        }
        // RFC 5952: the longest run of two or more zero words (the first on a tie) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && !(i == bestStart + bestLength && bestStart >= 0)) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return addressText() + "/" + length;
    }
}
