package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.stack.tcp.cc.CongestionControl;

/**
 * The send side of one connection: the send sequence variables of RFC 9293 (SND.UNA, SND.NXT,
 * SND.WND, SND.WL1/WL2, plus SND.MAX, the highest sequence ever sent), segmentation under the
 * peer's window and the congestion window, Nagle and sender-side silly-window avoidance,
 * retransmission (RFC 6298 timer with Karn's rule and backoff), fast retransmit and NewReno
 * recovery through {@link LossRecovery} (RFC 6582, or RFC 6675 with SACK), tail loss probes
 * through {@link TailLossProbe} (RFC 8985 section 7), RACK-TLP with PRR through
 * {@link RackRecovery} (RFC 8985, RFC 6937; the default with SACK), limited transmit (RFC 3042)
 * and zero-window probing.
 *
 * <p>Data lives in the {@link SendQueue} as page references; every emitted segment takes a
 * fresh reference per page it covers, so a retransmission re-references the same pages.
 */
final class TcpSender {
    static final long NEVER = Long.MAX_VALUE;
    /** Linux's {@code TCP_RESOURCE_PROBE_INTERVAL}: the probe interval while the local queue refuses. */
    static final long RESOURCE_PROBE_INTERVAL_NS = 500_000_000L;
    /** Linux's {@code TCP_RTO_MIN}: the first probe after a refused send comes no sooner. */
    static final long RESOURCE_PROBE_MIN_NS = 200_000_000L;
    /** Linux's {@code TCP_TIMEOUT_MIN} (2 jiffies at HZ=1000). */
    static final long TIMEOUT_MIN_NS = 2_000_000L;
    /** RFC 9293 default send MSS when the peer sends no MSS option (IPv4). */
    static final int DEFAULT_PEER_MSS = 536;
    private static final int TIMESTAMP_OPTION_BYTES = 12;

    private final TcpConnection c;
    private final TcpCounters counters;
    final SendQueue queue;
    final RttEstimator rtt;
    CongestionControl cc;

    int iss;
    int una;
    int nxt;
    int max;
    long wnd;
    long maxWnd;
    int wl1;
    int wl2;
    int wscale;
    int mss = DEFAULT_PEER_MSS;
    int peerMss = DEFAULT_PEER_MSS;
    int pathMss;
    private final int tsoMaxBytes;

    boolean finQueued;
    /** TCP_NODELAY: Nagle off (set from the configuration, changed by the application). */
    boolean noDelay;
    /** TCP_CORK (or one MSG_MORE push): hold back a partial segment. */
    boolean corked;
    /** Fast retransmit and loss recovery: NewReno, or RFC 6675 once SACK is on. */
    final LossRecovery recovery;

    boolean rttTiming;
    int rttSeq;
    long rttStartNs;
    /** Start and timestamp clock of the latest retransmission, for rejecting ambiguous echoes. */
    private int rtxSeq;
    private int rtxTsClock;
    private boolean retransmitted;
    long rtxDeadlineNs = NEVER;
    /** Tail loss probes, sharing the retransmission timer. */
    private final TailLossProbe probe;
    int retries;
    long persistDeadlineNs = NEVER;
    /** The local queue refuses every segment (a qdisc with no room): new data cannot leave. */
    boolean localQueueDrops;
    /** Probes made while the local queue refused new data (Linux's {@code icsk_probes_out}). */
    int resourceProbes;
    /** When the first of them went, or -1 ({@code icsk_probes_tstamp}). */
    long resourceProbeStartNs = -1;
    /** The persist timer is armed because the local queue refused, not for a zero window. */
    boolean resourceProbePending;
    private final CwndValidation cwndValidation = new CwndValidation();
    private final RecordEnds recordEnds = new RecordEnds();
    int persistBackoff;
    long lastSendNs;
    /** TCP_USER_TIMEOUT: retransmitted data unacknowledged this long ends the connection. */
    final UserTimeout userTimeout = new UserTimeout();

    TcpSender(TcpConnection c, SendQueue queue, RttEstimator rtt, TcpCounters counters, int pathMss) {
        this.c = c;
        this.queue = queue;
        this.rtt = rtt;
        this.counters = counters;
        this.pathMss = pathMss;
        this.tsoMaxBytes = c.config().tsoMaxBytes();
        this.noDelay = !c.config().nagle();
        this.recovery = new LossRecovery(this, counters, c.config().lossDetection());
        this.probe = new TailLossProbe(this, counters, c.config().linuxProbeTimeout(),
            c.config().adaptiveProbes(), c.config().probeBackoff());
    }

    void start(int initialSeq) {
        iss = initialSeq;
        una = initialSeq;
        nxt = initialSeq;
        max = initialSeq;
        recovery.start(initialSeq);
        queue.start(initialSeq + 1);
    }

    /** Recomputes the send MSS from the peer's MSS, the path and the option overhead. */
    void updateMss(boolean timestamps) {
        mss = Math.max(8, Math.min(peerMss, pathMss) - (timestamps ? TIMESTAMP_OPTION_BYTES : 0));
    }

    long inFlight() {
        return SeqNum.distance(una, nxt);
    }

    /** True once the FIN has been sent at least once. */
    boolean finSent() {
        return finQueued && SeqNum.gt(max, queue.endSeq());
    }

    /** True when the FIN we sent is acknowledged. */
    boolean finAcked() {
        return finQueued && SeqNum.gt(una, queue.endSeq());
    }

    long cwnd() {
        return cc == null ? mss : cc.cwndBytes() + recovery.inflationBytes;
    }

    /** Sends the SYN (or SYN-ACK) at ISS: the first transmission or a retransmission. */
    void sendSyn(long nowNs, boolean withAck) {
        final TcpSegment out = c.writer.prepareSyn(iss, withAck, nowNs);
        if (SeqNum.gt(max, iss)) {
            counters.rare().retransmittedSegments++;
            rttTiming = false;
        } else {
            rttTiming = true;
            rttSeq = iss;
            rttStartNs = nowNs;
        }
        nxt = iss + 1;
        max = SeqNum.max(max, nxt);
        c.writer.emit(out, nowNs);
        if (rtxDeadlineNs == NEVER) {
            rtxDeadlineNs = nowNs + rtt.rtoNs();
        }
    }

    /**
     * Sends what the windows, Nagle and SWS avoidance allow, new data or data rolled back for
     * retransmission, with the FIN when it is due.
     *
     * @param extraBytes window beyond cwnd granted by limited transmit
     * @param force      send one segment even if SWS avoidance would wait (persist timer)
     */
    void output(long nowNs, long extraBytes, boolean force) {
        if (!c.state().isSynchronized() || c.state() == TcpState.SYN_RECEIVED) {
            return;
        }
        final int maxBefore = max;
        final int nxtBefore = nxt;
        sendSegments(nowNs, extraBytes, force);
        if (SeqNum.gt(max, maxBefore) && rtxDeadlineNs != NEVER) {
            probe.schedule(nowNs, inFlight());
        }
        final boolean limiting = cc != null && inFlight() >= cc.cwndBytes();
        if (nxt != nxtBefore || limiting) {
            cwndValidation.afterOutput(limiting, inFlight(), una, nxt);
        }
    }

    private void sendSegments(long nowNs, long extraBytes, boolean force) {
        if (cc != null && inFlight() == 0 && queue.bytes() > 0 && lastSendNs != 0
            && nowNs - lastSendNs > rtt.rtoNs()) {
            cc.onIdleRestart(nowNs);
        }
        if (recovery.prrPaces() && !force) {
            return; // in a PRR recovery only what each ACK's share allows leaves (RFC 9937)
        }
        boolean forceOne = force;
        final int segMss = boundedMss();
        while (true) {
            nxt = recovery.skipSacked(nxt);
            final int end = queue.endSeq();
            final long avail = SeqNum.lt(nxt, end) ? SeqNum.distance(nxt, end) : 0;
            final boolean finDue = finQueued && nxt == end;
            final long flight = inFlight();
            final long window = Math.min(wnd, cwnd() + extraBytes);
            final long usable = window > flight ? window - flight : 0;
            long len = Math.min(avail, Math.min(segMss, usable));
            if (forceOne && len == 0 && avail > 0 && wnd > flight) {
                len = Math.min(avail, Math.min(segMss, wnd - flight));
            }
            if (len == segMss && tsoMaxBytes > segMss && SeqNum.ge(nxt, max)) {
                len = superSegmentBytes(Math.min(avail, Math.min(usable, superSegmentCap(segMss))), avail, segMss);
                if (corked && len == avail && len % segMss != 0 && !finQueued) {
                    len -= len % segMss; // corked: the full segments go, the partial tail waits
                }
            }
            len = recordEnds.cap(nxt, len);
            final boolean recordEnd = recordEnds.endsRecord(SeqNum.add(nxt, len), end);
            final boolean fin = finQueued && SeqNum.add(nxt, len) == end && (len > 0 || finDue);
            if (len == 0 && !fin) {
                armPersistIfStalled(nowNs, avail, flight);
                return;
            }
            if (len > 0 && len < segMss && !forceOne && SeqNum.ge(nxt, max) && !recordEnd
                && !sendSmall(len, avail, flight)) {
                armPersistIfStalled(nowNs, avail, flight);
                return;
            }
            forceOne = false;
            if (localQueueDrops && len > 0 && SeqNum.ge(nxt, max)) {
                // the device refused it: nothing left, nothing is in flight; probe for room later
                // (Linux's tcp_write_xmit fails, tcp_check_probe_timer arms the probe timer)
                armResourceProbe(nowNs, flight);
                return;
            }
            nxt = transmit(nowNs, nxt, len, fin);
            max = SeqNum.max(max, nxt);
            if (fin && nxt == SeqNum.add(end, 1)) {
                return;
            }
        }
    }

    /** The end of the data queued so far ends a record (MSG_EOR): later data never joins its segments. */
    void markRecordEnd() {
        recordEnds.mark(queue.endSeq());
    }

    /** The most one super-segment may carry: half the congestion window when so configured. */
    private long superSegmentCap(int segMss) {
        if (!c.config().twoSuperSegmentsInFlight() || cc == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, cc.cwndBytes() / segMss / 2) * segMss;
    }

    /**
     * TSO: as much new data as the windows allow, up to the offload limit, in whole segments
     * unless it is the tail of the queue.
     */
    private long superSegmentBytes(long allowed, long avail, int segMss) {
        long len = Math.min(allowed, tsoMaxBytes);
        if (len < avail) {
            len -= len % segMss;
        }
        return len;
    }

    /**
     * Nagle (RFC 896) and the sender's SWS rule (RFC 9293 3.8.6.2.1) for a segment shorter than
     * a full one: send it only when it carries all queued data and nothing is in flight (or
     * Nagle is off, or the FIN follows), and the sender is not corked. Otherwise wait for an ACK
     * or the persist timer.
     */
    private boolean sendSmall(long len, long avail, long flight) {
        return len == avail && (finQueued || !corked && (noDelay || flight == 0));
    }

    /**
     * The segment size that counts as full: the MSS, bounded to half the largest window the
     * peer ever offered (as Linux does) so that a peer with a tiny buffer still gets full
     * segments in the SWS sense.
     */
    int boundedMss() {
        if (maxWnd <= 0) {
            return mss;
        }
        final long cutoff = maxWnd > DEFAULT_PEER_MSS ? maxWnd / 2 : maxWnd;
        return (int) Math.max(1, Math.min(mss, cutoff));
    }

    private void armPersistIfStalled(long nowNs, long avail, long flight) {
        if (avail > 0 && flight == 0 && rtxDeadlineNs == NEVER && persistDeadlineNs == NEVER) {
            persistDeadlineNs = nowNs + persistIntervalNs();
        }
    }

    private void armResourceProbe(long nowNs, long flight) {
        if (flight == 0 && rtxDeadlineNs == NEVER && persistDeadlineNs == NEVER) {
            persistDeadlineNs = nowNs + Math.max(rtt.rtoNs(), RESOURCE_PROBE_MIN_NS);
            resourceProbePending = true;
        }
    }

    private long persistIntervalNs() {
        final long base = rtt.rtoNs();
        return Math.min(c.config().maxRtoNs(), base << Math.min(persistBackoff, 20));
    }

    /**
     * Emits one segment of {@code len} data bytes from {@code seq}, FIN when asked; fewer bytes
     * (and no FIN) when they span more of the queue's fragments than one segment carries
     * ({@link TcpSegment#MAX_FRAGMENTS}). Returns the sequence number just past what it carried,
     * the FIN included: the caller's next byte to send.
     */
    int transmit(long nowNs, int seq, long len, boolean fin) {
        if (len > 0) {
            final long fits = queue.bytesWithinFragments(seq, len, TcpSegment.MAX_FRAGMENTS);
            if (fits < len) {
                len = fits;
                fin = false;
                counters.rare().fragmentLimitedSegments++;
            }
        }
        int flags = TcpFlags.ACK;
        if (fin) {
            flags |= TcpFlags.FIN;
        }
        if (len > 0 && SeqNum.add(seq, len) == queue.endSeq()) {
            flags |= TcpFlags.PSH;
        }
        final TcpSegment out = c.writer.prepare(seq, flags, nowNs);
        if (len > 0) {
            queue.emit(seq, len, out);
            final int segMss = boundedMss();
            if (len > segMss) {
                out.gsoSizeBytes(segMss);
                counters.superSegmentsOut++;
            }
        }
        final boolean retransmission = SeqNum.lt(seq, max);
        if (retransmission) {
            retransmitted = true;
            userTimeout.onRetransmit(nowNs);
            rtxSeq = seq;
            rtxTsClock = c.opts.tsClock(nowNs);
            counters.rare().retransmittedSegments++;
            counters.rare().retransmittedBytes += len;
            if (rttTiming && SeqNum.le(seq, rttSeq)) {
                rttTiming = false; // Karn: the sample would be ambiguous
            }
        } else if (!rttTiming && !c.opts.tsOn) {
            rttTiming = true;
            rttSeq = seq;
            rttStartNs = nowNs;
        }
        if (cc != null && len > 0) {
            cc.onTransmit(nowNs, seq, len, retransmission, inFlight());
        }
        recovery.onSent(nowNs, seq, len, fin, retransmission);
        if (len > 0) {
            counters.dataSegmentsOut++;
            counters.bytesOut += len;
        }
        lastSendNs = nowNs;
        persistDeadlineNs = NEVER;
        resourceProbePending = false;
        if (len > 0) {
            resourceProbes = 0;
            resourceProbeStartNs = -1;
        }
        if (rtxDeadlineNs == NEVER) {
            armRetransmitTimer(nowNs, SeqNum.distance(una, SeqNum.max(SeqNum.add(seq, len + (fin ? 1 : 0)), max)));
        }
        c.writer.emit(out, nowNs);
        return SeqNum.add(seq, len + (fin ? 1 : 0));
    }

    /** Whether a D-SACK of {@code [start, end)} reports the last resent tail loss probe as a duplicate. */
    boolean dsackIsProbes(int start, int end) {
        return probe.isDuplicateOfResentProbe(start, end);
    }

    /** Arms the retransmission timer for {@code flightBytes} in flight: the RTO, or a probe before it. */
    private void armRetransmitTimer(long nowNs, long flightBytes) {
        rtxDeadlineNs = flightBytes == 0 ? NEVER : nowNs + rtt.rtoNs();
        probe.schedule(nowNs, flightBytes);
    }

    /** Recovery sent something outside {@link #output}: the probe timer restarts (RFC 8985 7.2). */
    void rescheduleProbe(long nowNs) {
        if (rtxDeadlineNs != NEVER) {
            probe.schedule(nowNs, inFlight());
        }
    }

    /** Restarts the RTO (and the probe before it) from now: the head segment was sent again. */
    void restartRetransmitTimer(long nowNs) {
        armRetransmitTimer(nowNs, SeqNum.distance(una, max));
    }

    /** An ACK delivered data (acknowledged or SACKed it): another tail may be probed. */
    void onDelivery() {
        probe.onNewAck();
    }

    /** RACK's reordering timer fired. */
    void onReorderTimeout(long nowNs) {
        recovery.onReorderTimeout(nowNs);
    }

    TcpState connectionState() {
        return c.state();
    }

    TcpConfig config() {
        return c.config();
    }

    /** Retransmits one segment from SND.UNA (fast retransmit, partial ACK, PMTU). */
    void retransmitFirst(long nowNs) {
        final int end = queue.endSeq();
        final long avail = SeqNum.lt(una, end) ? SeqNum.distance(una, end) : 0;
        // Within the peer's window when it has one (as Linux's tcp_retransmit_skb): a receiver
        // whose buffer is smaller than an MSS would trim the rest, or drop it whole for memory.
        final long len = recordEnds.cap(una, Math.min(avail, wnd > 0 ? Math.min(mss, wnd) : mss));
        final boolean fin = finQueued && SeqNum.add(una, len) == end && SeqNum.gt(max, end);
        if (len == 0 && !fin) {
            return;
        }
        nxt = SeqNum.max(nxt, transmit(nowNs, una, len, fin));
        max = SeqNum.max(max, nxt); // the segment may carry new bytes beyond SND.MAX
    }

    /**
     * Processes the acknowledgment field and window of an acceptable segment (RFC 9293 3.10.7.4
     * fifth step). Returns false when the segment must be dropped (it acknowledged data never
     * sent, or is too old: RFC 5961 section 5).
     */
    boolean onAck(long nowNs, TcpSegment seg) {
        final int ack = seg.ack();
        if (SeqNum.gt(ack, max)) {
            counters.rare().badAckDrops++;
            if (!c.config().dropAckOfUnsentData()) {
                c.sendAckNow(nowNs);
            }
            return false;
        }
        if (SeqNum.lt(ack, SeqNum.add(una, -Math.max(maxWnd, 1)))) {
            counters.rare().badAckDrops++;
            c.challengeAck(nowNs);
            return false;
        }
        final long sackedBelow = recovery.sackedBetween(una, ack); // before the scoreboard moves
        recovery.onSackInfo(seg, ack);
        boolean windowChanged = false;
        if (SeqNum.lt(wl1, seg.seq()) || (wl1 == seg.seq() && SeqNum.le(wl2, ack))) {
            windowChanged = updateWindow(seg);
        }
        if (SeqNum.gt(ack, una)) {
            newAck(nowNs, ack, seg, recovery.newlySackedBytes() - sackedBelow);
        } else if (ack == una && seg.payloadBytes() == 0 && !seg.has(TcpFlags.SYN | TcpFlags.FIN)
            && (!windowChanged || recovery.sackedNewData()) && SeqNum.lt(una, max)) {
            recovery.onDupAck(nowNs);
        }
        recovery.onAckProcessed(nowNs);
        probe.onAckProcessed();
        return true;
    }

    /** Takes the segment's window as the send window (SND.WL1/WL2 rule already checked). */
    private boolean updateWindow(TcpSegment seg) {
        final long newWnd = (long) seg.windowField() << wscale;
        final boolean changed = newWnd != wnd;
        wnd = newWnd;
        maxWnd = Math.max(maxWnd, newWnd);
        wl1 = seg.seq();
        wl2 = seg.ack();
        if (wnd > 0) {
            persistBackoff = 0;
            persistDeadlineNs = NEVER;
        }
        return changed;
    }

    /**
     * The header-prediction path: a segment at RCV.NXT whose ACK advances SND.UNA (or holds it,
     * with data). Its window is the newest by construction.
     */
    void fastAck(long nowNs, TcpSegment seg) {
        updateWindow(seg);
        if (SeqNum.gt(seg.ack(), una)) {
            newAck(nowNs, seg.ack(), seg, -recovery.sackedBetween(una, seg.ack()));
        }
    }

    /**
     * SND.UNA moves to {@code ack}. {@code sackChange} is what this ACK SACKed for the first time
     * less what it acknowledges that was SACKed before: the difference between the bytes it
     * acknowledges and those it newly delivers.
     */
    private void newAck(long nowNs, int ack, TcpSegment seg, long sackChange) {
        final long acked = SeqNum.distance(una, ack);
        final long growth = c.config().deliveredGrowth() ? deliveredBytes(acked, sackChange) : acked;
        final long flightBefore = inFlight();
        final long rttNs = rttSample(nowNs, ack, seg);
        if (rttNs >= 0) {
            rtt.sample(rttNs);
        }
        rtt.clearBackoff();
        retries = 0;
        userTimeout.onNewAck();
        final int dataEnd = queue.endSeq();
        queue.ackTo(SeqNum.min(ack, dataEnd));
        una = ack;
        recordEnds.ackTo(una);
        if (SeqNum.lt(nxt, una)) {
            nxt = una;
        }
        if (cc != null) {
            cc.onUnaAdvance(nowNs, ack, rtt.srttNs());
        }
        if (!recovery.onNewAck(nowNs, ack, acked) && cc != null && (!c.config().cwndLimitedGrowth()
            || cwndValidation.allowsGrowth(cc.cwndBytes(), cc.ssthreshBytes()))) {
            cc.onAck(nowNs, growth, rttNs, flightBefore);
        }
        probe.onNewAck(nowNs, ack);
        armRetransmitTimer(nowNs, SeqNum.distance(una, max));
    }

    /**
     * What an ACK that acknowledges {@code acked} bytes newly delivers (Linux's {@code acked_sacked}):
     * with SACK, less what was SACKed before and plus what it SACKs now; without, each duplicate
     * ACK already stood for a segment that arrived, and the cumulative ACK delivers at least one
     * more (Linux's {@code tcp_remove_reno_sacks}).
     */
    private long deliveredBytes(long acked, long sackChange) {
        if (recovery.scoreboard != null) {
            return Math.max(0, acked + sackChange);
        }
        return Math.max(acked - (long) recovery.dupAcks * mss, Math.min(acked, mss));
    }

    private long rttSample(long nowNs, int ack, TcpSegment seg) {
        if (c.opts.tsOn && seg.hasTimestamps() && seg.tsEcr() != 0) {
            if (retransmitted && SeqNum.gt(ack, rtxSeq) && seg.tsEcr() - rtxTsClock < 0) {
                // The ACK covers retransmitted data but echoes an earlier transmission: the peer had
                // the data already and its ACKs were lost (RFC 7323 R2 keeps TS.Recent from the
                // duplicate), so the echo measures the timeout, not the path. Karn's rule applies.
                rttTiming = false;
                return -1;
            }
            final int ticks = c.opts.tsClock(nowNs) - seg.tsEcr();
            if (ticks >= 0) {
                rttTiming = false;
                return ticks * OptionState.TS_TICK_NS;
            }
        }
        if (rttTiming && SeqNum.gt(ack, rttSeq)) {
            rttTiming = false;
            return nowNs - rttStartNs;
        }
        return -1;
    }

    /** The retransmission timer fired (RFC 6298 5.4 - 5.7). Returns false when out of retries. */
    boolean onRetransmitTimeout(long nowNs) {
        final boolean probing = probe.isArmed();
        rtxDeadlineNs = NEVER;
        if (una == max) {
            return true;
        }
        if (probing) {
            probe.fire(nowNs);
            return true;
        }
        final boolean synPhase = !c.state().isSynchronized() || c.state() == TcpState.SYN_RECEIVED;
        if (!synPhase && userTimeout.timeoutNs() > 0) {
            if (userTimeout.expired(nowNs)) {
                return false;
            }
        } else if (++retries > (synPhase ? c.config().maxSynRetries() : c.config().maxRetries())) {
            return false;
        }
        counters.rare().rtoTimeouts++;
        rtt.backOff();
        rttTiming = false;
        if (synPhase) {
            sendSyn(nowNs, c.state() == TcpState.SYN_RECEIVED);
            rtxDeadlineNs = nowNs + rtt.rtoNs();
            return true;
        }
        if (cc != null) {
            cc.onRetransmitTimeout(nowNs, inFlight());
        }
        recovery.onTimeout(rtt.backoffCount() > 1);
        nxt = una;
        retransmitFirst(nowNs);
        rtxDeadlineNs = userTimeout.clamp(nowNs + rtt.rtoNs());
        return true;
    }

    /**
     * The persist timer fired: probe a zero window, or push a segment SWS avoidance held back, or
     * try again what the local queue refused. Returns false when the user timeout ran out while
     * the local queue refused (the connection ends, as Linux's {@code tcp_probe_timer}).
     */
    boolean onPersistTimeout(long nowNs) {
        persistDeadlineNs = NEVER;
        if (resourceProbePending) {
            resourceProbePending = false;
            return resourceProbe(nowNs);
        }
        if (wnd == 0) {
            counters.rare().zeroWindowProbes++;
            c.writer.emit(c.writer.prepare(SeqNum.add(una, -1), TcpFlags.ACK, nowNs), nowNs);
            persistBackoff++;
            persistDeadlineNs = nowNs + persistIntervalNs();
        } else {
            output(nowNs, 0, true);
        }
        return true;
    }

    /**
     * Linux's {@code tcp_probe_timer} and {@code tcp_send_probe0} when the device refused the data:
     * the user timeout counts from the first probe; each refused probe is counted and the next
     * comes after {@link #RESOURCE_PROBE_INTERVAL_NS} ({@code TCP_RESOURCE_PROBE_INTERVAL}), no later
     * than the user timeout, with no backoff.
     */
    private boolean resourceProbe(long nowNs) {
        if (inFlight() > 0 || !SeqNum.lt(nxt, queue.endSeq())) {
            resourceProbes = 0;
            return true;
        }
        final long userTimeoutNs = userTimeout.timeoutNs();
        if (resourceProbeStartNs < 0) {
            resourceProbeStartNs = nowNs;
        } else if (userTimeoutNs > 0 && nowNs - resourceProbeStartNs >= userTimeoutNs) {
            return false;
        }
        output(nowNs, 0, true);
        if (inFlight() > 0) {
            return true; // the device took it
        }
        resourceProbes++;
        long next = RESOURCE_PROBE_INTERVAL_NS;
        if (userTimeoutNs > 0) {
            next = Math.min(next, Math.max(userTimeoutNs - (nowNs - resourceProbeStartNs), TIMEOUT_MIN_NS));
        }
        persistDeadlineNs = nowNs + next;
        resourceProbePending = true;
        return true;
    }

    /** A smaller path MTU: resend what is in flight in segments that fit (RFC 1191). */
    void onPathMss(long nowNs, int newPathMss, boolean timestamps) {
        final int oldMss = mss;
        pathMss = newPathMss;
        updateMss(timestamps);
        if (cc != null && mss != oldMss) {
            cc.onMssChange(nowNs, mss);
        }
        if (cc != null && mss < oldMss && SeqNum.lt(una, max)) {
            nxt = una;
            rttTiming = false;
            output(nowNs, 0, false);
        }
    }
}
