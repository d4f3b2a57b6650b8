package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * Builds what a connection sends into a scratch {@link TcpSegment} (its stack's {@link SegmentScratch}): the header with
 * ACK and advertised window, timestamps and SACK blocks (a pending D-SACK first), SYN options,
 * and RSTs, and hands it to the {@link SegmentSink}. Sending anything with ACK settles the
 * receive side's pending ACK.
 */
final class SegmentWriter {
    private final TcpConnection c;
    private final SegmentSink output;
    private final TcpCounters counters;
    private final SegmentScratch scratch;

    SegmentWriter(TcpConnection c, SegmentSink output, TcpCounters counters, SegmentScratch scratch) {
        this.c = c;
        this.output = output;
        this.counters = counters;
        this.scratch = scratch;
    }

    /** Fills the scratch segment with header, ACK, window, timestamps and SACK blocks. */
    TcpSegment prepare(int seq, int flags, long nowNs) {
        final TcpSegment out = scratch.segment();
        out.clear().header(seq, c.rcv.nxt, flags, c.rcv.windowField(c.state().isSynchronized()));
        if (c.opts.tsOn) {
            out.timestamps(c.opts.tsClock(nowNs), c.opts.tsRecent);
        }
        if (c.opts.sackOn) {
            c.rcv.queue.writeSackBlocks(out, c.opts.tsOn ? 3 : 4, c.rcv.nxt);
        }
        return out;
    }

    /** The SYN or SYN-ACK, with the options we offer (or accept, in a SYN-ACK). */
    TcpSegment prepareSyn(int iss, boolean withAck, long nowNs) {
        final TcpSegment out = scratch.segment();
        out.clear().header(iss, withAck ? c.rcv.nxt : 0, TcpFlags.SYN | (withAck ? TcpFlags.ACK : 0),
            (int) Math.min(0xFFFF, c.rcv.freeBytes())); // the SYN's window is never scaled
        c.opts.writeSynOptions(c.config(), out, withAck, nowNs, c.rcv.wscale);
        return out;
    }

    /** Hands the scratch segment to the sink; an ACK rides on it, so no ACK is pending after. */
    void emit(TcpSegment seg, long nowNs) {
        if (seg.has(TcpFlags.ACK)) {
            c.rcv.onAckSent();
        }
        if (seg.sackBlockCount() > 0 && c.opts.sackOn && SeqNum.lt(seg.sackLeft(0), c.rcv.nxt)) {
            counters.rare().dsackBlocksOut++;
        }
        counters.segmentsOut++;
        transmit(seg);
        seg.forgetFragments();
    }

    /** A RST (or RST|ACK): no options, no window, nothing held for it. */
    void rst(int seq, int ack, int flags) {
        counters.rare().resetsOut++;
        final TcpSegment out = scratch.segment();
        out.clear().header(seq, ack, flags, 0);
        counters.segmentsOut++;
        transmit(out);
    }

    /** An abort's RST|ACK at {@code seq}: the ACK of RCV.NXT and the timestamps when on, no window. */
    void activeRst(int seq, long nowNs) {
        counters.rare().resetsOut++;
        final TcpSegment out = scratch.segment();
        out.clear().header(seq, c.rcv.nxt, TcpFlags.RST | TcpFlags.ACK, 0);
        if (c.opts.tsOn) {
            out.timestamps(c.opts.tsClock(nowNs), c.opts.tsRecent);
        }
        counters.segmentsOut++;
        transmit(out);
    }

    private void transmit(TcpSegment seg) {
        final boolean wasLent = scratch.lend(seg);
        try {
            output.transmit(seg);
        } finally {
            scratch.returned(wasLent);
        }
    }
}
