package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.tcp.sack.SackScoreboard;

/**
 * One TCP connection as a sans-I/O engine (RFC 9293): it takes received segments and
 * application calls, each with the current virtual time, and answers with segments handed to
 * its {@link SegmentSink} and with {@link #nextDeadlineNs()}, the time at which it wants
 * {@link #onTimer(long)}. It holds no thread, clock, socket or file; the 4-tuple and the IP
 * layer are its caller's business.
 *
 * <p>This class is the state machine and the receive side; {@link TcpSender} is the send side,
 * {@link ReceiveQueue} and {@link SendQueue} hold payload as page references, {@link TcpTimers}
 * the other deadlines.
 *
 * <p>Ownership: {@link #onSegment} takes the page references of the segment's fragments;
 * {@link #send} takes one reference when it accepts the fragment; {@link #read} passes
 * references to the consumer; emitted segments pass one reference per fragment to the sink.
 * When the connection is aborted or reset it releases every reference it holds; after a clean
 * close unread data stays readable until {@link #close} or {@link #abort}.
 */
public final class TcpConnection {
    /** One timestamp-clock tick (RFC 7323 TSval), 1 ms. */
    static final long TS_TICK_NS = 1_000_000L;
    private static final long PAWS_IDLE_NS = 24L * 24 * 3600 * 1_000_000_000L;
    private static final int MAX_WINDOW_SCALE = 14;
    /** SACKed ranges the scoreboard remembers. */
    private static final int SACK_RANGES = 32;

    private final TcpConfig config;
    private final HostMemory memory;
    private final SegmentSink output;
    private final TcpCounters counters = new TcpCounters();
    private final ReceiveQueue receiveQueue;
    private final TcpSender snd;
    final TcpTimers timers;
    private final TcpSegment out = new TcpSegment();

    private TcpState state = TcpState.CLOSED;
    private CloseReason closeReason = CloseReason.NONE;
    private boolean activeOpen;
    private boolean appClosed;

    int irs;
    int rcvNxt;
    private int rcvAdvRight;
    private int rcvWscale;
    private int rcvMss;
    private boolean finReceived;
    private boolean oooFin;
    private int oooFinSeq;

    private boolean tsOn;
    private boolean sackOn;
    private boolean wsOn;
    private int tsRecent;
    private long tsRecentNs;
    private int tsOffset;
    private int lastAckSent;

    private boolean ackNow;
    private long unackedBytes;

    /**
     * @param config the connection's settings
     * @param memory the host memory its pages live in
     * @param output where emitted segments go
     */
    public TcpConnection(TcpConfig config, HostMemory memory, SegmentSink output) {
        this.config = config;
        this.memory = memory;
        this.output = output;
        this.receiveQueue = new ReceiveQueue(memory);
        this.snd = new TcpSender(this, new SendQueue(memory),
            new RttEstimator(config.initialRtoNs(), config.minRtoNs(), config.maxRtoNs()), counters, config.mssBytes());
        this.timers = new TcpTimers(this, snd);
        this.rcvMss = Math.min(TcpSender.DEFAULT_PEER_MSS, config.mssBytes());
        int scale = 0;
        while (scale < MAX_WINDOW_SCALE && (config.receiveBufferBytes() >> scale) > 0xFFFF) {
            scale++;
        }
        this.rcvWscale = config.windowScaling() ? scale : 0;
    }

    // ---------------------------------------------------------------- application calls

    /** Active open: sends a SYN with initial sequence number {@code iss} (RFC 6528 is the caller's). */
    public void connect(long nowNs, int iss) {
        requireState(TcpState.CLOSED, "connect");
        activeOpen = true;
        snd.start(iss);
        tsOffset = iss;
        state = TcpState.SYN_SENT;
        snd.sendSyn(nowNs, false);
    }

    /** Passive open: waits for a SYN, answering it with initial sequence number {@code iss}. */
    public void listen(int iss) {
        requireState(TcpState.CLOSED, "listen");
        activeOpen = false;
        snd.start(iss);
        tsOffset = iss;
        state = TcpState.LISTEN;
    }

    /**
     * Queues one fragment of application data. Takes the caller's reference to {@code pfn} when
     * it returns true; returns false (and takes nothing) when the send buffer is full or the
     * connection no longer sends.
     */
    public boolean send(long nowNs, int pfn, int offset, int lengthBytes) {
        if (lengthBytes <= 0 || snd.finQueued || !(state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT
            || state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED)) {
            return false;
        }
        if (snd.queue.bytes() > 0 && snd.queue.bytes() + lengthBytes > config.sendBufferBytes()) {
            return false;
        }
        snd.queue.append(pfn, offset, lengthBytes);
        snd.output(nowNs, 0, false);
        flushAck(nowNs);
        return true;
    }

    /** Free room in the send buffer. */
    public long sendSpaceBytes() {
        return Math.max(0, config.sendBufferBytes() - snd.queue.bytes());
    }

    /** Bytes queued and not yet acknowledged (sent or not). */
    public long sendQueuedBytes() {
        return snd.queue.bytes();
    }

    /**
     * Hands up to {@code maxBytes} in-order bytes to {@code consumer} (one page reference per
     * fragment passes to it) and opens the window if that frees enough room. Returns the count.
     */
    public long read(long nowNs, FragmentConsumer consumer, long maxBytes) {
        final long n = receiveQueue.read(consumer, maxBytes);
        if (n > 0 && state.isSynchronized() && state != TcpState.TIME_WAIT && !finReceived) {
            final long current = Math.max(0, SeqNum.distance(rcvNxt, rcvAdvRight));
            final long free = config.receiveBufferBytes() - receiveQueue.readableBytes();
            // as Linux: an update only when the window at least doubles, and by a useful amount
            if (free >= 2 * current && free - current >= Math.min(config.receiveBufferBytes() / 2, rcvMss)) {
                ackNow = true;
                flushAck(nowNs);
            }
        }
        return n;
    }

    public long readableBytes() {
        return receiveQueue.readableBytes();
    }

    /** True when the peer's FIN arrived and every byte before it has been read (end of stream). */
    public boolean isEndOfStream() {
        return finReceived && receiveQueue.readableBytes() == 0;
    }

    /** Closes the sending direction: the FIN follows the queued data (half-close). */
    public void shutdown(long nowNs) {
        switch (state) {
            case LISTEN, SYN_SENT -> enterClosed(CloseReason.NORMAL);
            case SYN_RECEIVED, ESTABLISHED -> {
                snd.finQueued = true;
                state = state == TcpState.ESTABLISHED ? TcpState.FIN_WAIT_1 : state;
            }
            case CLOSE_WAIT -> {
                snd.finQueued = true;
                state = TcpState.LAST_ACK;
            }
            default -> {
                return;
            }
        }
        snd.output(nowNs, 0, false);
        flushAck(nowNs);
    }

    /**
     * Closes both directions. With unread data the connection is aborted with a RST (RFC 2525);
     * otherwise a FIN is sent after the queued data. Data arriving afterwards draws a RST.
     */
    public void close(long nowNs) {
        appClosed = true;
        if (receiveQueue.readableBytes() > 0 && state.isSynchronized() && state != TcpState.TIME_WAIT) {
            abort(nowNs);
            return;
        }
        receiveQueue.releaseAll();
        shutdown(nowNs);
    }

    /** Aborts: sends a RST when synchronized and releases every page reference held. */
    public void abort(long nowNs) {
        if (state.isSynchronized() && state != TcpState.TIME_WAIT) {
            sendRst(nowNs, snd.max);
        }
        appClosed = true;
        enterClosed(CloseReason.ABORTED);
        receiveQueue.releaseAll();
    }

    /**
     * A new path MTU (ICMP "fragmentation needed" / "packet too big"), given as the MSS that
     * fits it (the caller subtracts its IP and TCP header sizes). Data in flight is resent in
     * segments of the new size.
     */
    public void onPathMtu(long nowNs, int pathMssBytes) {
        counters.pathMtuChanges++;
        snd.onPathMss(nowNs, Math.max(64, pathMssBytes), tsOn);
        flushAck(nowNs);
    }

    // ---------------------------------------------------------------- time

    /** The earliest time this connection wants {@link #onTimer}, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        return timers.nextDeadlineNs();
    }

    /** Runs every timer due at {@code nowNs}. */
    public void onTimer(long nowNs) {
        timers.run(nowNs);
    }

    // ---------------------------------------------------------------- segment arrival

    /**
     * Processes one received segment addressed to this connection. Takes the references of its
     * fragments (queued or released here); the segment object itself is borrowed for the call.
     */
    public void onSegment(long nowNs, TcpSegment seg) {
        counters.segmentsIn++;
        try {
            if (!headerPredicted(nowNs, seg)) {
                switch (state) {
                    case CLOSED -> answerClosed(nowNs, seg);
                    case LISTEN -> onListen(nowNs, seg);
                    case SYN_SENT -> onSynSent(nowNs, seg);
                    default -> onSynchronized(nowNs, seg);
                }
            }
        } finally {
            seg.releaseFragments(memory);
        }
        if (state != TcpState.CLOSED && state != TcpState.LISTEN) {
            timers.onActivity(nowNs);
            snd.output(nowNs, 0, false);
            flushAck(nowNs);
        }
    }

    /** Van Jacobson's header prediction: in-order data or an advancing pure ACK, nothing odd. */
    private boolean headerPredicted(long nowNs, TcpSegment seg) {
        if (state != TcpState.ESTABLISHED
            || (seg.flags() & (TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST | TcpFlags.URG | TcpFlags.ACK)) != TcpFlags.ACK
            || seg.seq() != rcvNxt || seg.sackBlockCount() != 0 || snd.nxt != snd.max || snd.inRecovery || appClosed) {
            return false;
        }
        if (tsOn && (!seg.hasTimestamps() || SeqNum.lt(seg.tsVal(), tsRecent))) {
            return false;
        }
        final long len = seg.payloadBytes();
        if (len == 0) {
            if (SeqNum.gt(seg.ack(), snd.una) && SeqNum.le(seg.ack(), snd.max) && snd.dupAcks == 0) {
                updateTsRecent(nowNs, seg);
                snd.fastAck(nowNs, seg);
                counters.fastPathAcks++;
                return true;
            }
            return false;
        }
        if (SeqNum.ge(seg.ack(), snd.una) && SeqNum.le(seg.ack(), snd.max) && !receiveQueue.hasOutOfOrder()
            && len <= SeqNum.distance(rcvNxt, rcvAdvRight) && SeqNum.gt(rcvAdvRight, rcvNxt)) {
            updateTsRecent(nowNs, seg);
            snd.fastAck(nowNs, seg);
            acceptInOrder(nowNs, seg, len);
            counters.fastPathData++;
            return true;
        }
        return false;
    }

    private void answerClosed(long nowNs, TcpSegment seg) {
        if (seg.has(TcpFlags.RST)) {
            return;
        }
        if (seg.has(TcpFlags.ACK)) {
            sendRst(nowNs, seg.ack());
        } else {
            sendRstAck(nowNs, 0, SeqNum.add(seg.seq(), seg.seqLength()));
        }
    }

    private void onListen(long nowNs, TcpSegment seg) {
        if (seg.has(TcpFlags.RST)) {
            return;
        }
        if (seg.has(TcpFlags.ACK)) {
            sendRst(nowNs, seg.ack());
            return;
        }
        if (!seg.has(TcpFlags.SYN)) {
            return;
        }
        acceptSynOptions(nowNs, seg);
        snd.wnd = seg.windowField();
        snd.maxWnd = snd.wnd;
        snd.wl1 = seg.seq();
        snd.wl2 = snd.iss;
        state = TcpState.SYN_RECEIVED;
        snd.sendSyn(nowNs, true);
    }

    private void onSynSent(long nowNs, TcpSegment seg) {
        final boolean hasAck = seg.has(TcpFlags.ACK);
        if (hasAck && (SeqNum.le(seg.ack(), snd.iss) || SeqNum.gt(seg.ack(), snd.max))) {
            if (!seg.has(TcpFlags.RST)) {
                sendRst(nowNs, seg.ack());
            }
            return;
        }
        if (seg.has(TcpFlags.RST)) {
            if (hasAck) {
                counters.resetsIn++;
                enterClosed(CloseReason.REFUSED);
            }
            return;
        }
        if (!seg.has(TcpFlags.SYN)) {
            return;
        }
        acceptSynOptions(nowNs, seg);
        if (hasAck) {
            snd.onAck(nowNs, seg);
            snd.wnd = (long) seg.windowField(); // a SYN's window is never scaled
            snd.maxWnd = snd.wnd;
            snd.wl1 = seg.seq();
            snd.wl2 = seg.ack();
            state = TcpState.ESTABLISHED;
            established(nowNs);
            ackNow = true;
        } else {
            state = TcpState.SYN_RECEIVED; // simultaneous open
            snd.wnd = seg.windowField();
            snd.maxWnd = snd.wnd;
            snd.wl1 = seg.seq();
            snd.wl2 = snd.iss;
            snd.rtxDeadlineNs = TcpSender.NEVER;
            snd.sendSyn(nowNs, true);
        }
    }

    /** Reads the options of a SYN or SYN-ACK and sets up the receive side. */
    private void acceptSynOptions(long nowNs, TcpSegment seg) {
        irs = seg.seq();
        rcvNxt = irs + 1;
        lastAckSent = rcvNxt;
        if (seg.mssOption() != TcpSegment.NONE) {
            snd.peerMss = Math.max(64, seg.mssOption());
        }
        wsOn = config.windowScaling() && seg.windowScaleOption() != TcpSegment.NONE;
        snd.wscale = wsOn ? Math.min(MAX_WINDOW_SCALE, seg.windowScaleOption()) : 0;
        if (!wsOn) {
            rcvWscale = 0;
        }
        sackOn = config.sack() && seg.sackPermitted();
        tsOn = config.timestamps() && seg.hasTimestamps();
        if (tsOn) {
            tsRecent = seg.tsVal();
            tsRecentNs = nowNs;
        }
        snd.updateMss(tsOn);
        rcvMss = Math.min(rcvMss, snd.mss);
        rcvAdvRight = SeqNum.add(rcvNxt, Math.min(config.receiveBufferBytes(), 0xFFFFL << rcvWscale));
    }

    private void established(long nowNs) {
        snd.cc = config.congestionControl().get();
        snd.cc.init(nowNs, snd.mss);
        if (sackOn) {
            snd.scoreboard = new SackScoreboard(SACK_RANGES);
            snd.scoreboard.reset(snd.una, snd.mss);
        }
        timers.onActivity(nowNs);
    }

    /** Retransmissions or keepalives ran out: RST and close. */
    void timedOut(long nowNs) {
        if (state.isSynchronized() && state != TcpState.SYN_RECEIVED) {
            sendRst(nowNs, snd.max);
        }
        enterClosed(CloseReason.TIMEOUT);
    }

    private void onSynchronized(long nowNs, TcpSegment seg) {
        final boolean rst = seg.has(TcpFlags.RST);
        if (state == TcpState.SYN_RECEIVED && seg.has(TcpFlags.SYN) && !seg.has(TcpFlags.ACK) && seg.seq() == irs) {
            snd.sendSyn(nowNs, true); // our SYN-ACK was lost
            return;
        }
        if (state == TcpState.SYN_RECEIVED && activeOpen && seg.has(TcpFlags.SYN) && seg.has(TcpFlags.ACK)
            && !seg.has(TcpFlags.RST) && seg.seq() == irs && seg.ack() == snd.max) {
            simultaneousOpenCompletes(nowNs, seg);
            return;
        }
        if (tsOn && seg.hasTimestamps() && !rst && SeqNum.lt(seg.tsVal(), tsRecent)) {
            if (nowNs - tsRecentNs <= PAWS_IDLE_NS) {
                counters.pawsDrops++;
                sendAckNow(nowNs);
                return;
            }
        }
        if (!acceptable(seg)) {
            counters.outOfWindowDrops++;
            if (!rst) {
                if (seg.payloadBytes() > 0 && SeqNum.le(SeqNum.add(seg.seq(), seg.payloadBytes()), rcvNxt)) {
                    counters.duplicateSegments++;
                    if (sackOn) {
                        receiveQueue.noteDuplicate(seg.seq(), SeqNum.add(seg.seq(), seg.payloadBytes()));
                    }
                }
                if (state == TcpState.TIME_WAIT && seg.has(TcpFlags.FIN)) {
                    timers.startTimeWait(nowNs);
                }
                sendAckNow(nowNs);
            }
            return;
        }
        if (rst) {
            onReset(nowNs, seg);
            return;
        }
        if (seg.has(TcpFlags.SYN)) {
            challengeAck(nowNs); // RFC 5961 section 4
            return;
        }
        if (!seg.has(TcpFlags.ACK)) {
            return;
        }
        if (state == TcpState.SYN_RECEIVED) {
            if (SeqNum.le(seg.ack(), snd.una) || SeqNum.gt(seg.ack(), snd.max)) {
                sendRst(nowNs, seg.ack());
                return;
            }
            state = TcpState.ESTABLISHED;
            snd.wl1 = seg.seq();
            snd.wl2 = seg.ack();
            snd.wnd = (long) seg.windowField() << snd.wscale;
            snd.maxWnd = snd.wnd;
            established(nowNs);
            if (snd.finQueued) {
                state = TcpState.FIN_WAIT_1;
            }
        }
        if (!snd.onAck(nowNs, seg)) {
            return;
        }
        if (afterAckStateChange(nowNs)) {
            return;
        }
        updateTsRecent(nowNs, seg);
        processData(nowNs, seg);
    }

    /** Both SYNs crossed: the peer's SYN-ACK acknowledges ours (as Linux accepts it). */
    private void simultaneousOpenCompletes(long nowNs, TcpSegment seg) {
        state = TcpState.ESTABLISHED;
        established(nowNs);
        snd.wl1 = seg.seq();
        snd.wl2 = snd.una;
        snd.onAck(nowNs, seg);
        snd.wnd = seg.windowField();
        snd.maxWnd = snd.wnd;
        if (snd.finQueued) {
            state = TcpState.FIN_WAIT_1;
        }
    }

    /** FIN acknowledged: FIN_WAIT_1 to FIN_WAIT_2, CLOSING to TIME_WAIT, LAST_ACK to CLOSED. */
    private boolean afterAckStateChange(long nowNs) {
        if (!snd.finAcked()) {
            return false;
        }
        switch (state) {
            case FIN_WAIT_1 -> state = TcpState.FIN_WAIT_2;
            case CLOSING -> enterTimeWait(nowNs);
            case LAST_ACK -> {
                enterClosed(CloseReason.NORMAL);
                return true;
            }
            default -> {
            }
        }
        return false;
    }

    /** RFC 9293 segment acceptability (3.10.7.4 first step), on the window we advertised. */
    private boolean acceptable(TcpSegment seg) {
        final long len = seg.seqLength();
        final long wnd = SeqNum.gt(rcvAdvRight, rcvNxt) ? SeqNum.distance(rcvNxt, rcvAdvRight) : 0;
        final int seq = seg.seq();
        if (wnd == 0) {
            return seq == rcvNxt; // data is trimmed away; ACK, RST and window still count
        }
        if (len == 0) {
            return SeqNum.inWindow(seq, rcvNxt, wnd);
        }
        return SeqNum.inWindow(seq, rcvNxt, wnd) || SeqNum.inWindow(SeqNum.add(seq, len - 1), rcvNxt, wnd);
    }

    /** RFC 5961 section 3: only a RST at exactly RCV.NXT resets; others in window draw a challenge ACK. */
    private void onReset(long nowNs, TcpSegment seg) {
        if (seg.seq() != rcvNxt) {
            challengeAck(nowNs);
            return;
        }
        counters.resetsIn++;
        final boolean refused = state == TcpState.SYN_RECEIVED && activeOpen;
        enterClosed(refused ? CloseReason.REFUSED : CloseReason.RESET);
        receiveQueue.releaseAll();
    }

    private void processData(long nowNs, TcpSegment seg) {
        boolean fin = seg.has(TcpFlags.FIN);
        if (fin && SeqNum.lt(SeqNum.add(seg.seq(), seg.payloadBytes()), rcvNxt)) {
            fin = false; // an old FIN, already counted
        }
        if (SeqNum.lt(seg.seq(), rcvNxt)) {
            seg.trimFront(SeqNum.distance(seg.seq(), rcvNxt), memory);
        }
        final long wnd = SeqNum.gt(rcvAdvRight, rcvNxt) ? SeqNum.distance(rcvNxt, rcvAdvRight) : 0;
        final long offsetInWindow = SeqNum.distance(rcvNxt, seg.seq());
        if (offsetInWindow + seg.payloadBytes() > wnd) {
            seg.trimBack(offsetInWindow + seg.payloadBytes() - Math.max(wnd, offsetInWindow), memory);
            fin = false;
            ackNow = true; // tell the sender what the window really is
        }
        final long len = seg.payloadBytes();
        final int finSeq = SeqNum.add(seg.seq(), len);
        if (len > 0) {
            if (!state.receivesData() || finReceived) {
                seg.releaseFragments(memory);
            } else if (appClosed) {
                seg.releaseFragments(memory);
                abort(nowNs);
                return;
            } else if (seg.seq() == rcvNxt) {
                acceptInOrder(nowNs, seg, len);
            } else {
                counters.outOfOrderSegments++;
                if (receiveQueue.insertOutOfOrder(seg) == ReceiveQueue.Insert.DUPLICATE) {
                    counters.duplicateSegments++;
                }
                ackNow = true; // RFC 5681 4.2: out-of-order data is acknowledged at once
            }
        }
        if (fin && !finReceived) {
            if (finSeq == rcvNxt) {
                receiveFin(nowNs);
            } else if (SeqNum.gt(finSeq, rcvNxt)) {
                oooFin = true;
                oooFinSeq = finSeq;
                ackNow = true;
            }
        }
    }

    private void acceptInOrder(long nowNs, TcpSegment seg, long len) {
        rcvMss = (int) Math.max(rcvMss, Math.min(len, 0xFFFF));
        receiveQueue.appendInOrder(seg);
        rcvNxt = SeqNum.add(rcvNxt, len);
        if (receiveQueue.hasOutOfOrder()) {
            rcvNxt = receiveQueue.drain(rcvNxt);
            ackNow = true; // filled (part of) a hole
        }
        if (oooFin && rcvNxt == oooFinSeq) {
            receiveFin(nowNs);
        }
        unackedBytes += len;
        if (unackedBytes >= 2L * rcvMss) {
            ackNow = true;
        } else if (!ackNow) {
            timers.startDelayedAck(nowNs);
        }
    }

    private void receiveFin(long nowNs) {
        if (finReceived) {
            return;
        }
        finReceived = true;
        oooFin = false;
        rcvNxt = rcvNxt + 1;
        ackNow = true;
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> state = TcpState.CLOSE_WAIT;
            case FIN_WAIT_1 -> state = snd.finAcked() ? TcpState.TIME_WAIT : TcpState.CLOSING;
            case FIN_WAIT_2 -> enterTimeWait(nowNs);
            default -> {
            }
        }
        if (state == TcpState.TIME_WAIT) {
            enterTimeWait(nowNs);
        }
    }

    private void enterTimeWait(long nowNs) {
        state = TcpState.TIME_WAIT;
        snd.rtxDeadlineNs = TcpSender.NEVER;
        snd.persistDeadlineNs = TcpSender.NEVER;
        timers.startTimeWait(nowNs);
    }

    void enterClosed(CloseReason reason) {
        state = TcpState.CLOSED;
        if (closeReason == CloseReason.NONE) {
            closeReason = reason;
        }
        snd.queue.releaseAll();
        snd.rtxDeadlineNs = TcpSender.NEVER;
        snd.persistDeadlineNs = TcpSender.NEVER;
        timers.clear();
        if (reason != CloseReason.NORMAL) {
            receiveQueue.releaseAll();
        }
    }

    private void updateTsRecent(long nowNs, TcpSegment seg) {
        if (tsOn && seg.hasTimestamps() && SeqNum.ge(seg.tsVal(), tsRecent) && SeqNum.le(seg.seq(), lastAckSent)) {
            tsRecent = seg.tsVal();
            tsRecentNs = nowNs;
        }
    }

    // ---------------------------------------------------------------- emitting

    /** Rate-limited challenge ACK (RFC 5961 section 7). */
    void challengeAck(long nowNs) {
        if (timers.allowChallengeAck(nowNs)) {
            counters.challengeAcks++;
            sendAckNow(nowNs);
        } else {
            counters.challengeAcksSuppressed++;
        }
    }

    /** Sends a pure ACK now. */
    void sendAckNow(long nowNs) {
        emit(prepare(snd.max, TcpFlags.ACK, nowNs), nowNs);
    }

    /** Sends the pending ACK, if one is due now and no data segment carried it. */
    void flushAck(long nowNs) {
        if (ackNow && state.isSynchronized()) {
            sendAckNow(nowNs);
        }
    }

    /** The delayed-ACK timer fired. */
    void onDelayedAck(long nowNs) {
        if (unackedBytes > 0 && state.isSynchronized()) {
            counters.delayedAcks++;
            sendAckNow(nowNs);
        }
    }

    /** A keepalive probe: an old sequence number that the peer must answer with an ACK. */
    void sendKeepalive(long nowNs) {
        counters.keepaliveProbes++;
        emit(prepare(SeqNum.add(snd.una, -1), TcpFlags.ACK, nowNs), nowNs);
    }

    private void sendRst(long nowNs, int seq) {
        counters.resetsOut++;
        out.clear().header(seq, 0, TcpFlags.RST, 0);
        output.transmit(out);
        counters.segmentsOut++;
    }

    private void sendRstAck(long nowNs, int seq, int ack) {
        counters.resetsOut++;
        out.clear().header(seq, ack, TcpFlags.RST | TcpFlags.ACK, 0);
        output.transmit(out);
        counters.segmentsOut++;
    }

    /** Fills the scratch segment with header, ACK, window, timestamps and SACK blocks. */
    TcpSegment prepare(int seq, int flags, long nowNs) {
        out.clear().header(seq, rcvNxt, flags, windowField());
        if (tsOn) {
            out.timestamps(tsClock(nowNs), tsRecent);
        }
        if (sackOn) {
            receiveQueue.writeSackBlocks(out, tsOn ? 3 : 4, rcvNxt);
        }
        return out;
    }

    /** The SYN or SYN-ACK, with the options we offer (or accept, in a SYN-ACK). */
    TcpSegment prepareSyn(int iss, boolean withAck, long nowNs) {
        out.clear().header(iss, withAck ? rcvNxt : 0, TcpFlags.SYN | (withAck ? TcpFlags.ACK : 0),
            (int) Math.min(0xFFFF, config.receiveBufferBytes()));
        out.mssOption(config.mssBytes());
        if (withAck ? wsOn : config.windowScaling()) {
            out.windowScaleOption(rcvWscale);
        }
        if (withAck ? sackOn : config.sack()) {
            out.sackPermitted(true);
        }
        if (withAck ? tsOn : config.timestamps()) {
            out.timestamps(tsClock(nowNs), withAck ? tsRecent : 0);
        }
        return out;
    }

    /** Hands the scratch segment to the sink; an ACK rides on it, so no ACK is pending after. */
    void emit(TcpSegment seg, long nowNs) {
        if (seg.has(TcpFlags.ACK)) {
            lastAckSent = rcvNxt;
            ackNow = false;
            unackedBytes = 0;
            timers.cancelDelayedAck();
        }
        if (seg.sackBlockCount() > 0 && sackOn && SeqNum.lt(seg.sackLeft(0), rcvNxt)) {
            counters.dsackBlocksOut++;
        }
        counters.segmentsOut++;
        output.transmit(seg);
        seg.forgetFragments();
    }

    /**
     * The window field to advertise: free receive buffer, moved right only in steps of at least
     * min(buffer / 2, MSS) (receiver SWS avoidance, RFC 9293 3.8.6.2.2), never shrinking, scaled
     * and rounded up to a whole unit of the scale.
     */
    private int windowField() {
        final long free = Math.max(0, config.receiveBufferBytes() - receiveQueue.readableBytes());
        final long current = SeqNum.gt(rcvAdvRight, rcvNxt) ? SeqNum.distance(rcvNxt, rcvAdvRight) : 0;
        long wnd = current;
        if (free - current >= Math.min(config.receiveBufferBytes() / 2, rcvMss)) {
            wnd = free;
        }
        final long unit = 1L << rcvWscale;
        final long field = Math.min(0xFFFF, (wnd + unit - 1) >> rcvWscale);
        final long advertised = field << rcvWscale;
        if (SeqNum.gt(SeqNum.add(rcvNxt, advertised), rcvAdvRight) || !state.isSynchronized()) {
            rcvAdvRight = SeqNum.add(rcvNxt, advertised);
        }
        return (int) field;
    }

    /** The RFC 7323 timestamp clock: 1 ms ticks from a per-connection offset. */
    int tsClock(long nowNs) {
        return (int) (nowNs / TS_TICK_NS) + tsOffset;
    }

    // ---------------------------------------------------------------- views

    public TcpState state() {
        return state;
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    public TcpConfig config() {
        return config;
    }

    public TcpCounters counters() {
        return counters;
    }

    boolean timestampsOn() {
        return tsOn;
    }

    public boolean sackEnabled() {
        return sackOn;
    }

    public boolean windowScalingEnabled() {
        return wsOn;
    }

    /** The payload bytes per segment we send (after options). */
    public int sendMssBytes() {
        return snd.mss;
    }

    /** The congestion window, or 0 before the connection is established. */
    public long cwndBytes() {
        return snd.cc == null ? 0 : snd.cc.cwndBytes();
    }

    /** The current retransmission timeout, backoff included. */
    public long rtoNs() {
        return snd.rtt.rtoNs();
    }

    public long srttNs() {
        return snd.rtt.srttNs();
    }

    public long peerWindowBytes() {
        return snd.wnd;
    }

    public int sndUna() {
        return snd.una;
    }

    public int sndNxt() {
        return snd.nxt;
    }

    public int rcvNxt() {
        return rcvNxt;
    }

    boolean isActiveOpen() {
        return activeOpen;
    }

    boolean appClosed() {
        return appClosed;
    }

    private void requireState(TcpState expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + " in state " + state);
        }
    }

    @Override
    public String toString() {
        return "TcpConnection{" + state + " una=" + SeqNum.unsigned(snd.una) + " nxt=" + SeqNum.unsigned(snd.nxt)
            + " max=" + SeqNum.unsigned(snd.max) + " rcvNxt=" + SeqNum.unsigned(rcvNxt) + " wnd=" + snd.wnd
            + " cwnd=" + cwndBytes() + " queued=" + snd.queue.bytes() + " readable=" + receiveQueue.readableBytes()
            + '}';
    }
}
