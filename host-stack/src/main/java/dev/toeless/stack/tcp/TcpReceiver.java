package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.nic.mem.HostMemory;

/**
 * The receive side of one connection: the receive sequence variables of RFC 9293 (IRS, RCV.NXT,
 * and the right edge of the window we advertised), segment acceptability, trimming to the
 * window, in-order and out-of-order queueing (as page references, in the {@link ReceiveQueue}),
 * the window we advertise (bounded by the host's {@link ReceiveWindowLimit}) with receiver-side
 * silly-window avoidance, and the ACK policy:
 * delayed ACK for in-order data (at least every second full segment), an ACK for a filled hole,
 * both sent when the receive batch ends (or at once when the reader takes the data first), and an
 * immediate ACK for out-of-order data and window surprises.
 */
final class TcpReceiver {
    private final TcpConfig config;
    private final HostMemory memory;
    private final TcpTimers timers;
    private final TcpCounters counters;
    final ReceiveQueue queue;

    int irs;
    int nxt;
    /** RCV.NXT + the window last advertised: never moves left. */
    int advRight;
    int wscale;
    /** The largest segment seen, at most our MSS: what counts as a full segment for the ACK policy. */
    int mss;
    /** ACKs still to send at once (Linux's quickack mode, {@link TcpConfig#quickAcks()}). */
    private int quickAcks;
    private boolean dataSeen;
    boolean finReceived;
    boolean oooFin;
    int oooFinSeq;
    /** RFC 7323 Last.ACK.sent. */
    int lastAckSent;
    boolean ackNow;
    long unackedBytes;
    /** The pending ACK goes out when the receive batch ends (or the next segment arrives). */
    boolean batchEndAck;
    /** Unacknowledged data came with PSH: the reader emptying the queue sends the ACK at once. */
    boolean pushPending;
    /** The host's socket-memory allowance, asked whenever a window is computed. */
    ReceiveWindowLimit limit = ReceiveWindowLimit.UNLIMITED;

    TcpReceiver(TcpConfig config, HostMemory memory, TcpTimers timers, TcpCounters counters, int wscale) {
        this.config = config;
        this.memory = memory;
        this.timers = timers;
        this.counters = counters;
        this.queue = new ReceiveQueue(memory);
        this.wscale = wscale;
        this.mss = Math.min(TcpSender.DEFAULT_PEER_MSS, config.mssBytes());
    }

    /** The peer's SYN arrived with sequence number {@code initial}. */
    void start(int initial, int sendMss) {
        irs = initial;
        nxt = initial + 1;
        lastAckSent = nxt;
        mss = Math.min(mss, sendMss);
        advRight = SeqNum.add(nxt, Math.min(freeBytes(), 0xFFFFL << wscale));
    }

    /** The window as last advertised, from RCV.NXT. */
    long window() {
        return SeqNum.gt(advRight, nxt) ? SeqNum.distance(nxt, advRight) : 0;
    }

    /** RFC 9293 segment acceptability (3.10.7.4 first step), on the window we advertised. */
    boolean acceptable(TcpSegment seg) {
        final long len = seg.seqLength();
        final long wnd = window();
        final int seq = seg.seq();
        if (wnd == 0) {
            return seq == nxt; // data is trimmed away; ACK, RST and window still count
        }
        if (len == 0) {
            return SeqNum.inWindow(seq, nxt, wnd);
        }
        return SeqNum.inWindow(seq, nxt, wnd) || SeqNum.inWindow(SeqNum.add(seq, len - 1), nxt, wnd);
    }

    /**
     * Cuts the payload to the part inside the window (releasing the rest). Returns whether a FIN
     * in the segment still counts (not old, not beyond the window).
     */
    boolean trimToWindow(TcpSegment seg) {
        boolean fin = seg.has(TcpFlags.FIN);
        if (fin && SeqNum.lt(SeqNum.add(seg.seq(), seg.payloadBytes()), nxt)) {
            fin = false; // an old FIN, already counted
        }
        if (SeqNum.lt(seg.seq(), nxt)) {
            seg.trimFront(SeqNum.distance(seg.seq(), nxt), memory);
        }
        final long wnd = window();
        final long offsetInWindow = SeqNum.distance(nxt, seg.seq());
        if (offsetInWindow + seg.payloadBytes() > wnd) {
            seg.trimBack(offsetInWindow + seg.payloadBytes() - Math.max(wnd, offsetInWindow), memory);
            fin = false;
            ackNow = true; // tell the sender what the window really is
        }
        return fin;
    }

    /**
     * Takes in-order data at RCV.NXT (the segment's references), pulls in out-of-order runs it
     * joins, and schedules the ACK. Returns true when this reaches a FIN seen earlier out of order.
     */
    boolean acceptInOrder(long nowNs, TcpSegment seg, long len) {
        final long wireSegment = seg.gsoSizeBytes() > 0 ? seg.gsoSizeBytes() : len; // a GRO'd segment counts per wire segment
        // never above the MSS we announced (Linux's rcv_mss is capped by advmss): a segment merged
        // without its wire size (no GSO size) must not make "two full segments" a window's worth
        mss = (int) Math.max(mss, Math.min(wireSegment, config.mssBytes()));
        if (!dataSeen) {
            dataSeen = true;
            quickAcks = config.quickAcks(); // the first data: acknowledge at once for a while
        }
        queue.appendInOrder(seg);
        nxt = SeqNum.add(nxt, len);
        final boolean holeFilled = queue.hasOutOfOrder(); // filling (part of) a hole is acknowledged now
        if (holeFilled) {
            nxt = queue.drain(nxt);
        }
        unackedBytes += len;
        pushPending |= seg.has(TcpFlags.PSH);
        if (holeFilled || unackedBytes >= 2L * mss || quickAcks > 0) {
            // The ACK (for a filled hole, or for every second full segment) is due, but goes out
            // when this receive batch ends (a deadline of now) or the next segment arrives,
            // whichever is first: a reader that runs first takes the data, and the ACK then
            // offers the room it freed instead of a window short by what it just took.
            batchEndAck = true;
            timers.ackAtBatchEnd(nowNs);
        } else if (!ackNow) {
            timers.startDelayedAck(nowNs);
        }
        return oooFin && nxt == oooFinSeq;
    }

    /** An ACK waits for the end of the receive batch. */
    boolean batchEndAckPending() {
        return batchEndAck;
    }

    /** Queues data beyond a hole (takes the references) and asks for an immediate ACK. */
    void acceptOutOfOrder(TcpSegment seg) {
        counters.rare().outOfOrderSegments++;
        if (queue.insertOutOfOrder(seg) == ReceiveQueue.Insert.DUPLICATE) {
            counters.rare().duplicateSegments++;
        }
        ackNow = true; // RFC 5681 4.2: out-of-order data is acknowledged at once
    }

    /** Remembers a FIN that arrived beyond a hole. */
    void noteFinAhead(int finSeq) {
        oooFin = true;
        oooFinSeq = finSeq;
        ackNow = true;
    }

    /** The peer's FIN is consumed: RCV.NXT moves past it. */
    void consumeFin() {
        finReceived = true;
        oooFin = false;
        nxt = nxt + 1;
        ackNow = true;
    }

    /**
     * Whether a read should send the delayed ACK now (as Linux's {@code tcp_cleanup_rbuf}): more
     * than one full segment is unacknowledged, or pushed data was all taken by the reader.
     */
    boolean delayedAckDueAfterRead() {
        return unackedBytes > mss || (unackedBytes > 0 && pushPending && queue.readableBytes() == 0);
    }

    /** Whether a read freed enough to announce: the window at least doubles, by a useful amount (as Linux). */
    boolean windowUpdateDue() {
        final long current = window();
        final long free = freeBytes();
        return free >= 2 * current && free - current >= Math.min(config.receiveBufferBytes() / 2, mss);
    }

    /**
     * The window field to advertise: free receive buffer, moved right only in steps of at least
     * min(buffer / 2, MSS) (receiver SWS avoidance, RFC 9293 3.8.6.2.2), never shrinking, scaled
     * and rounded up to a whole unit of the scale.
     */
    int windowField(boolean synchronizedState) {
        final long free = freeBytes();
        final long current = window();
        final long unit = 1L << wscale;
        long wnd = current;
        if (free - current >= Math.min(config.receiveBufferBytes() / 2, mss)) {
            // rounded down to the scale unit (as Linux) so the offer never exceeds what memory allows
            wnd = Math.max(current, free & -unit);
        }
        final long field = Math.min(0xFFFF, (wnd + unit - 1) >> wscale);
        final long advertised = field << wscale;
        if (SeqNum.gt(SeqNum.add(nxt, advertised), advRight) || !synchronizedState) {
            advRight = SeqNum.add(nxt, advertised);
        }
        return (int) field;
    }

    /**
     * Room to offer: the receive buffer less what is queued, bounded by the socket-memory
     * allowance (which already counts what is queued and charged).
     */
    long freeBytes() {
        final long own = config.receiveBufferBytes() - queue.readableBytes();
        return Math.max(0, Math.min(own, limit.allowanceBytes()));
    }

    /** An ACK for everything up to RCV.NXT has gone out. */
    void onAckSent() {
        if (quickAcks > 0 && unackedBytes > 0) {
            quickAcks = (int) Math.max(0, quickAcks - Math.max(1, unackedBytes / Math.max(1, mss)));
        }
        lastAckSent = nxt;
        ackNow = false;
        unackedBytes = 0;
        pushPending = false;
        batchEndAck = false;
        timers.cancelDelayedAck();
    }
}
