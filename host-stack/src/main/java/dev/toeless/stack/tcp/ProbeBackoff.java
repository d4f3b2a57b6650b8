package dev.toeless.stack.tcp;

/**
 * When a RACK-TLP tail loss probe that drew no ACK is sent again before the RTO ({@link TcpConfig#probeBackoff()}):
 * RFC 9002 6.2's probe timeout backoff, what QUIC does instead of an RTO. A repeat goes after twice the
 * last probe's timeout (then four times, ...) while that comes before the RTO the tail's first probe armed,
 * which then fires as before; each is one segment chosen as the first, none changes the congestion window,
 * and loss is still declared only by ACKs, RACK or the RTO. Only a copy (a probe that resent a segment) is
 * repeated: any receiver acknowledges a duplicate at once (RFC 9293 3.10.7.4), so silence for twice the
 * timeout means the copy or its ACK was lost, where one new in-order segment may wait for the peer's
 * delayed-ACK timer.
 */
public enum ProbeBackoff {
    /** One probe per tail, then the RTO (RFC 8985 7.3, Linux). */
    OFF,
    /**
     * Repeats only after a copy sent because the peer was seen to delay its ACK of a lone segment
     * ({@link TcpConfig#adaptiveProbes()}, {@link DelayedAckWatch}). Each repeat is watched anew, so a
     * peer that delays even a duplicate is judged by its answer to the last copy of a tail.
     */
    LEARNED,
    /** Repeats after any copy. */
    ON;

    /** {@code off}, {@code learned} or {@code on}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The value named by {@link #label()}; IllegalArgumentException otherwise. */
    public static ProbeBackoff of(String label) {
        for (ProbeBackoff b : values()) {
            if (b.label().equals(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException("off, learned or on: " + label);
    }
}
