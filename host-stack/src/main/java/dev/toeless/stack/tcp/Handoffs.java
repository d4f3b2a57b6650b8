package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import org.agrona.collections.IntArrayList;

/**
 * Moves an established connection's state out of one {@link TcpConnection} and into another
 * ({@link TcpConnection#handOff}, {@link TcpConnection#resume}): the same engine on both sides, so
 * the state is its own fields, read on one side and written on the other.
 */
final class Handoffs {
    private Handoffs() {
    }

    static boolean canHandOff(TcpConnection c) {
        return (c.state == TcpState.ESTABLISHED || c.state == TcpState.CLOSE_WAIT) && !c.snd.finQueued
            && c.snd.queue.headSeq() == c.snd.una;
    }

    static TcpHandoff export(TcpConnection c) {
        if (!canHandOff(c)) {
            throw new IllegalStateException("cannot hand off a connection in " + c.state);
        }
        final IntArrayList send = new IntArrayList();
        c.snd.queue.handOver(send);
        final IntArrayList received = new IntArrayList();
        final IntArrayList outOfOrder = new IntArrayList();
        c.rcv.queue.handOver(received, outOfOrder);
        final TcpHandoff h = new TcpHandoff(c.state, c.snd.iss, c.snd.una, c.snd.max, c.snd.wnd, c.snd.maxWnd,
            c.snd.wl1, c.snd.wl2, c.snd.wscale, c.snd.peerMss, c.rcv.irs, c.rcv.nxt, c.rcv.advRight, c.rcv.wscale,
            c.rcv.mss, c.opts.tsOn, c.opts.sackOn, c.opts.wsOn, c.opts.tsRecent, c.opts.tsRecentNs, c.opts.tsOffset,
            c.snd.rtt.srttNs(), c.snd.rtt.rttvarNs(), send, received, outOfOrder);
        c.enterClosed(CloseReason.NORMAL);
        return h;
    }

    static void resume(TcpConnection c, long nowNs, TcpHandoff h) {
        if (c.state != TcpState.CLOSED) {
            throw new IllegalStateException("resume on a connection in " + c.state);
        }
        c.activeOpen = false;
        c.snd.start(h.iss());
        c.opts.tsOn = h.tsOn();
        c.opts.sackOn = h.sackOn();
        c.opts.wsOn = h.wsOn();
        c.opts.tsRecent = h.tsRecent();
        c.opts.tsRecentNs = h.tsRecentNs();
        c.opts.tsOffset = h.tsOffset();
        c.snd.peerMss = h.peerMss();
        c.snd.wscale = h.sndWscale();
        c.snd.updateMss(h.tsOn());
        c.rcv.wscale = h.rcvWscale();
        c.rcv.start(h.irs(), c.snd.mss);
        c.rcv.mss = h.rcvMss();
        c.rcv.nxt = h.rcvNxt();
        // in CLOSE_WAIT the peer's FIN is consumed (RCV.NXT is past it): the reader still gets its end of stream
        c.rcv.finReceived = h.state() == TcpState.CLOSE_WAIT;
        c.rcv.lastAckSent = h.rcvNxt();
        c.rcv.advRight = h.rcvAdvRight();
        c.snd.una = h.sndUna();
        c.snd.nxt = h.sndUna();
        c.snd.max = h.sndMax();
        c.snd.wnd = h.sndWnd();
        c.snd.maxWnd = h.sndMaxWnd();
        c.snd.wl1 = h.sndWl1();
        c.snd.wl2 = h.sndWl2();
        c.snd.queue.start(h.sndUna());
        c.snd.recovery.start(h.sndUna());
        c.state = h.state();
        c.established(nowNs);
        c.snd.rtt.restore(h.srttNs(), h.rttvarNs());
        final IntArrayList send = h.sendData();
        for (int i = 0; i < send.size(); i += 3) {
            c.snd.queue.append(send.getInt(i), send.getInt(i + 1), send.getInt(i + 2));
        }
        final TcpSegment seg = new TcpSegment();
        final IntArrayList received = h.received();
        for (int i = 0; i < received.size(); i += 3) {
            seg.clear().addFragment(received.getInt(i), received.getInt(i + 1), received.getInt(i + 2));
            c.rcv.queue.appendInOrder(seg);
        }
        final IntArrayList ooo = h.outOfOrder();
        for (int i = 0; i < ooo.size(); i += 4) {
            seg.clear().seq(ooo.getInt(i)).addFragment(ooo.getInt(i + 1), ooo.getInt(i + 2), ooo.getInt(i + 3));
            c.rcv.queue.insertOutOfOrder(seg);
        }
        if (SeqNum.lt(c.snd.una, c.snd.max) || c.snd.queue.bytes() > 0) {
            c.snd.rttTiming = false;
            c.snd.output(nowNs, 0, false);
            if (c.snd.rtxDeadlineNs == TcpSender.NEVER && SeqNum.lt(c.snd.una, c.snd.max)) {
                c.snd.rtxDeadlineNs = nowNs + c.snd.rtt.rtoNs();
            }
        }
        c.sendAckNow(nowNs); // the peer hears the new engine's window at once
    }
}
