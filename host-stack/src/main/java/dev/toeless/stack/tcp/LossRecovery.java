package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.rack.SentSegments;
import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.stack.tcp.sack.SackScoreboard;

/**
 * Loss recovery of one connection's send side: duplicate-ACK counting, limited transmit
 * (RFC 3042), fast retransmit, and recovery until the recovery point is acknowledged: NewReno
 * (RFC 6582: the congestion control holds cwnd at ssthresh, and this class keeps the temporary
 * inflation, 3 SMSS on entry and one per further duplicate ACK, deflated by partial ACKs) or,
 * when the peer SACKs, RFC 6675 with the {@link SackScoreboard} (pipe against cwnd, NextSeg picks
 * lost holes, new data or other holes), entered on any ACK after which IsLost(SND.UNA), and a
 * lost retransmission (of any hole) sent again once enough data sent after it is SACKed. After a timeout the
 * scoreboard is kept once, so the go-back-N resend skips SACKed data, and cleared after a
 * second timeout in case the peer reneged (RFC 2018 section 8).
 *
 * <p>With {@link LossDetection#RACK_TLP} (the default) a SACK sender hands loss detection and the
 * sending in recovery to {@link RackRecovery} (RFC 8985 with RFC 6937); this class then keeps only
 * the recovery flag and point, duplicate-ACK counting and limited transmit.
 */
final class LossRecovery {
    private final TcpSender s;
    private final TcpCounters counters;
    /** The scoreboard, when the peer permitted SACK; null otherwise. */
    SackScoreboard scoreboard;
    int dupAcks;
    boolean inRecovery;
    /** RFC 6582 window inflation during NewReno recovery, added to cwnd by the sender. */
    long inflationBytes;
    /** RFC 6582 "recover": SND.MAX when recovery (or the last timeout) began. */
    private int recover;
    /** RACK-TLP with PRR when so configured; used once the peer permits SACK. */
    private final RackRecovery rack;
    /** RFC 6675 HighRxt: one past the highest byte retransmitted in this recovery. */
    private int highRxt;
    /** Bytes the last ACK SACKed for the first time (RFC 6675's test of a duplicate ACK). */
    private long newlySackedBytes;
    /** Retransmissions not yet answered, when the peer SACKs (created on the first one). */
    private RetransmitLog retransmits;

    LossRecovery(TcpSender sender, TcpCounters counters, LossDetection detection) {
        this.s = sender;
        this.counters = counters;
        this.rack = detection == LossDetection.RACK_TLP ? new RackRecovery(sender, this, counters) : null;
    }

    /** Whether RACK-TLP runs this connection's recovery (configured, and the peer SACKs). */
    boolean rackMode() {
        return rack != null && scoreboard != null;
    }

    /** Whether a PRR recovery runs: the sending is the ACKs' share, not whatever the window leaves. */
    boolean prrPaces() {
        return rackMode() && inRecovery && rack.endsAtSsthresh();
    }

    /** RACK's state, for tests and reports; null unless {@link #rackMode()}. */
    RackRecovery rack() {
        return rackMode() ? rack : null;
    }

    /** Recovery begins now, up to SND.MAX (RACK's entry; RFC 6675's is {@link #enterRecovery}). */
    void beginRecovery() {
        inRecovery = true;
        recover = s.max;
    }

    /** When RACK's reordering timer is due, or {@link TcpSender#NEVER}. */
    long reorderDeadlineNs() {
        return rackMode() && s.connectionState() != TcpState.CLOSED ? rack.reorderDeadlineNs() : TcpSender.NEVER;
    }

    void onReorderTimeout(long nowNs) {
        rack.onReorderTimeout(nowNs);
    }

    void start(int iss) {
        recover = iss;
    }

    /** Turns SACK-based recovery on, with segments of {@code mssBytes}. */
    void enableSack(int sndUna, int mssBytes, int ranges) {
        scoreboard = new SackScoreboard(ranges);
        scoreboard.reset(sndUna, mssBytes);
    }

    /** Feeds an acceptable ACK's cumulative point and SACK blocks to the scoreboard. */
    void onSackInfo(TcpSegment seg, int ack) {
        newlySackedBytes = 0;
        if (rackMode()) {
            rack.beforeAck(scoreboard);
        }
        if (scoreboard == null || (seg.sackBlockCount() == 0 && !SeqNum.gt(ack, s.una))) {
            return;
        }
        newlySackedBytes = scoreboard.update(SeqNum.max(ack, s.una), s.max, seg.sackBlocks(), seg.sackBlockCount());
        if (scoreboard.dsackReported()) {
            counters.rare().dsackBlocksIn++; // the peer got something twice: a spurious retransmission
        }
    }

    /**
     * New data was acknowledged (SND.UNA already moved). Returns true when recovery handled it;
     * false when the congestion control should see an ordinary ACK.
     */
    boolean onNewAck(long nowNs, int ack, long ackedBytes) {
        if (rackMode()) {
            return onNewAckRack(nowNs, ack, ackedBytes);
        }
        if (!inRecovery) {
            dupAcks = 0;
            return false;
        }
        if (SeqNum.ge(ack, recover)) {
            inRecovery = false;
            dupAcks = 0;
            inflationBytes = 0;
            s.cc.onExitRecovery(nowNs, s.inFlight());
        } else if (scoreboard != null) {
            s.cc.onRecoveryAck(nowNs, ackedBytes, s.inFlight());
            sendWithinPipe(nowNs);
        } else {
            s.cc.onRecoveryAck(nowNs, ackedBytes, s.inFlight());
            // RFC 6582 3.2 step 3: deflate by what was acknowledged, add back one segment
            inflationBytes = Math.max(0, inflationBytes - ackedBytes) + (ackedBytes >= s.mss ? s.mss : 0);
            s.retransmitFirst(nowNs);
        }
        return true;
    }

    /** RACK mode: the ranges below SND.UNA were delivered; the full ACK ends recovery. */
    private boolean onNewAckRack(long nowNs, int ack, long ackedBytes) {
        rack.onCumulativeAck(nowNs);
        if (!inRecovery) {
            dupAcks = 0;
            return false;
        }
        if (SeqNum.ge(ack, recover)) {
            inRecovery = false;
            dupAcks = 0;
            // PRR has paced the flight down to ssthresh: the window ends there (RFC 9937, as Linux's
            // tcp_end_cwnd_reduction), not at the flight plus one segment (RFC 6582's burst guard)
            final long flight = rack.endsAtSsthresh() ? Math.max(s.inFlight(), s.cc.ssthreshBytes()) : s.inFlight();
            rack.onRecoveryEnd();
            s.cc.onExitRecovery(nowNs, flight);
        } else {
            s.cc.onRecoveryAck(nowNs, ackedBytes, s.inFlight());
        }
        return true;
    }

    /** A duplicate ACK (RFC 5681 definition) arrived. */
    void onDupAck(long nowNs) {
        dupAcks++;
        counters.rare().dupAcksIn++;
        if (s.cc == null) {
            return;
        }
        if (rackMode()) {
            if (!inRecovery && dupAcks < SackScoreboard.DUP_THRESH) {
                s.output(nowNs, (long) dupAcks * s.mss, false); // limited transmit; RACK judges loss
            }
            return;
        }
        if (inRecovery) {
            if (scoreboard != null) {
                sendWithinPipe(nowNs);
            } else {
                inflationBytes += s.mss; // RFC 6582 3.2 step 3: each further duplicate ACK
                s.output(nowNs, 0, false);
            }
        } else if (dupAcks >= SackScoreboard.DUP_THRESH && SeqNum.gt(s.una, recover)) {
            enterRecovery(nowNs);
        } else if (sackShowsUnaLost()) {
            counters.rare().sackLossDetections++;
            enterRecovery(nowNs);
        } else if (dupAcks < SackScoreboard.DUP_THRESH) {
            s.output(nowNs, (long) dupAcks * s.mss, false); // limited transmit
        }
    }

    /** Linux's {@code tcp_info} counts of the outstanding data, in segments. */
    SendQueueCounts counts() {
        final long mss = Math.max(s.mss, 1);
        final long unacked = segments(SeqNum.distance(s.una, s.max), mss);
        if (!rackMode()) {
            final long sacked = scoreboard != null ? segments(scoreboard.sackedBytes(), mss) : dupAcks;
            return new SendQueueCounts(unacked, sacked, 0, 0, SackScoreboard.DUP_THRESH, 0);
        }
        final var sent = rack.sent;
        final long lost = sent.bytesWith(SentSegments.MARKED_LOST, SentSegments.SACKED);
        final long retrans = sent.bytesWith(SentSegments.RETRANSMITTED, SentSegments.SACKED | SentSegments.LOST);
        return new SendQueueCounts(unacked, segments(scoreboard.sackedBytes(), mss), segments(lost, mss),
            segments(retrans, mss), rack.reordering(), rack.reorderingSeen());
    }

    private static long segments(long bytes, long mss) {
        return (bytes + mss - 1) / mss;
    }

    /** Bytes the last ACK SACKed for the first time. */
    long newlySackedBytes() {
        return newlySackedBytes;
    }

    /** SACKed bytes in {@code [from, to)} as the scoreboard holds them now (0 without SACK). */
    long sackedBetween(int from, int to) {
        if (scoreboard == null || !SeqNum.lt(from, to)) {
            return 0;
        }
        long bytes = 0;
        for (int r = 0; r < scoreboard.rangeCount(); r++) {
            final int start = SeqNum.max(scoreboard.rangeStart(r), from);
            final int end = SeqNum.min(scoreboard.rangeEnd(r), to);
            if (SeqNum.lt(start, end)) {
                bytes += SeqNum.distance(start, end);
            }
        }
        return bytes;
    }

    /**
     * RFC 6675 section 2: an ACK at SND.UNA that SACKs data not SACKed before is a duplicate ACK
     * even when it also moves the window (a receiver growing its buffer does so on most ACKs).
     */
    boolean sackedNewData() {
        return newlySackedBytes > 0;
    }

    /**
     * The sender sent {@code [seq, seq + len)} (and the FIN) at {@code nowNs}: RACK records every
     * transmission; RFC 6675 mode logs retransmissions when the peer SACKs.
     */
    void onSent(long nowNs, int seq, long len, boolean fin, boolean retransmission) {
        if (rackMode()) {
            rack.onSent(nowNs, seq, len, fin);
        } else if (retransmission) {
            onRetransmit(seq, len, fin);
        }
    }

    private void onRetransmit(int seq, long len, boolean fin) {
        if (scoreboard == null) {
            return;
        }
        if (retransmits == null) {
            retransmits = new RetransmitLog();
        }
        retransmits.record(seq, SeqNum.add(seq, len + (fin ? 1 : 0)), s.max);
    }

    /**
     * After any acceptable ACK. RFC 6675 section 5 enters recovery when IsLost(SND.UNA), not only
     * on the third duplicate ACK: a receiver that acknowledges every second or third segment
     * (Linux with GRO) rarely sends three duplicates, but its SACK blocks show DupThresh segments
     * (or (DupThresh - 1) * SMSS bytes) above the hole at once, often on the ACK that also moves
     * SND.UNA up to the hole. And a retransmission, at SND.UNA or at any hole above it, is lost
     * by the same rule applied to data sent after it (the time order RACK uses, RFC 8985): it is
     * sent again instead of waiting for the timer.
     */
    void onAckProcessed(long nowNs) {
        if (rackMode()) {
            if (s.cc != null) {
                rack.onAckProcessed(nowNs, scoreboard);
            }
            return;
        }
        if (retransmits != null) {
            retransmits.acknowledgedTo(s.una);
        }
        if (scoreboard == null || s.cc == null || !SeqNum.lt(s.una, s.max)) {
            return;
        }
        if (retransmits != null && retransmits.count() > 0) {
            resendLostRetransmissions(nowNs);
            if (retransmits.covers(s.una)) {
                return; // SND.UNA's loss is being repaired, not a new one
            }
        }
        if (!inRecovery && sackShowsUnaLost()) {
            counters.rare().sackLossDetections++;
            enterRecovery(nowNs);
        }
    }

    /** Sends again each retransmission that data sent after it shows lost. */
    private void resendLostRetransmissions(long nowNs) {
        final long threshold = (long) (SackScoreboard.DUP_THRESH - 1) * s.mss;
        final int dataEnd = s.queue.endSeq();
        for (int i = 0; i < retransmits.count(); i++) {
            final int seq = SeqNum.max(retransmits.start(i), s.una);
            if (scoreboard.isSacked(seq) || sackedFrom(retransmits.sndMaxAtSend(i)) <= threshold) {
                continue;
            }
            long len = SeqNum.lt(seq, dataEnd) ? Math.min(SeqNum.distance(seq, retransmits.end(i)),
                SeqNum.distance(seq, dataEnd)) : 0;
            len = Math.min(Math.min(len, s.mss), sackedStartAbove(seq));
            final boolean fin = s.finQueued && SeqNum.add(seq, len) == dataEnd && SeqNum.gt(s.max, dataEnd)
                && SeqNum.gt(retransmits.end(i), dataEnd);
            if (len == 0 && !fin) {
                continue;
            }
            counters.rare().lostRetransmits++;
            highRxt = SeqNum.max(highRxt, s.transmit(nowNs, seq, len, fin)); // logs it again, with today's SND.MAX
        }
    }

    /** Bytes from {@code seq} to the next SACKed range above it (or a large number). */
    private long sackedStartAbove(int seq) {
        for (int r = 0; r < scoreboard.rangeCount(); r++) {
            if (SeqNum.gt(scoreboard.rangeStart(r), seq)) {
                return SeqNum.distance(seq, scoreboard.rangeStart(r));
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * IsLost(SND.UNA) by the scoreboard, for a new loss: SND.UNA at or beyond the recovery point.
     * RFC 6582 wants it strictly beyond for duplicate ACKs, which a retransmission can cause; SACK
     * blocks for data sent after the recovery point cannot, so a loss right at the point that
     * ended the last recovery starts the next one instead of waiting for the timer.
     */
    private boolean sackShowsUnaLost() {
        return scoreboard != null && SeqNum.ge(s.una, recover) && scoreboard.isLost(s.una);
    }

    /** SACKed bytes at or above {@code seq}. */
    private long sackedFrom(int seq) {
        long bytes = 0;
        for (int r = scoreboard.rangeCount() - 1; r >= 0; r--) {
            final int end = scoreboard.rangeEnd(r);
            if (!SeqNum.gt(end, seq)) {
                break;
            }
            bytes += SeqNum.distance(SeqNum.max(scoreboard.rangeStart(r), seq), end);
        }
        return bytes;
    }

    /** Fast retransmit and entry into loss recovery (RFC 6582 section 3.2, RFC 6675 section 5). */
    private void enterRecovery(long nowNs) {
        inRecovery = true;
        recover = s.max;
        counters.rare().recoveryEpisodes++;
        counters.rare().fastRetransmits++;
        s.cc.onEnterRecovery(nowNs, s.inFlight());
        s.retransmitFirst(nowNs);
        s.rtxDeadlineNs = nowNs + s.rtt.rtoNs();
        if (scoreboard != null) {
            highRxt = SeqNum.min(SeqNum.add(s.una, s.mss), s.max);
            sendWithinPipe(nowNs);
        } else {
            inflationBytes = 3L * s.mss; // the three segments that left the network
        }
    }

    /**
     * RFC 6675 section 5 step (C): while the pipe leaves a segment's room under cwnd, send
     * what NextSeg picks: a lost hole, new data, or another hole.
     */
    private void sendWithinPipe(long nowNs) {
        final long cwnd = Math.max(s.cc.cwndBytes(), s.mss);
        final int segMss = s.boundedMss();
        for (int guard = 0; guard < 4096; guard++) {
            if (cwnd - scoreboard.pipe(s.nxt, highRxt) < segMss) {
                return;
            }
            final int end = s.queue.endSeq();
            final long avail = SeqNum.lt(s.nxt, end) ? SeqNum.distance(s.nxt, end) : 0;
            final long sent = SeqNum.distance(s.una, s.nxt);
            final long room = s.wnd > sent ? s.wnd - sent : 0;
            switch (scoreboard.nextSeg(s.nxt, highRxt, avail > 0 && room > 0)) {
                case RETRANSMIT_LOST, RETRANSMIT -> {
                    final int seq = scoreboard.nextSeq();
                    final long len = Math.min(scoreboard.nextLengthBytes(),
                        SeqNum.lt(seq, end) ? SeqNum.distance(seq, end) : 0);
                    final boolean fin = s.finQueued && SeqNum.add(seq, len) == end && SeqNum.gt(s.max, end);
                    if (len == 0 && !fin) {
                        return;
                    }
                    highRxt = SeqNum.max(highRxt, s.transmit(nowNs, seq, len, fin));
                }
                case NEW_DATA -> {
                    final long len = Math.min(Math.min(avail, room), segMss);
                    final boolean fin = s.finQueued && SeqNum.add(s.nxt, len) == end;
                    s.nxt = s.transmit(nowNs, s.nxt, len, fin);
                    s.max = SeqNum.max(s.max, s.nxt);
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** The retransmission timer fired: recovery is over; {@code forgetSacks} after repeated timeouts. */
    void onTimeout(boolean forgetSacks) {
        inRecovery = false;
        inflationBytes = 0;
        dupAcks = 0;
        recover = s.max; // RFC 6582: no fast retransmit for data sent before the timeout
        if (scoreboard != null && forgetSacks) {
            scoreboard.clear(); // RFC 2018 section 8: the peer may have reneged
        }
        if (retransmits != null) {
            retransmits.clear(); // go-back-N from SND.UNA logs its own
        }
        if (rackMode()) {
            rack.onTimeout(forgetSacks);
        }
    }

    /** After a timeout, resending from {@code nxt} skips what the peer has SACKed (as Linux does). */
    int skipSacked(int nxt) {
        if (scoreboard == null || !SeqNum.lt(nxt, s.max)) {
            return nxt;
        }
        for (int r = 0; r < scoreboard.rangeCount(); r++) {
            if (SeqNum.le(scoreboard.rangeStart(r), nxt) && SeqNum.lt(nxt, scoreboard.rangeEnd(r))) {
                return SeqNum.min(scoreboard.rangeEnd(r), s.max);
            }
        }
        return nxt;
    }
}
