package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * The opening handshake of a {@link TcpConnection} (RFC 9293 3.5): the LISTEN and SYN-SENT
 * states, simultaneous open, the options a SYN brings (through {@link OptionState}), completion
 * of a SYN-cookie handshake, and what becomes ready once the connection is established
 * (congestion control, the SACK scoreboard).
 */
final class TcpHandshake {
    /** SACKed ranges the scoreboard remembers. */
    private static final int SACK_RANGES = 32;

    private final TcpConnection c;

    TcpHandshake(TcpConnection c) {
        this.c = c;
    }

    void onListen(long nowNs, TcpSegment seg) {
        if (seg.has(TcpFlags.RST)) {
            return;
        }
        if (seg.has(TcpFlags.ACK)) {
            c.sendRst(nowNs, seg.ack());
            return;
        }
        if (!seg.has(TcpFlags.SYN)) {
            return;
        }
        acceptSynOptions(nowNs, seg);
        c.snd.wnd = seg.windowField();
        c.snd.maxWnd = c.snd.wnd;
        c.snd.wl1 = seg.seq();
        c.snd.wl2 = c.snd.iss;
        c.state = TcpState.SYN_RECEIVED;
        c.snd.sendSyn(nowNs, true);
    }

    void onSynSent(long nowNs, TcpSegment seg) {
        final boolean hasAck = seg.has(TcpFlags.ACK);
        if (hasAck && (SeqNum.le(seg.ack(), c.snd.iss) || SeqNum.gt(seg.ack(), c.snd.max))) {
            if (!seg.has(TcpFlags.RST)) {
                c.sendRst(nowNs, seg.ack());
            }
            return;
        }
        if (seg.has(TcpFlags.RST)) {
            if (hasAck) {
                c.counters.rare().resetsIn++;
                c.enterClosed(CloseReason.REFUSED);
            }
            return;
        }
        if (!seg.has(TcpFlags.SYN)) {
            return;
        }
        acceptSynOptions(nowNs, seg);
        if (hasAck) {
            c.snd.onAck(nowNs, seg);
            c.snd.wnd = (long) seg.windowField(); // a SYN's window is never scaled
            c.snd.maxWnd = c.snd.wnd;
            c.snd.wl1 = seg.seq();
            c.snd.wl2 = seg.ack();
            c.state = TcpState.ESTABLISHED;
            established(nowNs);
            c.rcv.ackNow = true;
        } else {
            c.state = TcpState.SYN_RECEIVED; // simultaneous open
            c.snd.wnd = seg.windowField();
            c.snd.maxWnd = c.snd.wnd;
            c.snd.wl1 = seg.seq();
            c.snd.wl2 = c.snd.iss;
            c.snd.rtxDeadlineNs = TcpSender.NEVER;
            c.snd.sendSyn(nowNs, true);
        }
    }

    /** Both SYNs crossed: the peer's SYN-ACK acknowledges ours (as Linux accepts it). */
    void simultaneousOpenCompletes(long nowNs, TcpSegment seg) {
        c.state = TcpState.ESTABLISHED;
        established(nowNs);
        c.snd.wl1 = seg.seq();
        c.snd.wl2 = c.snd.una;
        c.snd.onAck(nowNs, seg);
        c.snd.wnd = seg.windowField();
        c.snd.maxWnd = c.snd.wnd;
        if (c.snd.finQueued) {
            c.state = TcpState.FIN_WAIT_1;
        }
    }

    /** Reads the options of a SYN or SYN-ACK and sets up the receive side. */
    void acceptSynOptions(long nowNs, TcpSegment seg) {
        if (seg.mssOption() != TcpSegment.NONE) {
            c.snd.peerMss = Math.max(64, seg.mssOption());
        }
        c.snd.wscale = c.opts.fromSyn(c.config(), nowNs, seg);
        if (!c.opts.wsOn) {
            c.rcv.wscale = 0;
        }
        c.snd.updateMss(c.opts.tsOn);
        c.rcv.start(seg.seq(), c.snd.mss);
    }

    void established(long nowNs) {
        c.snd.cc = c.config().congestionControl().get();
        c.snd.cc.init(nowNs, c.snd.mss);
        if (c.snd.rtt.srttNs() < 0 && c.counters.rtoTimeouts() > 0) {
            c.snd.rtt.resetAfterSynTimeout(); // RFC 6298 5.7
        }
        if (c.opts.sackOn) {
            c.snd.recovery.enableSack(c.snd.una, c.snd.mss, SACK_RANGES);
        }
        c.timers.onActivity(nowNs);
    }

    /** Rebuilds the state a cookie SYN-ACK would have created, ready for the returning ACK. */
    void fromCookie(long nowNs, TcpSegment ack, int iss, int peerMssBytes, int peerWindowScale, boolean sackPermitted) {
        c.snd.start(iss);
        final TcpSegment syn = new TcpSegment().header(ack.seq() - 1, 0, TcpFlags.SYN, 0)
            .mssOption(peerMssBytes).windowScaleOption(peerWindowScale).sackPermitted(sackPermitted);
        if (ack.hasTimestamps()) {
            syn.timestamps(ack.tsVal(), 0);
            c.opts.tsOffset = ack.tsEcr() - (int) (nowNs / OptionState.TS_TICK_NS);
        }
        acceptSynOptions(nowNs, syn);
        c.snd.wl1 = syn.seq();
        c.snd.wl2 = iss;
        c.snd.nxt = iss + 1;
        c.snd.max = iss + 1;
        c.state = TcpState.SYN_RECEIVED;
        c.onSegment(nowNs, ack);
    }
}
