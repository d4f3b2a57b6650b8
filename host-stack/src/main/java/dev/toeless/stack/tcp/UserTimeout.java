package dev.toeless.stack.tcp;

/**
 * The user timeout of one connection (RFC 5482, Linux's {@code TCP_USER_TIMEOUT}): how long data
 * may stay unacknowledged once it has been retransmitted before the connection is given up, in
 * place of the retry count. As Linux: the clock starts at the first retransmission of data
 * still outstanding ({@code retrans_stamp}; a tail loss probe does not start it), an ACK that
 * moves SND.UNA stops it, the retransmission timer is checked when it fires and is never armed
 * past the timeout ({@code tcp_clamp_rto_to_user_timeout}), so the connection ends at the
 * timeout, not at the next backed-off RTO. Off (0) by default: the retry count decides.
 */
final class UserTimeout {
    static final long NEVER = TcpSender.NEVER;

    private long timeoutNs;
    /** When the oldest retransmission of outstanding data went out, or {@link #NEVER}. */
    private long startNs = NEVER;

    /** Sets the timeout; 0 turns it off. */
    void set(long ns) {
        timeoutNs = Math.max(0, ns);
    }

    long timeoutNs() {
        return timeoutNs;
    }

    /** A segment was sent again. */
    void onRetransmit(long nowNs) {
        if (startNs == NEVER) {
            startNs = nowNs;
        }
    }

    /** The clock as it stands, to be put back with {@link #restore} (around a probe). */
    long stamp() {
        return startNs;
    }

    void restore(long stamp) {
        startNs = stamp;
    }

    /** SND.UNA moved: the peer is taking data again. */
    void onNewAck() {
        startNs = NEVER;
    }

    /** True when the timeout is set and retransmitted data has been outstanding that long. */
    boolean expired(long nowNs) {
        return timeoutNs > 0 && startNs != NEVER && nowNs - startNs >= timeoutNs;
    }

    /** {@code deadlineNs}, or the moment the timeout runs out when that comes first. */
    long clamp(long deadlineNs) {
        if (timeoutNs == 0 || startNs == NEVER || deadlineNs == NEVER) {
            return deadlineNs;
        }
        return Math.min(deadlineNs, startNs + timeoutNs);
    }
}
