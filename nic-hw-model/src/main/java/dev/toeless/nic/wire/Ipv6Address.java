package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * An IPv6 address as two longs, network order: {@code high} holds bytes 0..7, {@code low} bytes
 * 8..15. Flyweights expose the halves as longs so the hot path does not allocate; this record is
 * the value form. An IPv4 address in a mixed table is the v4-mapped {@code ::ffff:a.b.c.d}.
 */
public record Ipv6Address(long high, long low) {
    public static final int LENGTH = 16;
    public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);

    public static Ipv6Address read(DirectBuffer buffer, int offset) {
        return new Ipv6Address(buffer.getLong(offset, ByteOrder.BIG_ENDIAN), buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN));
    }

    public void write(MutableDirectBuffer buffer, int offset) {
        buffer.putLong(offset, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, low, ByteOrder.BIG_ENDIAN);
    }

    public static Ipv6Address v4Mapped(int ipv4) {
        return new Ipv6Address(0, 0xFFFF_0000_0000L | (ipv4 & 0xFFFF_FFFFL));
    }

    public boolean isMulticast() {
        return (high >>> 56) == 0xFF;
    }

    /** The solicited-node multicast group: ff02::1:ff00:0/104 plus this address's low 24 bits (RFC 4291 section 2.7.1). */
    public Ipv6Address solicitedNode() {
        return new Ipv6Address(0xFF02_0000_0000_0000L, 0x0000_0001_FF00_0000L | (low & 0xFF_FFFFL));
    }

    /**
     * Parses the textual form: eight groups, {@code ::} compression, and a dotted IPv4 tail
     * ({@code ::ffff:10.0.0.1}). Throws IllegalArgumentException on anything else.
     */
    public static Ipv6Address parse(String text) {
        String t = text;
        final int lastColon = t.lastIndexOf(':');
        if (lastColon >= 0 && t.indexOf('.', lastColon) > 0) {
            final int v4 = Ipv4Address.parse(t.substring(lastColon + 1));
            t = t.substring(0, lastColon + 1) + Integer.toHexString(v4 >>> 16) + ":" + Integer.toHexString(v4 & 0xFFFF);
        }
        final int gap = t.indexOf("::");
        final String[] head;
        final String[] tail;
        if (gap >= 0) {
            head = gap == 0 ? new String[0] : t.substring(0, gap).split(":", -1);
            final String rest = t.substring(gap + 2);
            tail = rest.isEmpty() ? new String[0] : rest.split(":", -1);
        } else {
            head = t.split(":", -1);
            tail = new String[0];
        }
        if (head.length + tail.length > (gap >= 0 ? 7 : 8) || (gap < 0 && head.length != 8)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        final int[] words = new int[8];
        try {
            for (int i = 0; i < head.length; i++) {
                words[i] = group(head[i], text);
            }
            for (int i = 0; i < tail.length; i++) {
                words[8 - tail.length + i] = group(tail[i], text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | words[i];
            lo = (lo << 16) | words[i + 4];
        }
        return new Ipv6Address(hi, lo);
    }

    private static int group(String g, String text) {
        if (g.isEmpty() || g.length() > 4) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        return Integer.parseInt(g, 16);
    }

    private int word(int i) {
        final long half = i < 4 ? high : low;
        return (int) (half >>> (48 - 16 * (i & 3))) & 0xFFFF;
    }

    /** The canonical text form of RFC 5952: lower case, the longest run of two or more zero groups as {@code ::}. */
    @Override
    public String toString() {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (word(i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && word(j) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        final StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(word(i)));
        }
        return s.toString();
    }
}
