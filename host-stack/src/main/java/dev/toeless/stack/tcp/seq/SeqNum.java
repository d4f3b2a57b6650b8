package dev.toeless.stack.tcp.seq;

/**
 * TCP sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4). Sequence numbers are
 * carried as {@code int}; comparisons are by signed difference, so they survive wraparound as
 * long as the two numbers are less than 2^31 apart.
 */
public final class SeqNum {
    private SeqNum() {
    }

    /** {@code a < b} in sequence space. */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** {@code a <= b} in sequence space. */
    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a > b} in sequence space. */
    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    /** {@code a >= b} in sequence space. */
    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** The distance from {@code from} forward to {@code to}, as an unsigned count (0 .. 2^32-1). */
    public static long distance(int from, int to) {
        return (to - from) & 0xFFFF_FFFFL;
    }

    /** {@code from <= seq < from + length} in sequence space. */
    public static boolean inWindow(int seq, int from, long length) {
        return distance(from, seq) < length;
    }

    /** The later of two sequence numbers. */
    public static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    /** The earlier of two sequence numbers. */
    public static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    /** Sequence number {@code seq} plus {@code bytes}, wrapping. */
    public static int add(int seq, long bytes) {
        return (int) (seq + bytes);
    }

    /** As an unsigned value, for printing. */
    public static long unsigned(int seq) {
        return seq & 0xFFFF_FFFFL;
    }
}
