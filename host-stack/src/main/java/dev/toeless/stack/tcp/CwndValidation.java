package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * Linux's congestion-window validation ({@code tcp_cwnd_validate}, {@code tcp_is_cwnd_limited}):
 * per round trip, whether the window limited the sender, else the most it had in flight. The
 * window grows only while it limits the sender, or, in slow start, while it is below twice the
 * most sent (so that an application-limited sender still doubles what it uses). RFC 7661 has
 * the same concern. Used when {@link TcpConfig#cwndLimitedGrowth()} is on.
 */
final class CwndValidation {
    private boolean limitedThisRound;
    private long maxFlightBytes;
    private int roundEndSeq;

    /** After a send: {@code limiting} when the flight reached the window. */
    void afterOutput(boolean limiting, long flightBytes, int una, int nxt) {
        if (!SeqNum.lt(una, roundEndSeq) || limiting || (!limitedThisRound && flightBytes > maxFlightBytes)) {
            limitedThisRound = limiting;
            maxFlightBytes = flightBytes;
            roundEndSeq = nxt;
        }
    }

    /** Whether an ACK may grow the window. */
    boolean allowsGrowth(long cwndBytes, long ssthreshBytes) {
        return limitedThisRound || cwndBytes < ssthreshBytes && cwndBytes < 2 * maxFlightBytes;
    }
}
