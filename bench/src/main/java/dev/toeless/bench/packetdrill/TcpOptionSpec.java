package dev.toeless.bench.packetdrill;

import java.util.List;

/**
 * One TCP option as a script writes it: {@code nop}, {@code mss 1460}, {@code wscale 8},
 * {@code sackOK}, {@code TS val 100 ecr 0}, {@code sack 1:1001 2001:3001}, {@code eol}.
 *
 * @param kind   the option's name
 * @param a      first value (MSS, shift, TS val), or 0
 * @param b      second value (TS ecr), or 0
 * @param blocks SACK blocks as pairs (left, right), empty for other options
 */
record TcpOptionSpec(String kind, long a, long b, List<long[]> blocks) {
    static final String NOP = "nop";
    static final String EOL = "eol";
    static final String MSS = "mss";
    static final String WSCALE = "wscale";
    static final String SACK_OK = "sackOK";
    static final String TS = "TS";
    static final String SACK = "sack";

    static TcpOptionSpec of(String kind) {
        return new TcpOptionSpec(kind, 0, 0, List.of());
    }

    static TcpOptionSpec of(String kind, long a) {
        return new TcpOptionSpec(kind, a, 0, List.of());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case MSS, WSCALE -> kind + " " + a;
            case TS -> "TS val " + a + " ecr " + b;
            case SACK -> {
                final StringBuilder sb = new StringBuilder("sack");
                for (long[] blk : blocks) {
                    sb.append(' ').append(blk[0]).append(':').append(blk[1]);
                }
                yield sb.toString();
            }
            default -> kind;
        };
    }
}
