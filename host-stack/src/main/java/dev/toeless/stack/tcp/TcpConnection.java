package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.CongestionControl;
import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.nic.mem.HostMemory;

/**
 * One TCP connection as a sans-I/O engine (RFC 9293): it takes received segments and
 * application calls, each with the current virtual time, and answers with segments handed to
 * its {@link SegmentSink} and with {@link #nextDeadlineNs()}, the time at which it wants
 * {@link #onTimer(long)}. It holds no thread, clock, socket or file; the 4-tuple and the IP
 * layer are its caller's business.
 *
 * <p>This class is the state machine (RFC 9293 3.10 event processing, RFC 5961 checks, header
 * prediction) and the application interface. The concerns live beside it: {@link TcpHandshake}
 * (LISTEN, SYN-SENT, SYN cookies), {@link TcpSender} (send side, retransmission, loss recovery,
 * congestion control through its interface), {@link TcpReceiver} (receive side, window, ACK
 * policy), {@link OptionState} (window scaling, timestamps, PAWS, SACK permission),
 * {@link TcpTimers} (delayed ACK, keepalive, TIME_WAIT), {@link ReceiveQueue} and
 * {@link SendQueue} (payload as page references), {@link SegmentWriter} (what goes out).
 *
 * <p>Typical use: {@link #connect} or {@link #listen}; then {@link #onSegment} for every segment
 * the demultiplexer hands over, {@link #onTimer} at {@link #nextDeadlineNs()}, {@link #send} /
 * {@link #read} for data, {@link #shutdown} / {@link #close} / {@link #abort} to finish, and
 * {@link #state()} / {@link #closeReason()} to learn what happened. Single-threaded.
 *
 * <p>Ownership: {@link #onSegment} takes the page references of the segment's fragments;
 * {@link #send} takes one reference when it accepts the fragment; {@link #read} passes
 * references to the consumer; emitted segments pass one reference per fragment to the sink.
 * When the connection is aborted or reset it releases every reference it holds; after a clean
 * close unread data stays readable until {@link #close} or {@link #abort}.
 */
public final class TcpConnection {

    private final TcpConfig config;
    private final HostMemory memory;
    final SegmentWriter writer;
    final TcpCounters counters = new TcpCounters();
    final TcpReceiver rcv;
    final TcpSender snd;
    final TcpTimers timers;

    TcpState state = TcpState.CLOSED;
    private CloseReason closeReason = CloseReason.NONE;
    boolean activeOpen;
    private boolean appClosed;

    final OptionState opts = new OptionState();
    private final TcpHandshake handshake;

    /**
     * @param config the connection's settings
     * @param memory the host memory its pages live in
     * @param output where emitted segments go
     */
    public TcpConnection(TcpConfig config, HostMemory memory, SegmentSink output) {
        this(config, memory, output, new SegmentScratch());
    }

    /**
     * @param config  the connection's settings
     * @param memory  the host memory its pages live in
     * @param output  where emitted segments go
     * @param scratch where it builds what it sends, shared with the other connections on the same thread
     */
    public TcpConnection(TcpConfig config, HostMemory memory, SegmentSink output, SegmentScratch scratch) {
        this.config = config;
        this.memory = memory;
        this.snd = new TcpSender(this, new SendQueue(memory),
            new RttEstimator(config.initialRtoNs(), config.minRtoNs(), config.maxRtoNs(),
                config.rtoFloorOnVariance()), counters, config.mssBytes());
        this.timers = new TcpTimers(this, snd);
        this.rcv = new TcpReceiver(config, memory, timers, counters, OptionState.windowScaleFor(config));
        this.handshake = new TcpHandshake(this);
        this.writer = new SegmentWriter(this, output, counters, scratch);
    }

    // ---------------------------------------------------------------- application calls

    /** Active open: sends a SYN with initial sequence number {@code iss} (RFC 6528 is the caller's). */
    public void connect(long nowNs, int iss) {
        requireState(TcpState.CLOSED, "connect");
        activeOpen = true;
        snd.start(iss);
        opts.tsOffset = iss;
        state = TcpState.SYN_SENT;
        snd.sendSyn(nowNs, false);
    }

    /** Passive open: waits for a SYN, answering it with initial sequence number {@code iss}. */
    public void listen(int iss) {
        requireState(TcpState.CLOSED, "listen");
        activeOpen = false;
        snd.start(iss);
        opts.tsOffset = iss;
        state = TcpState.LISTEN;
    }

    /**
     * Completes a SYN-cookie handshake (the listener answered the SYN statelessly with
     * {@link SynCookieHandshake#writeSynAck}): builds the connection from the returning ACK and the options
     * the cookie carried, and processes that ACK. Takes the references of {@code ack}'s fragments.
     *
     * @param iss                the cookie, our ISS
     * @param peerMssBytes       the MSS decoded from the cookie
     * @param peerWindowScale    the peer's window scale from the cookie, or {@link TcpSegment#NONE}
     * @param sackPermitted      whether the peer's SYN offered SACK
     */
    public void acceptCookie(long nowNs, TcpSegment ack, int iss, int peerMssBytes, int peerWindowScale,
                             boolean sackPermitted) {
        requireState(TcpState.CLOSED, "acceptCookie");
        activeOpen = false;
        handshake.fromCookie(nowNs, ack, iss, peerMssBytes, peerWindowScale, sackPermitted);
        onSegment(nowNs, ack);
    }

    /**
     * Whether a new SYN for this connection's 4-tuple may reuse it while it sits in TIME_WAIT
     * (RFC 6191 with timestamps, RFC 9293 3.6.1 without): the caller then aborts this one and
     * opens a new connection with the SYN. The segment is borrowed for the call.
     */
    public boolean acceptsSynInTimeWait(TcpSegment syn) {
        if (state != TcpState.TIME_WAIT || !syn.has(TcpFlags.SYN) || syn.has(TcpFlags.ACK | TcpFlags.RST)) {
            return false;
        }
        if (opts.tsOn && syn.hasTimestamps()) {
            return SeqNum.gt(syn.tsVal(), opts.tsRecent);
        }
        return SeqNum.gt(syn.seq(), rcv.nxt);
    }

    /**
     * Queues one fragment of application data. Takes the caller's reference to {@code pfn} when
     * it returns true; returns false (and takes nothing) when the send buffer is full or the
     * connection no longer sends.
     */
    public boolean send(long nowNs, int pfn, int offset, int lengthBytes) {
        if (!queue(pfn, offset, lengthBytes)) {
            return false;
        }
        push(nowNs);
        return true;
    }

    /**
     * Queues one fragment without sending anything yet, as {@link #send} does otherwise: a write
     * of several fragments queues them all and then calls {@link #push} once, so that its
     * segments are cut from the whole write (as a kernel's sendmsg copies all, then pushes).
     */
    public boolean queue(int pfn, int offset, int lengthBytes) {
        if (lengthBytes <= 0 || snd.finQueued || !(state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT
            || state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED)) {
            return false;
        }
        if (snd.queue.bytes() > 0 && snd.queue.bytes() + lengthBytes > config.sendBufferBytes()) {
            return false;
        }
        snd.queue.append(pfn, offset, lengthBytes);
        return true;
    }

    /** Sends what the windows allow of the data {@link #queue}d so far. */
    public void push(long nowNs) {
        snd.output(nowNs, 0, false);
        flushAck(nowNs);
    }

    /**
     * Ends a record (a send with MSG_EOR) at the data queued so far: no new segment, and no
     * retransmission from SND.UNA, joins it to what is queued later (SACK recovery's
     * retransmissions do not look at records yet).
     */
    public void endRecord() {
        snd.markRecordEnd();
    }

    /** As {@link #push}, holding back a partial segment for more to come (a send with MSG_MORE). */
    public void pushMore(long nowNs) {
        final boolean was = snd.corked;
        snd.corked = true;
        push(nowNs);
        snd.corked = was;
    }

    /** TCP_NODELAY: Nagle off ({@code true}) or on. Turning it off sends what it held, corked or not. */
    public void noDelay(long nowNs, boolean on) {
        snd.noDelay = on;
        if (on) {
            final boolean was = snd.corked;
            snd.corked = false;
            push(nowNs);
            snd.corked = was;
        }
    }

    /** TCP_CORK: hold partial segments back (the persist timer still sends them); uncorking sends them. */
    public void cork(long nowNs, boolean on) {
        snd.corked = on;
        if (!on) {
            push(nowNs);
        }
    }

    /**
     * TCP_USER_TIMEOUT (RFC 5482): once data has been retransmitted, the connection ends when it
     * stays unacknowledged for {@code ns} (see {@link UserTimeout}); 0 goes back to the retry count.
     */
    public void userTimeout(long ns) {
        snd.userTimeout.set(ns);
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
     * fragment passes to it), then sends the delayed ACK if the read makes it due or opens the
     * window if that frees enough room. Returns the count.
     */
    public long read(long nowNs, FragmentConsumer consumer, long maxBytes) {
        final long n = rcv.queue.read(consumer, maxBytes);
        if (n > 0 && state.isSynchronized() && state != TcpState.TIME_WAIT && !rcv.finReceived
            && (rcv.delayedAckDueAfterRead() || rcv.windowUpdateDue())) {
            rcv.ackNow = true;
            flushAck(nowNs);
        }
        return n;
    }

    /** The receive window last advertised, from RCV.NXT to its right edge (0 when closed). */
    public long receiveWindowBytes() {
        return rcv.window();
    }

    public long readableBytes() {
        return rcv.queue.readableBytes();
    }

    /** Bytes held beyond a hole, waiting for it to fill (for socket-memory accounting). */
    public long outOfOrderBytes() {
        return rcv.queue.outOfOrderBytes();
    }

    /** True when the peer's FIN arrived and every byte before it has been read (end of stream). */
    public boolean isEndOfStream() {
        return rcv.finReceived && rcv.queue.readableBytes() == 0;
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
        if (rcv.queue.readableBytes() > 0 && state.isSynchronized() && state != TcpState.TIME_WAIT) {
            abort(nowNs);
            return;
        }
        rcv.queue.releaseAll();
        shutdown(nowNs);
        if (state == TcpState.FIN_WAIT_2) {
            timers.startOrphanTimeout(nowNs);
        }
    }

    /** Aborts: sends a RST when synchronized and releases every page reference held. */
    public void abort(long nowNs) {
        if (state.isSynchronized() && state != TcpState.TIME_WAIT) {
            if (config.resetWithAck()) {
                writer.activeRst(snd.max, nowNs);
            } else {
                sendRst(nowNs, snd.max);
            }
        }
        appClosed = true;
        enterClosed(CloseReason.ABORTED);
        rcv.queue.releaseAll();
    }

    /**
     * Data arrived after the application closed (RFC 1122 4.2.2.13): nobody will read it, so the
     * connection is reset as one that no longer exists answers, {@code <SEQ=SEG.ACK><CTL=RST>}
     * (as Linux's tcp_v4_send_reset): SEG.ACK is the peer's RCV.NXT as it sent the segment, so the
     * RST is exactly in its window (RFC 5961) even when our FIN has not reached it.
     */
    private void resetDataAfterClose(long nowNs, TcpSegment seg) {
        sendRst(nowNs, seg.ack());
        enterClosed(CloseReason.ABORTED);
    }

    /**
     * A new path MTU (ICMP "fragmentation needed" / "packet too big"), given as the MSS that
     * fits it (the caller subtracts its IP and TCP header sizes). Data in flight is resent in
     * segments of the new size.
     */
    public void onPathMtu(long nowNs, int pathMssBytes) {
        counters.rare().pathMtuChanges++;
        snd.onPathMss(nowNs, Math.max(64, pathMssBytes), opts.tsOn);
        flushAck(nowNs);
    }

    // ---------------------------------------------------------------- handing over

    /** Whether this connection can be handed to another engine now (established, no FIN queued). */
    public boolean canHandOff() {
        return Handoffs.canHandOff(this);
    }

    /**
     * Hands this connection over to another engine ({@link #resume}): its state and every page
     * reference it holds go into the returned handoff, and it is CLOSED without a segment sent (the
     * peer learns nothing of it). Only when {@link #canHandOff()}.
     */
    public TcpHandoff handOff() {
        return Handoffs.export(this);
    }

    /**
     * Continues a connection another engine handed off: from CLOSED to the handoff's state, taking
     * its page references; everything unacknowledged is sent again from SND.UNA.
     */
    public void resume(long nowNs, TcpHandoff handoff) {
        Handoffs.resume(this, nowNs, handoff);
    }

    void established(long nowNs) {
        handshake.established(nowNs);
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
                    case LISTEN -> handshake.onListen(nowNs, seg);
                    case SYN_SENT -> handshake.onSynSent(nowNs, seg);
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
            || seg.seq() != rcv.nxt || seg.sackBlockCount() != 0 || snd.nxt != snd.max || snd.recovery.inRecovery || appClosed) {
            return false;
        }
        if (opts.tsOn && (!seg.hasTimestamps() || SeqNum.lt(seg.tsVal(), opts.tsRecent))) {
            return false;
        }
        final long len = seg.payloadBytes();
        if (len == 0) {
            if (SeqNum.gt(seg.ack(), snd.una) && SeqNum.le(seg.ack(), snd.max) && snd.recovery.dupAcks == 0) {
                updateTsRecent(nowNs, seg);
                snd.fastAck(nowNs, seg);
                counters.fastPathAcks++;
                return true;
            }
            return false;
        }
        if (SeqNum.ge(seg.ack(), snd.una) && SeqNum.le(seg.ack(), snd.max) && !rcv.queue.hasOutOfOrder()
            && len <= rcv.window()) {
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

    /** Retransmissions or keepalives ran out: RST and close. */
    void timedOut(long nowNs) {
        if (state.isSynchronized() && state != TcpState.SYN_RECEIVED) {
            sendRst(nowNs, snd.max);
        }
        enterClosed(CloseReason.TIMEOUT);
    }

    private void onSynchronized(long nowNs, TcpSegment seg) {
        final boolean rst = seg.has(TcpFlags.RST);
        if (state == TcpState.SYN_RECEIVED && seg.has(TcpFlags.SYN) && !seg.has(TcpFlags.ACK) && seg.seq() == rcv.irs) {
            snd.sendSyn(nowNs, true); // our SYN-ACK was lost
            return;
        }
        if (state == TcpState.SYN_RECEIVED && activeOpen && seg.has(TcpFlags.SYN) && seg.has(TcpFlags.ACK)
            && !seg.has(TcpFlags.RST) && seg.seq() == rcv.irs && seg.ack() == snd.max) {
            handshake.simultaneousOpenCompletes(nowNs, seg);
            return;
        }
        if (opts.pawsRejects(nowNs, seg)) {
            counters.rare().pawsDrops++;
            sendAckNow(nowNs);
            return;
        }
        if (!rcv.acceptable(seg) && !ackAtWindowEdge(seg)) {
            counters.rare().outOfWindowDrops++;
            if (!rst) {
                if (seg.payloadBytes() > 0 && SeqNum.le(SeqNum.add(seg.seq(), seg.payloadBytes()), rcv.nxt)) {
                    counters.rare().duplicateSegments++;
                    if (opts.sackOn) {
                        rcv.queue.noteDuplicate(seg.seq(), SeqNum.add(seg.seq(), seg.payloadBytes()));
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
            handshake.established(nowNs);
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

    /** FIN acknowledged: FIN_WAIT_1 to FIN_WAIT_2, CLOSING to TIME_WAIT, LAST_ACK to CLOSED. */
    private boolean afterAckStateChange(long nowNs) {
        if (!snd.finAcked()) {
            return false;
        }
        switch (state) {
            case FIN_WAIT_1 -> {
                state = TcpState.FIN_WAIT_2;
                if (appClosed) {
                    timers.startOrphanTimeout(nowNs); // nobody will read: do not wait forever for the FIN
                }
            }
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

    /** RFC 5961 section 3: only a RST at exactly RCV.NXT resets; others in window draw a challenge ACK. */
    private void onReset(long nowNs, TcpSegment seg) {
        if (seg.seq() != rcv.nxt) {
            challengeAck(nowNs);
            return;
        }
        counters.rare().resetsIn++;
        if (rcv.finReceived) {
            // The peer's stream is complete, FIN included: a RST does not take back bytes the
            // application has yet to read (Linux's receive queue survives tcp_reset too). In
            // TIME_WAIT it only cuts the wait short, as Linux does without tcp_rfc1337.
            closeKeepingStream(state == TcpState.TIME_WAIT ? CloseReason.NORMAL : CloseReason.RESET);
            return;
        }
        final boolean refused = state == TcpState.SYN_RECEIVED && activeOpen;
        enterClosed(refused ? CloseReason.REFUSED : CloseReason.RESET);
        rcv.queue.releaseAll();
    }

    private void processData(long nowNs, TcpSegment seg) {
        final boolean fin = rcv.trimToWindow(seg);
        final long len = seg.payloadBytes();
        final int finSeq = SeqNum.add(seg.seq(), len);
        if (len > 0) {
            if (!state.receivesData() || rcv.finReceived) {
                seg.releaseFragments(memory);
            } else if (appClosed) {
                seg.releaseFragments(memory);
                resetDataAfterClose(nowNs, seg);
                return;
            } else if (seg.seq() == rcv.nxt) {
                acceptInOrder(nowNs, seg, len);
            } else {
                rcv.acceptOutOfOrder(seg);
            }
        }
        if (fin && !rcv.finReceived) {
            if (finSeq == rcv.nxt) {
                receiveFin(nowNs);
            } else if (SeqNum.gt(finSeq, rcv.nxt)) {
                rcv.noteFinAhead(finSeq);
            }
        }
    }

    private void acceptInOrder(long nowNs, TcpSegment seg, long len) {
        if (rcv.batchEndAckPending()) {
            sendAckNow(nowNs); // more data in the same batch: the ACK waiting for its end goes first
        }
        if (rcv.acceptInOrder(nowNs, seg, len)) {
            receiveFin(nowNs);
        }
    }

    private void receiveFin(long nowNs) {
        if (rcv.finReceived) {
            return;
        }
        rcv.consumeFin();
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
        closeKeepingStream(reason);
        if (reason != CloseReason.NORMAL) {
            rcv.queue.releaseAll();
        }
    }

    /** CLOSED, with whatever in-order data is readable left for the application. */
    private void closeKeepingStream(CloseReason reason) {
        state = TcpState.CLOSED;
        if (closeReason == CloseReason.NONE) {
            closeReason = reason;
        }
        snd.queue.releaseAll();
        snd.rtxDeadlineNs = TcpSender.NEVER;
        snd.persistDeadlineNs = TcpSender.NEVER;
        timers.clear();
    }

    private void updateTsRecent(long nowNs, TcpSegment seg) {
        opts.updateTsRecent(nowNs, seg, rcv.lastAckSent);
    }

    // ---------------------------------------------------------------- emitting

    void sendRst(long nowNs, int seq) {
        writer.rst(seq, 0, TcpFlags.RST);
    }

    private void sendRstAck(long nowNs, int seq, int ack) {
        writer.rst(seq, ack, TcpFlags.RST | TcpFlags.ACK);
    }

    /** Rate-limited challenge ACK (RFC 5961 section 7). */
    void challengeAck(long nowNs) {
        if (timers.allowChallengeAck(nowNs)) {
            counters.rare().challengeAcks++;
            sendAckNow(nowNs);
        } else {
            counters.rare().challengeAcksSuppressed++;
        }
    }

    /**
     * A segment without data at exactly the right edge of our window (SEG.SEQ = RCV.NXT + RCV.WND)
     * that acknowledges data of ours not yet acknowledged. RFC 9293 refuses it; Linux's
     * {@code tcp_sequence} takes it. A peer whose sequence numbers reached our window's edge before
     * its bytes were lost sends its ACKs there; refusing them when each end has retransmitted from
     * below what the other holds leaves both unable to hear the other until both time out.
     */
    private boolean ackAtWindowEdge(TcpSegment seg) {
        return seg.seqLength() == 0 && seg.has(TcpFlags.ACK) && rcv.window() > 0
            && seg.seq() == SeqNum.add(rcv.nxt, (int) rcv.window()) && SeqNum.gt(seg.ack(), snd.una)
            && SeqNum.le(seg.ack(), snd.max);
    }

    /** Sends a pure ACK now. */
    void sendAckNow(long nowNs) {
        writer.emit(writer.prepare(snd.max, TcpFlags.ACK, nowNs), nowNs);
    }

    /** Sends the pending ACK, if one is due now and no data segment carried it. */
    void flushAck(long nowNs) {
        if (rcv.ackNow && state.isSynchronized()) {
            sendAckNow(nowNs);
        }
    }

    /** The delayed-ACK timer fired. */
    void onDelayedAck(long nowNs) {
        if (rcv.unackedBytes > 0 && state.isSynchronized()) {
            if (!rcv.batchEndAckPending()) {
                counters.delayedAcks++;
            }
            sendAckNow(nowNs);
        }
    }

    /** A keepalive probe: an old sequence number that the peer must answer with an ACK. */
    void sendKeepalive(long nowNs) {
        counters.rare().keepaliveProbes++;
        writer.emit(writer.prepare(SeqNum.add(snd.una, -1), TcpFlags.ACK, nowNs), nowNs);
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

    /**
     * Bounds the window this connection advertises by {@code limit} (the host's socket memory),
     * asked whenever a window is computed; the right edge already offered never moves left.
     */
    public void receiveWindowLimit(ReceiveWindowLimit limit) {
        rcv.limit = limit == null ? ReceiveWindowLimit.UNLIMITED : limit;
    }

    public TcpCounters counters() {
        return counters;
    }

    public boolean sackEnabled() {
        return opts.sackOn;
    }

    public boolean windowScalingEnabled() {
        return opts.wsOn;
    }

    /** The payload bytes per segment we send (after options). */
    public int sendMssBytes() {
        return snd.mss;
    }

    /** The congestion window, or 0 before the connection is established. */
    public long cwndBytes() {
        return snd.cc == null ? 0 : snd.cc.cwndBytes();
    }

    /** The congestion control's name ({@code "cubic"}), or null before the handshake chose one. */
    public String congestionControlName() {
        return snd.cc == null ? null : snd.cc.name();
    }

    /**
     * Switches this open connection's congestion control, as Linux's {@code TCP_CONGESTION} socket
     * option does on an established socket: the new one starts from its initial window at the
     * current MSS. Refused (false) before the handshake chose one and during fast recovery.
     */
    public boolean switchCongestionControl(long nowNs, CongestionControl next) {
        if (snd.cc == null || snd.recovery.inRecovery) {
            return false;
        }
        next.init(nowNs, snd.mss);
        snd.cc = next;
        return true;
    }

    /** The slow-start threshold, or 0 before the connection is established. */
    public long ssthreshBytes() {
        return snd.cc == null ? 0 : snd.cc.ssthreshBytes();
    }

    /** True while fast recovery (RFC 6582 / RFC 6675) is in progress. */
    public boolean inFastRecovery() {
        return snd.recovery.inRecovery;
    }

    /** The counts of the outstanding data Linux's {@code tcp_info} reports. */
    public SendQueueCounts sendQueueCounts() {
        return snd.recovery.counts();
    }

    /** The receive MSS: the largest segment received, at most the MSS we announced. */
    public int receiveMssBytes() {
        return rcv.mss;
    }

    /** The current retransmission timeout, backoff included. */
    public long rtoNs() {
        return snd.rtt.rtoNs();
    }

    /** How many times the retransmission timer has backed off since the last new ACK (Linux's {@code icsk_backoff}). */
    public int rtoBackoffs() {
        return snd.rtt.backoffCount();
    }

    /**
     * The local queue below the connection refuses every segment ({@code true}, as a qdisc with
     * no room: Linux's failed transmit) or takes them again. While it refuses, new data does not
     * leave and nothing counts as in flight; the sender probes every 500 ms and a user timeout
     * counts from the first probe (Linux's {@code tcp_probe_timer}). Retransmissions and ACKs are
     * not refused here (the host drops what it hands down).
     */
    public void localQueueDrops(long nowNs, boolean drops) {
        snd.localQueueDrops = drops;
        if (!drops && snd.resourceProbePending) {
            snd.output(nowNs, 0, false);
        }
    }

    /** Probes made while the local queue refused, or zero-window probes unanswered ({@code icsk_probes_out}). */
    public int probesOut() {
        return snd.resourceProbes + snd.persistBackoff;
    }

    /** The smoothed RTT, or -1 before the first sample. */
    public long srttNs() {
        return snd.rtt.srttNs();
    }

    public long rttvarNs() {
        return snd.rtt.rttvarNs();
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
        return rcv.nxt;
    }

    /** The peer's initial sequence number (IRS); its first data byte is IRS + 1. */
    public int initialReceiveSeq() {
        return rcv.irs;
    }

    private void requireState(TcpState expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + " in state " + state);
        }
    }

    @Override
    public String toString() {
        return "TcpConnection{" + state + " una=" + SeqNum.unsigned(snd.una) + " nxt=" + SeqNum.unsigned(snd.nxt)
            + " max=" + SeqNum.unsigned(snd.max) + " rcvNxt=" + SeqNum.unsigned(rcv.nxt) + " wnd=" + snd.wnd
            + " cwnd=" + cwndBytes() + " queued=" + snd.queue.bytes() + " readable=" + rcv.queue.readableBytes()
            + '}';
    }
}
