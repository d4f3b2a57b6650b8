package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.rack.SentSegments;
import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * Tail loss probes (RFC 8985 section 7) of one connection's send side. When SACK is on, nothing
 * is SACKed, recovery is not running and no probe is out, the retransmission timer first fires
 * after two round trips (at least {@link #MIN_TIMEOUT_NS}, plus the worst delayed ACK when one
 * segment is in flight) and sends one new segment, or the last one again: the ACK it draws
 * starts SACK recovery, or shows that only ACKs were lost. A peer that ACKs every second or
 * third segment leaves a window's tail unacknowledged when its last ACK is lost, and without a
 * probe the sender would wait for the RTO and restart from one segment.
 *
 * <p>With {@link LossDetection#RACK_TLP} probes run in recovery too and whatever the scoreboard
 * holds: a probe without new data resends the highest segment not SACKed (any probe does with
 * {@link TcpConfig#probeResends()}; else one new segment when there is one, as RFC 8985 7.3 and
 * Linux), and any ACK that delivers data allows the next probe. A peer that holds everything
 * answers one new in-order segment only when its delayed-ACK timer fires; a copy it answers at once.
 * With {@link TcpConfig#adaptiveProbes()} a connection learns that of its peer ({@link DelayedAckWatch})
 * and then probes with a copy.
 *
 * <p>The probe borrows the sender's one retransmission timer ({@link TcpSender#rtxDeadlineNs})
 * and remembers where the RTO was; the RTO is armed again behind every probe.
 */
final class TailLossProbe {
    /**
     * The shortest probe timeout with more than one segment in flight: Linux's {@code TCP_TIMEOUT_MIN}
     * (2 jiffies, 2 ms at HZ=1000), here a floor under 2 SRTT where Linux adds it (that is
     * {@link TcpConfig#linuxProbeTimeout()}). The TLP draft's floor was 10 ms, which against a
     * peer 100 us away left the sender idle for 10 ms per lost tail ACK; over a path of 5 ms or
     * more the floor does not bind, so the probe's time there is as before.
     */
    static final long MIN_TIMEOUT_NS = 2_000_000L;
    /** RFC 8985 WCDelAckT: the worst delay of an ACK for a single segment. */
    static final long WORST_DELAYED_ACK_NS = 200_000_000L;

    /** Linux's {@code TCP_TIMEOUT_MIN} (2 jiffies), added to 2 SRTT with more than one segment in flight. */
    static final long LINUX_TIMEOUT_MIN_NS = 2_000_000L;
    /** Linux's {@code TCP_RTO_MIN}, added to 2 SRTT with one segment in flight. */
    static final long LINUX_RTO_MIN_NS = 200_000_000L;
    /** {@link TcpConfig#probeBackoff()}: repeats of one tail's probe at most (the RTO bounds them first). */
    static final int MAX_REPEATS = 16;

    private final TcpSender s;
    private final TcpCounters counters;
    /** {@link TcpConfig#linuxProbeTimeout()}. */
    private final boolean linuxTimeout;
    /** The timer's deadline when it is a probe; {@link TcpSender#NEVER} when it is the RTO. */
    private long probeDeadlineNs = TcpSender.NEVER;
    /** The last probe sent a segment again, ending at {@link #resentProbeEnd}, and no D-SACK has matched it. */
    private boolean resentProbe;
    private int resentProbeEnd;
    private long rtoDeadlineNs = TcpSender.NEVER;
    /** A probe went out and no ACK has moved SND.UNA since: one probe per tail. */
    private boolean outstanding;
    /** {@link TcpConfig#adaptiveProbes()}: how the peer acknowledges probes; null when off. */
    private final DelayedAckWatch watch;
    /** {@link TcpConfig#probeBackoff()}. */
    private final ProbeBackoff backoff;
    /** The last probe was a copy sent because the peer was seen to delay its ACK ({@link #watch}). */
    private boolean learnedCopy;
    /** Probes of this tail sent again because the one before drew no ACK (RFC 9002's {@code pto_count}). */
    private int repeats;
    /** The first probe of this tail's timeout, doubled for each repeat. */
    private long tailPtoNs;
    /** The RTO the first probe of this tail armed: repeats go only before it. */
    private long tailRtoAtNs;

    TailLossProbe(TcpSender sender, TcpCounters counters, boolean linuxTimeout, boolean adaptive, ProbeBackoff backoff) {
        this.s = sender;
        this.counters = counters;
        this.linuxTimeout = linuxTimeout;
        this.watch = adaptive ? new DelayedAckWatch() : null;
        this.backoff = backoff;
    }

    /** Whether the sender's timer, now due, is a probe. */
    boolean isArmed() {
        return probeDeadlineNs != TcpSender.NEVER && s.rtxDeadlineNs == probeDeadlineNs;
    }

    /**
     * New data went out, or the RTO was just armed: puts the probe before the RTO when allowed
     * (RFC 8985 7.2 restarts it with each transmission of new data).
     */
    void schedule(long nowNs, long flightBytes) {
        final long rtoAt = isArmed() ? rtoDeadlineNs : s.rtxDeadlineNs;
        probeDeadlineNs = TcpSender.NEVER;
        if (rtoAt == TcpSender.NEVER || flightBytes == 0 || !allowed()) {
            s.rtxDeadlineNs = rtoAt;
            return;
        }
        final long ptoNs = probeTimeoutNs(flightBytes);
        if (s.recovery.rackMode()) {
            // RFC 8985 7.2 as Linux: a probe due after the RTO goes at the RTO's time instead,
            // so the first timeout of a tail sends a probe and keeps the window
            probeDeadlineNs = Math.min(nowNs + ptoNs, rtoAt);
            rtoDeadlineNs = rtoAt;
            s.rtxDeadlineNs = probeDeadlineNs;
        } else if (nowNs + ptoNs - rtoAt < 0) {
            probeDeadlineNs = nowNs + ptoNs;
            rtoDeadlineNs = rtoAt;
            s.rtxDeadlineNs = probeDeadlineNs;
        } else {
            s.rtxDeadlineNs = rtoAt;
        }
    }

    private long probeTimeoutNs(long flightBytes) {
        final boolean oneSegment = flightBytes <= s.mss;
        if (linuxTimeout) {
            return 2 * s.rtt.srttNs() + (oneSegment ? LINUX_RTO_MIN_NS : LINUX_TIMEOUT_MIN_NS);
        }
        return Math.max(2 * s.rtt.srttNs(), MIN_TIMEOUT_NS) + (oneSegment ? WORST_DELAYED_ACK_NS : 0);
    }

    /** The connection may still send probes, one being out ({@link #allowed()} but for {@link #outstanding}). */
    private boolean tailOpen() {
        final TcpState state = s.connectionState();
        return s.config().tailLossProbes() && s.nxt == s.max && s.rtt.srttNs() >= 0 && s.rtt.backoffCount() == 0
            && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT || state == TcpState.FIN_WAIT_1
                || state == TcpState.CLOSING || state == TcpState.LAST_ACK);
    }

    private boolean allowed() {
        final LossRecovery r = s.recovery;
        final TcpState state = s.connectionState();
        if (!s.config().tailLossProbes()) {
            return false;
        }
        if (r.rackMode()) {
            // RACK-TLP: also in recovery and with SACKed data (the repaired hole whose one
            // cumulative ACK is lost leaves nothing else to draw an ACK); not while go-back-N
            // resends after a timeout
            // and after our FIN is queued: the tail of a closing connection, the FIN included, is a
            // tail like any other (Linux probes in FIN_WAIT_1, CLOSING and LAST_ACK too)
            return !outstanding && s.nxt == s.max && s.rtt.srttNs() >= 0 && s.rtt.backoffCount() == 0
                && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT || state == TcpState.FIN_WAIT_1
                    || state == TcpState.CLOSING || state == TcpState.LAST_ACK);
        }
        return r.scoreboard != null && !r.inRecovery && r.scoreboard.sackedBytes() == 0 && !outstanding
            && s.rtt.srttNs() >= 0 && s.rtt.backoffCount() == 0
            && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT);
    }

    /**
     * Whether a D-SACK of {@code [start, end)} is the one the last probe that resent a segment draws
     * when the segment had arrived after all (Linux's {@code FLAG_DSACK_TLP}): at most one segment,
     * ending where the probe ended. Such a D-SACK says nothing of reordering (the probe is sent by a
     * timer, not by RACK), so it must not widen RACK's reordering window. Answers true once.
     */
    boolean isDuplicateOfResentProbe(int start, int end) {
        if (!resentProbe || end != resentProbeEnd || SeqNum.distance(start, end) > s.mss) {
            return false;
        }
        resentProbe = false;
        return true;
    }

    /** An ACK moved SND.UNA to {@code ack}: the next tail may be probed; the last probe may be judged. */
    void onNewAck(long nowNs, int ack) {
        if (watch != null) {
            final boolean before = watch.resend();
            watch.onUnaAdvance(nowNs, ack);
            if (watch.resend() != before) {
                if (before) {
                    counters.rare().delayedAckUnlearned++;
                } else {
                    counters.rare().delayedAckLearned++;
                }
            }
        }
        onNewAck();
    }

    /** An ACK delivered data: the next tail may be probed. */
    void onNewAck() {
        outstanding = false;
        repeats = 0;
        if (watch != null) {
            watch.forget();
        }
    }

    /** After an ACK: SACK information or recovery takes over from a pending probe (RFC 8985 7.2). */
    void onAckProcessed() {
        if (watch != null) {
            watch.forget();
        }
        if (isArmed() && !allowed()) {
            s.rtxDeadlineNs = rtoDeadlineNs;
            probeDeadlineNs = TcpSender.NEVER;
        }
    }

    /**
     * The probe timer fired (RFC 8985 section 7.3): one new segment if the peer's window has
     * room for it (cwnd notwithstanding) and {@link TcpConfig#probeResends()} is off, else the last
     * segment again; then the RTO is armed, or with {@link TcpConfig#probeBackoff()} after a copy,
     * the next probe at twice the last one's timeout when that comes before the RTO.
     */
    void fire(long nowNs) {
        final boolean first = !outstanding;
        if (first) {
            repeats = 0;
            tailPtoNs = probeTimeoutNs(s.inFlight());
        } else {
            counters.rare().lossProbeRepeats++;
        }
        // a probe does not start the user timeout's clock (Linux's tcp_send_loss_probe leaves
        // retrans_stamp alone)
        final long userTimeoutStamp = s.userTimeout.stamp();
        send(nowNs);
        s.userTimeout.restore(userTimeoutStamp);
        if (first) {
            tailRtoAtNs = nowNs + s.rtt.rtoNs();
        }
        s.rtxDeadlineNs = tailRtoAtNs;
        if (resentProbe && (backoff == ProbeBackoff.ON || backoff == ProbeBackoff.LEARNED && learnedCopy)
            && s.recovery.rackMode() && repeats < MAX_REPEATS && tailOpen()) {
            // RFC 9002 6.2: the probe timeout doubles with each probe that went unanswered
            final long next = nowNs + (tailPtoNs << ++repeats);
            if (next - tailRtoAtNs < 0) {
                probeDeadlineNs = next;
                rtoDeadlineNs = tailRtoAtNs;
                s.rtxDeadlineNs = next;
            }
        }
    }

    private void send(long nowNs) {
        probeDeadlineNs = TcpSender.NEVER;
        resentProbe = false;
        learnedCopy = false;
        outstanding = true;
        counters.rare().lossProbes++;
        final int end = s.queue.endSeq();
        final long avail = SeqNum.lt(s.nxt, end) ? SeqNum.distance(s.nxt, end) : 0;
        final long flight = s.inFlight();
        // TcpConfig.probeResends: the peer holds everything (the tail's ACKs were lost) or lacks
        // the segment; a copy draws an ACK at once either way (a duplicate is not acceptable and is
        // acknowledged at once, RFC 9293 3.10.7.4; a hole filled or a segment out of order, RFC 5681
        // 4.2), where one new in-order segment waits for the peer's delayed-ACK timer.
        // TcpConfig.adaptiveProbes: the same once the peer was seen to delay its ACK of a new-data probe
        final boolean resend = s.recovery.rackMode() && (s.config().probeResends() || watch != null && watch.resend());
        if (!resend && avail > 0 && SeqNum.ge(s.nxt, s.max) && s.wnd > flight) {
            final long len = Math.min(avail, Math.min(s.mss, s.wnd - flight));
            final boolean fin = s.finQueued && SeqNum.add(s.nxt, len) == end;
            s.nxt = s.transmit(nowNs, s.nxt, len, fin);
            s.max = SeqNum.max(s.max, s.nxt);
            watchProbe(nowNs, s.nxt, false);
        } else if (s.recovery.rackMode()) {
            probeHighestUnsacked(nowNs, end);
            if (resentProbe && watch != null && watch.resend()) {
                counters.rare().lossProbeCopies++;
                learnedCopy = true;
                watchProbe(nowNs, resentProbeEnd, true);
            } else if (watch != null) {
                watch.forget();
            }
        } else {
            final boolean fin = s.finSent();
            final int dataEnd = SeqNum.min(end, s.max);
            final int seq = SeqNum.max(s.una, SeqNum.add(dataEnd, -s.mss));
            final long len = SeqNum.lt(seq, dataEnd) ? SeqNum.distance(seq, dataEnd) : 0;
            if (len > 0 || fin) {
                s.transmit(nowNs, seq, len, fin);
                resentProbe = len > 0;
                resentProbeEnd = dataEnd;
            }
        }
    }

    /** {@link TcpConfig#adaptiveProbes()}: the first ACK after this probe tells how the peer answers it. */
    private void watchProbe(long nowNs, int end, boolean copy) {
        if (watch != null) {
            watch.onProbe(nowNs, end, copy, s.rtt.srttNs(), s.rtt.rtoNs());
        }
    }

    /**
     * RACK-TLP's probe without new data: the highest segment not SACKed, sent again (RFC 8985
     * 7.3), found in RACK's record of what is outstanding (the scoreboard only moves on the slow
     * path, so its SND.UNA may lag).
     */
    private void probeHighestUnsacked(long nowNs, int queueEnd) {
        final SentSegments sent = s.recovery.rack().sent;
        final int dataEnd = SeqNum.min(queueEnd, s.max);
        final int last = sent.highestUnsacked(s.max);
        if (s.finSent() && last >= 0 && sent.start(last) == dataEnd) {
            s.transmit(nowNs, dataEnd, 0, true); // the FIN went alone: it is the highest segment
            return;
        }
        final int i = sent.highestUnsacked(dataEnd);
        if (i >= 0 && SeqNum.lt(s.una, dataEnd)) {
            final int segEnd = SeqNum.min(sent.end(i), dataEnd);
            final int seq = SeqNum.max(SeqNum.max(sent.start(i), s.una), SeqNum.add(segEnd, -s.mss));
            final long len = SeqNum.distance(seq, segEnd);
            s.transmit(nowNs, seq, len, s.finSent() && segEnd == dataEnd);
            resentProbe = len > 0;
            resentProbeEnd = segEnd;
        } else if (s.finSent()) {
            s.transmit(nowNs, dataEnd, 0, true);
        }
    }
}
