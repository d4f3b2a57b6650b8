package dev.toeless.stack.tcp;

/** The TCP header flag bits (RFC 9293 section 3.1), as they sit in the low byte of the flags field. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private TcpFlags() {
    }

    /** True when every bit of {@code mask} is set in {@code flags}. */
    public static boolean has(int flags, int mask) {
        return (flags & mask) == mask;
    }

    /** A short text such as "SYN|ACK", for messages and tests. */
    public static String toString(int flags) {
        final StringBuilder sb = new StringBuilder();
        final String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(names[i]);
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
