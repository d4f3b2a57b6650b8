package dev.toeless.stack.tcp;

/**
 * The connection's deadlines other than the send side's own (retransmission, persist and RACK's
 * reordering timer live in {@link TcpSender} and its {@link LossRecovery}): delayed ACK, keepalive, TIME_WAIT (or the FIN_WAIT_2 timeout of an orphaned
 * connection, which shares its slot), and the per-second budget of RFC 5961
 * challenge ACKs. All are absolute virtual times; {@link #nextDeadlineNs()} is the earliest of
 * every timer of the connection.
 */
final class TcpTimers {
    static final long NEVER = TcpSender.NEVER;
    private static final long ONE_SECOND_NS = 1_000_000_000L;

    private final TcpConnection c;
    private final TcpSender snd;
    private long delayedAckDeadlineNs = NEVER;
    private long keepaliveDeadlineNs = NEVER;
    private long timeWaitDeadlineNs = NEVER;
    private int keepalivesSent;
    private long challengeWindowStartNs = Long.MIN_VALUE;
    private int challengeAcksInWindow;

    TcpTimers(TcpConnection c, TcpSender snd) {
        this.c = c;
        this.snd = snd;
    }

    long nextDeadlineNs() {
        long t = Math.min(snd.rtxDeadlineNs, snd.persistDeadlineNs);
        t = Math.min(t, snd.recovery.reorderDeadlineNs());
        t = Math.min(t, delayedAckDeadlineNs);
        t = Math.min(t, keepaliveDeadlineNs);
        return Math.min(t, timeWaitDeadlineNs);
    }

    /** Runs the timers due at {@code nowNs}, in an order where a closing timer wins. */
    void run(long nowNs) {
        if (timeWaitDeadlineNs <= nowNs) {
            timeWaitDeadlineNs = NEVER;
            c.enterClosed(c.state() == TcpState.TIME_WAIT ? CloseReason.NORMAL : CloseReason.TIMEOUT);
            return;
        }
        if (snd.rtxDeadlineNs <= nowNs && !snd.onRetransmitTimeout(nowNs)) {
            c.timedOut(nowNs);
            return;
        }
        if (snd.recovery.reorderDeadlineNs() <= nowNs) {
            snd.onReorderTimeout(nowNs);
        }
        if (snd.persistDeadlineNs <= nowNs && !snd.onPersistTimeout(nowNs)) {
            c.timedOut(nowNs);
            return;
        }
        if (delayedAckDeadlineNs <= nowNs) {
            delayedAckDeadlineNs = NEVER;
            c.onDelayedAck(nowNs);
        }
        if (keepaliveDeadlineNs <= nowNs) {
            runKeepalive(nowNs);
        }
    }

    private void runKeepalive(long nowNs) {
        final TcpState s = c.state();
        if (s != TcpState.ESTABLISHED && s != TcpState.CLOSE_WAIT) {
            keepaliveDeadlineNs = NEVER;
            return;
        }
        if (snd.una != snd.max) {
            keepaliveDeadlineNs = nowNs + c.config().keepaliveIdleNs(); // the RTO watches the peer
            return;
        }
        if (keepalivesSent >= c.config().keepaliveProbes()) {
            c.timedOut(nowNs);
            return;
        }
        keepalivesSent++;
        c.sendKeepalive(nowNs);
        keepaliveDeadlineNs = nowNs + c.config().keepaliveIntervalNs();
    }

    /** A segment arrived: the peer is alive, the keepalive clock restarts. */
    void onActivity(long nowNs) {
        keepalivesSent = 0;
        if (c.config().keepalive() && (c.state() == TcpState.ESTABLISHED || c.state() == TcpState.CLOSE_WAIT)) {
            keepaliveDeadlineNs = nowNs + c.config().keepaliveIdleNs();
        }
    }

    void startDelayedAck(long nowNs) {
        if (delayedAckDeadlineNs == NEVER) {
            delayedAckDeadlineNs = nowNs + c.config().delayedAckNs();
        }
    }

    /** The delayed ACK is due as soon as the current batch of work ends: a deadline of now. */
    void ackAtBatchEnd(long nowNs) {
        delayedAckDeadlineNs = Math.min(delayedAckDeadlineNs, nowNs);
    }

    void cancelDelayedAck() {
        delayedAckDeadlineNs = NEVER;
    }

    /** (Re)starts the 2*MSL wait. */
    void startTimeWait(long nowNs) {
        timeWaitDeadlineNs = nowNs + 2 * c.config().mslNs();
        keepaliveDeadlineNs = NEVER;
        delayedAckDeadlineNs = NEVER;
    }

    /** A closed-by-the-application connection in FIN_WAIT_2 gives the peer this long to send its FIN. */
    void startOrphanTimeout(long nowNs) {
        timeWaitDeadlineNs = nowNs + c.config().finWait2TimeoutNs();
    }

    /** True when one more challenge ACK fits this second's budget. */
    boolean allowChallengeAck(long nowNs) {
        if (challengeWindowStartNs == Long.MIN_VALUE || nowNs - challengeWindowStartNs >= ONE_SECOND_NS) {
            challengeWindowStartNs = nowNs;
            challengeAcksInWindow = 0;
        }
        if (challengeAcksInWindow >= c.config().challengeAcksPerSecond()) {
            return false;
        }
        challengeAcksInWindow++;
        return true;
    }

    void clear() {
        delayedAckDeadlineNs = NEVER;
        keepaliveDeadlineNs = NEVER;
        timeWaitDeadlineNs = NEVER;
    }
}
