package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.prr.ProportionalRateReduction;
import dev.toeless.stack.tcp.rack.Rack;
import dev.toeless.stack.tcp.rack.SentSegments;
import dev.toeless.stack.tcp.sack.SackScoreboard;
import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * Loss recovery of a SACK sender by RACK-TLP (RFC 8985) with Proportional Rate Reduction
 * (RFC 6937), the {@link LossDetection#RACK_TLP} half of {@link LossRecovery}. Every ACK first
 * tells {@link Rack} which ranges it delivered (cumulatively or by SACK), then RACK marks lost
 * what was sent before the latest delivered segment and has waited one RACK.rtt plus the
 * reordering window; what still waits arms the reordering timer. The first loss starts recovery
 * (the congestion control's reduction), which lasts until the recovery point is acknowledged;
 * during it each ACK may send what PRR allows: lost ranges first, lowest first, one segment at a
 * time, then new data. A lost retransmission is found the same way as any loss (a segment sent
 * after it was delivered), not by the timer. A congestion control that does not reduce its window
 * (the lab algorithm "none") sends what its window minus the pipe allows instead of PRR's share.
 * Tail loss probes ({@link TailLossProbe}) run during recovery too.
 */
final class RackRecovery {
    private static final int[] NO_BLOCKS = new int[0];
    private final TcpSender s;
    private final LossRecovery r;
    private final TcpCounters counters;
    final SentSegments sent = new SentSegments();
    final Rack rack = new Rack();
    private final ProportionalRateReduction prr = new ProportionalRateReduction();
    /** Whether this recovery's window follows PRR (the congestion control reduced it). */
    private boolean prrActive;
    private long reorderDeadlineNs = TcpSender.NEVER;
    /** SND.UNA and the SACKed bytes before the ACK being processed: DeliveredData. */
    private int ackStartUna;
    private long ackStartSackedBytes;
    /** One past the highest SACKed byte before the ACK being processed (SND.UNA if none). */
    private int ackStartFack;
    /** Linux's reordering degree ({@code tp->reordering}, starting at {@code tcp_reordering}), in segments. */
    private int reordering = SackScoreboard.DUP_THRESH;
    private long reorderingSeen;

    RackRecovery(TcpSender sender, LossRecovery recovery, TcpCounters counters) {
        this.s = sender;
        this.r = recovery;
        this.counters = counters;
    }

    /** Before an ACK touches the scoreboard or SND.UNA. */
    void beforeAck(SackScoreboard scoreboard) {
        ackStartUna = s.una;
        ackStartSackedBytes = scoreboard.sackedBytes();
        ackStartFack = scoreboard.sackedBytes() > 0 ? scoreboard.highestSacked() : s.una;
    }

    /** Every transmission: recorded with its time; counted against PRR during recovery. */
    void onSent(long nowNs, int seq, long len, boolean fin) {
        final int endSeq = SeqNum.add(seq, len + (fin ? 1 : 0));
        sent.onSend(seq, endSeq, nowNs);
        if (r.inRecovery) {
            prr.onSent(len + (fin ? 1 : 0));
        }
    }

    /**
     * SND.UNA moved (fast path included): the ranges below it were delivered, and the scoreboard
     * forgets what lies below (the fast path does not feed it), so that DeliveredData and the
     * pipe of the next ACK start from today's SND.UNA.
     */
    void onCumulativeAck(long nowNs) {
        sent.acknowledgeTo(s.una, rack, nowNs);
        final SackScoreboard scoreboard = r.scoreboard;
        if (scoreboard == null) {
            return;
        }
        // the slow path moved the scoreboard already (beforeAck saw it first); the fast path did not
        final boolean fastPath = SeqNum.lt(scoreboard.sndUna(), s.una);
        final int priorFack = !fastPath ? ackStartFack
            : scoreboard.sackedBytes() > 0 ? scoreboard.highestSacked() : scoreboard.sndUna();
        if (!SeqNum.lt(s.una, scoreboard.sndUna())) {
            scoreboard.update(s.una, s.max, NO_BLOCKS, 0);
        }
        measureReordering(scoreboard, priorFack); // a hole never retransmitted filled below SACKed data
    }

    /** After every acceptable ACK on the slow path: SACKs, loss detection, recovery, sending. */
    void onAckProcessed(long nowNs, SackScoreboard scoreboard) {
        sent.markSacked(scoreboard, rack, nowNs);
        measureReordering(scoreboard, ackStartFack);
        // a D-SACK widens the reordering window; with TcpConfig.probeDsackExcluded not when it only reports a
        // resent tail loss probe's copy (Linux's FLAG_DSACK_TLP: the probe is timer-driven, RACK did not cause it)
        if (scoreboard.dsackReported() && !(s.config().probeDsackExcluded()
            && s.dsackIsProbes(scoreboard.dsackStart(), scoreboard.dsackEnd()))) {
            rack.onDsack(s.una, s.nxt);
        }
        final boolean unaMoved = SeqNum.gt(s.una, ackStartUna);
        final long delivered = SeqNum.distance(ackStartUna, SeqNum.max(s.una, ackStartUna))
            + scoreboard.sackedBytes() - ackStartSackedBytes;
        ackStartUna = s.una;
        ackStartSackedBytes = scoreboard.sackedBytes();
        if (delivered > 0) {
            s.onDelivery();
        }
        if (!SeqNum.lt(s.una, s.max)) {
            reorderDeadlineNs = TcpSender.NEVER;
            return;
        }
        final boolean newlyLost = detectLoss(nowNs, scoreboard);
        if (r.inRecovery) {
            sendInRecovery(nowNs, prrActive ? prr.onAck(delivered, sent.pipe(), unaMoved && !newlyLost) : windowRoom());
        }
    }

    /**
     * Linux's {@code tcp_check_sack_reordering}: data never retransmitted, SACKed or acknowledged for
     * the first time below what was SACKed before, arrived out of order; the degree is how far below the highest
     * SACKed byte it lies, in segments (at most Linux's {@code tcp_max_reordering}, 300).
     */
    private void measureReordering(SackScoreboard scoreboard, int priorFack) {
        if (!sent.deliveredOriginal() || !SeqNum.lt(sent.lowestDeliveredOriginal(), priorFack)) {
            return;
        }
        final long mss = Math.max(s.mss, 1);
        final int fack = scoreboard.sackedBytes() > 0 ? scoreboard.highestSacked() : s.una;
        final long metric = SeqNum.distance(sent.lowestDeliveredOriginal(), fack);
        if (metric > reordering * mss) {
            reordering = (int) Math.min((metric + mss - 1) / mss, 300);
        }
        reorderingSeen++;
    }

    /** Linux's reordering degree in segments (3 until reordering is seen). */
    int reordering() {
        return reordering;
    }

    /** How many times reordering was seen. */
    long reorderingSeen() {
        return reorderingSeen;
    }

    /** The reordering timer fired: judge again, and send what the last ACK's allowance leaves. */
    void onReorderTimeout(long nowNs) {
        reorderDeadlineNs = TcpSender.NEVER;
        if (r.scoreboard == null || !SeqNum.lt(s.una, s.max) || !s.connectionState().isSynchronized()) {
            return;
        }
        final boolean entering = !r.inRecovery;
        detectLoss(nowNs, r.scoreboard);
        if (r.inRecovery) {
            // a recovery the timer starts counts one segment delivered, as Linux's
            // tcp_rack_reo_timeout, so that the first retransmission goes out
            final long delivered = entering ? s.mss : 0;
            sendInRecovery(nowNs, prrActive ? prr.onAck(delivered, sent.pipe(), false) : windowRoom());
        }
    }

    /** RACK's loss detection; whether it marked anything newly lost. */
    private boolean detectLoss(long nowNs, SackScoreboard scoreboard) {
        final long reoWndNs = rack.reoWndNs(r.inRecovery || s.nxt != s.max,
            scoreboard.sackedBytes() / Math.max(s.mss, 1), s.rtt.srttNs());
        final long lostBefore = sent.lostBytes();
        final long waitNs = sent.detectLoss(rack, reoWndNs, nowNs);
        reorderDeadlineNs = waitNs > 0 ? nowNs + waitNs : TcpSender.NEVER;
        final boolean newlyLost = sent.lostBytes() > lostBefore;
        if (newlyLost) {
            counters.rare().rackLossMarks++;
        }
        if (!r.inRecovery && sent.lostBytes() > 0 && s.nxt == s.max && s.cc != null) {
            enterRecovery(nowNs);
        }
        return newlyLost;
    }

    private void enterRecovery(long nowNs) {
        final long cwndBefore = s.cc.cwndBytes();
        final long flight = s.inFlight();
        r.beginRecovery();
        counters.rare().recoveryEpisodes++;
        counters.rare().fastRetransmits++;
        s.cc.onEnterRecovery(nowNs, flight);
        prrActive = s.cc.ssthreshBytes() < cwndBefore;
        prr.start(flight, s.cc.ssthreshBytes(), s.mss);
    }

    /** Whether this recovery's window followed PRR, so that it ends at ssthresh. */
    boolean endsAtSsthresh() {
        return prrActive;
    }

    /** The recovery point was acknowledged. */
    void onRecoveryEnd() {
        rack.onRecoveryEnd();
    }

    /** A retransmission timeout: all outstanding data is lost; go-back-N resends it. */
    void onTimeout(boolean forgetSacks) {
        if (forgetSacks) {
            sent.forgetSacks();
        }
        sent.markAllLost();
        reorderDeadlineNs = TcpSender.NEVER;
    }

    private long windowRoom() {
        final long cwnd = Math.max(s.cc.cwndBytes(), s.mss);
        final long pipe = sent.pipe();
        return cwnd > pipe ? cwnd - pipe : 0;
    }

    /**
     * Lost ranges first, lowest first, then new data, one segment at a time while any of
     * {@code allowance} is left (a part of a segment rounds up to a whole one, as Linux counts
     * PRR in segments; prr_out makes up for it on the next ACK).
     */
    private void sendInRecovery(long nowNs, long allowance) {
        long left = allowance;
        boolean any = false;
        for (int guard = 0; guard < 4096 && left > 0; guard++) {
            final long len = sendOne(nowNs);
            if (len < 0) {
                break;
            }
            left -= len;
            any = true;
        }
        if (any) {
            s.rescheduleProbe(nowNs);
        }
    }

    /** Sends the next lost range or new segment; its length, or -1 when there is none. */
    private long sendOne(long nowNs) {
        final int dataEnd = s.queue.endSeq();
        final int lost = sent.firstLost();
        if (lost >= 0) {
            final int seq = sent.start(lost);
            final long data = SeqNum.lt(seq, dataEnd) ? SeqNum.distance(seq, SeqNum.min(sent.end(lost), dataEnd)) : 0;
            final long len = Math.min(data, s.boundedMss());
            final boolean fin = s.finQueued && SeqNum.add(seq, len) == dataEnd && SeqNum.gt(sent.end(lost), dataEnd);
            if (len == 0 && !fin) {
                return -1;
            }
            counters.rare().rackRetransmits++;
            final int after = s.transmit(nowNs, seq, len, fin);
            if (seq == s.una) {
                s.restartRetransmitTimer(nowNs); // as Linux, when the head is sent again
            }
            return Math.max(Math.min(len, SeqNum.distance(seq, after)), 1);
        }
        final long avail = SeqNum.lt(s.nxt, dataEnd) ? SeqNum.distance(s.nxt, dataEnd) : 0;
        final long flight = s.inFlight();
        final long room = s.wnd > flight ? s.wnd - flight : 0;
        final long len = Math.min(Math.min(avail, room), s.boundedMss());
        if (len <= 0 || s.nxt != s.max) {
            return -1;
        }
        final boolean fin = s.finQueued && SeqNum.add(s.nxt, len) == dataEnd;
        final int from = s.nxt;
        s.nxt = s.transmit(nowNs, from, len, fin);
        s.max = SeqNum.max(s.max, s.nxt);
        return Math.min(len, SeqNum.distance(from, s.nxt));
    }

    long reorderDeadlineNs() {
        return reorderDeadlineNs;
    }
}
