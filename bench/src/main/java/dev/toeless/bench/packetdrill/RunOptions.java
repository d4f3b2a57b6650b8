package dev.toeless.bench.packetdrill;

/**
 * How scripts are judged.
 *
 * @param strictPsh compare the PSH flag of outbound packets. Off by default: Linux marks PSH by the
 *                  layout of its socket buffers (the tail of each write and every forced push,
 *                  kept only on the last piece when TSO or GSO splits a buffer), which depends on
 *                  its TSO size goal and pacing rate; our engine marks the segment that empties the
 *                  send queue. Every other flag is always compared.
 * @param trace     print each event and each segment our stack sends to standard error
 * @param toe       run against a TOE card's TCP through its command queue ({@code --mode toe}),
 *                  not our host stack's engine
 */
public record RunOptions(boolean strictPsh, boolean trace, boolean toe) {
    public static final RunOptions DEFAULT = new RunOptions(false, false, false);

    public RunOptions(boolean strictPsh, boolean trace) {
        this(strictPsh, trace, false);
    }
}
