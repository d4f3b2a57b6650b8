package dev.toeless.stack.tcp.rack;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * The RACK state of one connection's send side (RFC 8985 section 6): of the segments delivered
 * so far (cumulatively acknowledged or SACKed), the one sent last ({@code RACK.xmit_ts},
 * {@code RACK.end_seq}) and the RTT it measured ({@code RACK.rtt}); the lowest RTT seen
 * ({@code RACK.min_RTT}); the highest SACKed end ({@code RACK.fack}) and whether reordering was
 * ever seen; the reordering window's multiplier, raised by D-SACKs once per round trip and reset
 * after 16 recoveries. A segment is lost when one sent after it was delivered and its own
 * {@code xmit_ts + RACK.rtt + RACK.reo_wnd} has passed ({@link #remainingNs}).
 *
 * <p>Times are virtual nanoseconds; segments sent at the same instant are ordered by their end
 * sequence, as the RFC orders them. Single-threaded, no allocation.
 */
public final class Rack {
    /** RFC 6675 DupThresh, in segments: with this many SACKed and no reordering seen, reo_wnd is 0. */
    public static final int DUP_THRESH = 3;
    /** Recoveries after which a raised reordering window returns to its base (RFC 8985 6.2 step 4). */
    static final int REO_WND_PERSIST = 16;
    /** {@link #remainingNs} of a segment sent after the most recently delivered one: no verdict. */
    public static final long NOT_YET = Long.MAX_VALUE;

    private boolean delivered;
    private long xmitNs;
    private int endSeq;
    private long rttNs;
    private long minRttNs = Long.MAX_VALUE;
    private boolean fackSet;
    private int fack;
    private boolean reorderingSeen;
    private int reoWndMult = 1;
    private int reoWndPersist;
    private boolean dsackRoundSet;
    private int dsackRound;

    /**
     * RFC 8985 6.2 steps 1 and 2 for one delivered segment {@code [start, end)} last sent at
     * {@code segXmitNs}: detects reordering and takes its RTT unless the delivery may belong to
     * an earlier transmission (a retransmission acknowledged sooner than the lowest RTT).
     */
    public void onDelivered(int end, long segXmitNs, boolean retransmitted, long nowNs) {
        if (!fackSet || SeqNum.gt(end, fack)) {
            fack = end;
            fackSet = true;
        } else if (SeqNum.lt(end, fack) && !retransmitted) {
            reorderingSeen = true;
        }
        final long sampleNs = nowNs - segXmitNs;
        if (retransmitted && sampleNs < minRttNs) {
            return;
        }
        if (!retransmitted) {
            minRttNs = Math.min(minRttNs, sampleNs);
        }
        rttNs = sampleNs;
        if (!delivered || sentAfter(segXmitNs, end, xmitNs, endSeq)) {
            xmitNs = segXmitNs;
            endSeq = end;
            delivered = true;
        }
    }

    /** RFC 8985 6.2 step 4: a D-SACK widens the window, once per round trip (SND.NXT at the last raise). */
    public void onDsack(int sndUna, int sndNxt) {
        if (!dsackRoundSet || SeqNum.ge(sndUna, dsackRound)) {
            dsackRound = sndNxt;
            dsackRoundSet = true;
            reoWndMult++;
            reoWndPersist = REO_WND_PERSIST;
        }
    }

    /** A recovery ended: after 16 of them without a D-SACK the window's multiplier returns to 1. */
    public void onRecoveryEnd() {
        if (reoWndPersist > 0 && --reoWndPersist == 0) {
            reoWndMult = 1;
        }
    }

    /**
     * RFC 8985 6.2 step 4, RACK.reo_wnd: 0 when no reordering was seen and the sender is in
     * recovery or {@link #DUP_THRESH} segments are SACKed (loss is then the likely cause);
     * otherwise a quarter of the lowest RTT times the multiplier, at most SRTT.
     */
    public long reoWndNs(boolean inRecovery, long sackedSegments, long srttNs) {
        if (!reorderingSeen && (inRecovery || sackedSegments >= DUP_THRESH)) {
            return 0;
        }
        if (minRttNs == Long.MAX_VALUE) {
            return 0;
        }
        final long base = reoWndMult * (minRttNs / 4);
        return srttNs >= 0 ? Math.min(base, srttNs) : base;
    }

    /**
     * RFC 8985 6.2 step 5 for one segment neither acknowledged nor SACKed: the time until it is
     * deemed lost (at most 0: lost now), or {@link #NOT_YET} when it was sent after every segment
     * delivered so far.
     */
    public long remainingNs(long segXmitNs, int segEnd, long reoWndNs, long nowNs) {
        if (!delivered || !sentAfter(xmitNs, endSeq, segXmitNs, segEnd)) {
            return NOT_YET;
        }
        return segXmitNs + rttNs + reoWndNs - nowNs;
    }

    /** RFC 8985 RACK_sent_after: whether (t1, seq1) was sent after (t2, seq2). */
    static boolean sentAfter(long t1, int seq1, long t2, int seq2) {
        return t1 > t2 || (t1 == t2 && SeqNum.gt(seq1, seq2));
    }

    /** RACK.rtt, or -1 before the first delivery. */
    public long rttNs() {
        return delivered ? rttNs : -1;
    }

    /** RACK.min_RTT, or -1 before the first sample. */
    public long minRttNs() {
        return minRttNs == Long.MAX_VALUE ? -1 : minRttNs;
    }

    public boolean reorderingSeen() {
        return reorderingSeen;
    }

    /** The reordering window's multiplier (1 until a D-SACK). */
    public int reoWndMult() {
        return reoWndMult;
    }
}
