package dev.toeless.nic.wire;

/**
 * IPv4 addresses are carried as an {@code int} in network order ({@code 10.0.0.1} is
 * {@code 0x0A00_0001}). These helpers print and parse them.
 */
public final class Ipv4Address {
    private Ipv4Address() {
    }

    public static int of(int a, int b, int c, int d) {
        return (a & 0xFF) << 24 | (b & 0xFF) << 16 | (c & 0xFF) << 8 | (d & 0xFF);
    }

    public static String toString(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /** Parses dotted-quad text; throws IllegalArgumentException on anything else. */
    public static int parse(String text) {
        final String[] parts = text.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int address = 0;
        for (String p : parts) {
            final int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            address = (address << 8) | octet;
        }
        return address;
    }
}
