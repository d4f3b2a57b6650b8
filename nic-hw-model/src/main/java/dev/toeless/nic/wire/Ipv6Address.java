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

    /** The solicited-node multicast group ff02::1:ffXX:XXXX (RFC 4291 section 2.7.1). */
    public Ipv6Address solicitedNode() {
        return new Ipv6Address(0xFF02_0000_0000_0000L, 0x0000_0001_FF00_0000L | (low & 0xFF_FFFFL));
    }

    /** Parses the textual form (with :: compression); throws IllegalArgumentException on bad text. */
    public static Ipv6Address parse(String text) {
        final int gap = text.indexOf("::");
        final String[] head;
        final String[] tail;
        if (gap >= 0) {
            head = gap == 0 ? new String[0] : text.substring(0, gap).split(":");
            final String rest = text.substring(gap + 2);
            tail = rest.isEmpty() ? new String[0] : rest.split(":");
        } else {
            head = text.split(":");
            tail = new String[0];
        }
        if (head.length + tail.length > 8 || (gap < 0 && head.length != 8)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        final int[] words = new int[8];
        for (int i = 0; i < head.length; i++) {
            words[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++) {
            words[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | (words[i] & 0xFFFF);
            lo = (lo << 16) | (words[i + 4] & 0xFFFF);
        }
        return new Ipv6Address(hi, lo);
    }

    /** RFC 5952 text: lower-case hex, the longest run (two or more) of zero groups as "::". */
    @Override
    public String toString() {
        final int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            final long half = i < 4 ? high : low;
            words[i] = (int) (half >>> (48 - 16 * (i & 3))) & 0xFFFF;
        }
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
            s.append(Integer.toHexString(words[i]));
        }
        return s.toString();
    }
}
