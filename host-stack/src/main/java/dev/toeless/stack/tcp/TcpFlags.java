package dev.toeless.stack.tcp;

import dev.toeless.nic.wire.TcpHeader;

/**
 * The TCP header flag bits (RFC 9293 section 3.1), as they sit in the low byte of the flags field:
 * the wire format's ({@link TcpHeader}), named for the engine.
 */
public final class TcpFlags {
    public static final int FIN = TcpHeader.FIN;
    public static final int SYN = TcpHeader.SYN;
    public static final int RST = TcpHeader.RST;
    public static final int PSH = TcpHeader.PSH;
    public static final int ACK = TcpHeader.ACK;
    public static final int URG = TcpHeader.URG;
    public static final int ECE = TcpHeader.ECE;
    public static final int CWR = TcpHeader.CWR;

    private TcpFlags() {
    }

    /** True when every bit of {@code mask} is set in {@code flags}. */
    public static boolean has(int flags, int mask) {
        return (flags & mask) == mask;
    }

    /** A short text such as "SYN|ACK", for messages and tests. */
    public static String toString(int flags) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < TcpHeader.FLAG_BITS; i++) {
            if ((flags & (1 << i)) != 0) {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(TcpHeader.flagName(i));
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
