package dev.toeless.stack.tcp.cc;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * CUBIC as Linux's {@code tcp_cubic.c} computes it, for the {@code linux} profile that runs Linux's
 * packetdrill scripts: the window in whole segments with Linux's integer arithmetic, not the
 * real-valued curve of RFC 9438 that {@link Cubic} follows. Where they differ, and the scripts see it:
 *
 * <ul>
 *   <li>time in jiffies (1 ms, {@code HZ=1000}) and in 1/1024 s for the curve; {@code K} from
 *       {@code cube_factor = 2^40 / (bic_scale * 10)}, {@code bic_scale = 41}; the curve is evaluated
 *       one minimum RTT ahead ({@code t += delay_min}), and recomputed only when the window changed
 *       or 1/32 s passed;</li>
 *   <li>growth per ACK is {@code tcp_cong_avoid_ai}: one segment per {@code cnt} segments
 *       acknowledged, {@code cnt = cwnd / (target - cwnd)}, at least 2, at most 20 before the first
 *       reduction, and at most {@code cwnd / (W_tcp - cwnd)} for the Reno-friendly {@code W_tcp}
 *       that grows by one per {@code cwnd * beta_scale / 8} segments acknowledged
 *       ({@code beta_scale = 8 (1024 + beta) / 3 / (1024 - beta) = 15});</li>
 *   <li>{@code ssthresh = max(cwnd * 717 / 1024, 2)} from the window, not from the flight; fast
 *       convergence sets {@code W_max = cwnd * (1024 + 717) / 2048};</li>
 *   <li>a retransmission timeout forgets everything ({@code bictcp_reset} on {@code TCP_CA_Loss}):
 *       {@code W_max}, the minimum RTT, the epoch, HyStart's round;</li>
 *   <li>HyStart ({@code hystart_detect}: 1 the ACK train, 2 the delay, 3 both, Linux's default)
 *       leaves slow start, {@code ssthresh = cwnd}, from 16 segments on: when ACKs 2 ms or less
 *       apart span more than half the minimum RTT (plus an ACK delay of at most 1 ms), or when
 *       the smallest of at least 8 RTT samples of a round exceeds the minimum RTT by an eighth
 *       of it, clamped to 4 - 16 ms. A round ends when SND.UNA passes what SND.NXT was at its
 *       start;</li>
 *   <li>RTT samples are Linux's {@code ca_rtt}: per ACK, the time since the newest transmission
 *       it acknowledged, none when it acknowledged retransmitted data (from {@link #onTransmit}
 *       and {@link #onUnaAdvance}); samples in the first second of a congestion-avoidance epoch
 *       are ignored;</li>
 *   <li>after an idle period ({@code CA_EVENT_TX_START}) the epoch moves forward by the idle
 *       time, so the curve gives no credit for it.</li>
 * </ul>
 *
 * <p>The cube root is Java's, not Linux's table plus one Newton step (within 0.2 % of it). The
 * ACK delay HyStart allows is computed from the window and smoothed RTT as Linux's pacing rate
 * would be (2x in slow start, 1.2x after), with a 64 KiB GSO size (an {@code estimate} of the
 * device's). SACK-only ACKs give no RTT sample here (Linux takes one from newly SACKed data).
 * Fast recovery keeps the window at ssthresh until the full ACK, as {@link Cubic}. One instance
 * per connection, single-threaded.
 */
public final class LinuxCubic implements CongestionControl {
    /** Linux's {@code beta}, out of 1024. */
    public static final int BETA = 717;
    /** {@code BICTCP_BETA_SCALE}. */
    public static final int BETA_SCALE = 1024;
    /** {@code bic_scale}. */
    public static final int BIC_SCALE = 41;
    /** {@code hystart_detect} bit: the ACK train. */
    public static final int HYSTART_ACK_TRAIN = 1;
    /** {@code hystart_detect} bit: the delay increase. */
    public static final int HYSTART_DELAY = 2;
    /** {@code hystart_low_window}: HyStart works from this window on, in segments. */
    public static final int HYSTART_LOW_WINDOW = 16;
    static final long HYSTART_ACK_DELTA_US = 2000;
    static final int HYSTART_MIN_SAMPLES = 8;
    static final long HYSTART_DELAY_MIN_US = 4000;
    static final long HYSTART_DELAY_MAX_US = 16000;
    /** {@code BICTCP_HZ}: the curve's time unit is 1/1024 s. */
    private static final int BICTCP_HZ = 10;
    private static final long HZ = 1000;
    private static final long CUBE_RTT_SCALE = BIC_SCALE * 10L;
    private static final long CUBE_FACTOR = (1L << (10 + 3 * BICTCP_HZ)) / (BIC_SCALE * 10L);
    /** {@code beta_scale} of the Reno-friendly window (15). */
    static final long FRIENDLY_SCALE = 8L * (BETA_SCALE + BETA) / 3 / (BETA_SCALE - BETA);
    /** Linux's {@code GSO_LEGACY_MAX_SIZE}, for HyStart's ACK delay ({@code estimate} of the device's). */
    private static final long GSO_MAX_BYTES = 65_536;
    private static final long INFINITE = Long.MAX_VALUE;

    private final int initialWindowSegments;
    private final int hystartDetect;
    private final boolean paced;
    private final boolean restartAfterIdle;
    private long mss = 1;

    // tcp_sock
    private long cwnd;
    private long ssthresh = INFINITE;
    private long cwndCnt;
    private long ackedCarryBytes;
    private boolean inRecovery;
    private boolean timeoutPending;
    private long lastSendJiffies;
    private int sndNxt;
    private boolean sent;

    // struct bictcp
    private long cnt;
    private long lastMaxCwnd;
    private long lastCwnd;
    private long lastTime;
    private long originPoint;
    private long k;
    private long delayMinUs;
    private boolean epochStarted;
    private long epochStart;
    private long ackCnt;
    private long tcpCwnd;
    private int sampleCnt;
    private boolean found;
    private long roundStartUs;
    private boolean roundSet;
    private int endSeq;
    private long lastAckUs;
    private long currRttUs;

    // transmissions not yet acknowledged, in sequence order: [start, end), sent at, retransmitted
    private int[] recStart = new int[64];
    private int[] recEnd = new int[64];
    private long[] recSentNs = new long[64];
    private boolean[] recRetrans = new boolean[64];
    private int recHead;
    private int recCount;

    /** Linux's defaults: IW10, HyStart with both detectors, no pacing qdisc, slow start after idle. */
    public LinuxCubic() {
        this(10, HYSTART_ACK_TRAIN | HYSTART_DELAY, false, true);
    }

    /**
     * @param initialWindowSegments initial window in segments (Linux: 10)
     * @param hystartDetect         {@code hystart_detect}: 0 (HyStart off), 1, 2 or 3
     * @param paced                 whether a pacing qdisc (fq) paces the flow: the ACK-train
     *                              threshold is not halved
     * @param restartAfterIdle      {@code tcp_slow_start_after_idle}: after an idle RTO the window
     *                              falls back to the initial window; off, it stays
     */
    public LinuxCubic(int initialWindowSegments, int hystartDetect, boolean paced, boolean restartAfterIdle) {
        if (initialWindowSegments <= 0) {
            throw new IllegalArgumentException("initialWindowSegments must be > 0: " + initialWindowSegments);
        }
        if (hystartDetect < 0 || hystartDetect > 3) {
            throw new IllegalArgumentException("hystartDetect must be 0 to 3: " + hystartDetect);
        }
        this.initialWindowSegments = initialWindowSegments;
        this.hystartDetect = hystartDetect;
        this.paced = paced;
        this.restartAfterIdle = restartAfterIdle;
    }

    @Override
    public String name() {
        return "cubic";
    }

    @Override
    public void init(long nowNs, int mssBytes) {
        mss = NewReno.checkMss(mssBytes);
        cwnd = initialWindowSegments;
        ssthresh = INFINITE;
        cwndCnt = 0;
        ackedCarryBytes = 0;
        inRecovery = false;
        timeoutPending = false;
        reset();
        hystartReset(nowNs);
    }

    @Override
    public void onMssChange(long nowNs, int mssBytes) {
        mss = NewReno.checkMss(mssBytes);
    }

    @Override
    public long cwndBytes() {
        return cwnd * mss;
    }

    @Override
    public long ssthreshBytes() {
        return ssthresh == INFINITE ? INFINITE : ssthresh * mss;
    }

    /** The window in segments. */
    public long cwndSegments() {
        return cwnd;
    }

    /** {@code last_max_cwnd} in segments (0 before a reduction and after a timeout). */
    public long lastMaxCwnd() {
        return lastMaxCwnd;
    }

    /** The smallest RTT sample since the last timeout, in microseconds (0 before any). */
    public long delayMinUs() {
        return delayMinUs;
    }

    /** The start of the congestion-avoidance epoch in ms, or -1 outside one. */
    long epochStartMs() {
        return epochStarted ? epochStart : -1;
    }

    /** Whether HyStart ended slow start. */
    public boolean hystartFound() {
        return found;
    }

    private void reset() {
        cnt = 0;
        lastMaxCwnd = 0;
        lastCwnd = 0;
        lastTime = 0;
        originPoint = 0;
        k = 0;
        delayMinUs = 0;
        epochStarted = false;
        epochStart = 0;
        ackCnt = 0;
        tcpCwnd = 0;
        found = false;
    }

    private void hystartReset(long nowNs) {
        roundStartUs = nowNs / 1000;
        lastAckUs = roundStartUs;
        endSeq = sndNxt;
        roundSet = sent;
        currRttUs = Long.MAX_VALUE;
        sampleCnt = 0;
    }

    @Override
    public void onTransmit(long nowNs, int seq, long len, boolean retransmission, long inFlightBytes) {
        if (len <= 0) {
            return;
        }
        final long now = nowNs / 1_000_000;
        if (inFlightBytes == 0 && epochStarted && sent) {
            // CA_EVENT_TX_START: no credit for the idle time
            final long delta = now - lastSendJiffies;
            if (delta > 0) {
                epochStart = Math.min(epochStart + delta, now);
            }
        }
        lastSendJiffies = now;
        final int end = SeqNum.add(seq, len);
        if (!sent || SeqNum.gt(end, sndNxt)) {
            sndNxt = end;
            sent = true;
        }
        if (!retransmission) {
            append(seq, end, nowNs);
            return;
        }
        for (int i = 0; i < recCount; i++) {
            final int j = (recHead + i) & (recStart.length - 1);
            if (SeqNum.lt(recStart[j], end) && SeqNum.gt(recEnd[j], seq)) {
                recRetrans[j] = true;
            }
        }
    }

    private void append(int start, int end, long nowNs) {
        if (recCount == recStart.length) {
            grow();
        }
        final int j = (recHead + recCount) & (recStart.length - 1);
        recStart[j] = start;
        recEnd[j] = end;
        recSentNs[j] = nowNs;
        recRetrans[j] = false;
        recCount++;
    }

    private void grow() {
        final int n = recStart.length;
        final int[] s = new int[2 * n];
        final int[] e = new int[2 * n];
        final long[] t = new long[2 * n];
        final boolean[] r = new boolean[2 * n];
        for (int i = 0; i < recCount; i++) {
            final int j = (recHead + i) & (n - 1);
            s[i] = recStart[j];
            e[i] = recEnd[j];
            t[i] = recSentNs[j];
            r[i] = recRetrans[j];
        }
        recStart = s;
        recEnd = e;
        recSentNs = t;
        recRetrans = r;
        recHead = 0;
    }

    /** Linux's {@code ca_rtt_us} of an ACK moving SND.UNA to {@code una}, or -1. */
    private long ackRttUs(long nowNs, int una) {
        long newestSentNs = -1;
        boolean retransAcked = false;
        while (recCount > 0 && SeqNum.gt(una, recStart[recHead])) {
            if (recRetrans[recHead]) {
                retransAcked = true;
            } else {
                newestSentNs = recSentNs[recHead];
            }
            if (SeqNum.lt(una, recEnd[recHead])) {
                recStart[recHead] = una;
                break;
            }
            recHead = (recHead + 1) & (recStart.length - 1);
            recCount--;
        }
        return retransAcked || newestSentNs < 0 ? -1 : (nowNs - newestSentNs) / 1000;
    }

    /** {@code cubictcp_acked} with HyStart: every ACK that moves SND.UNA, in or out of recovery. */
    @Override
    public void onUnaAdvance(long nowNs, int una, long srttNs) {
        timeoutPending = false;
        final long rttUs = ackRttUs(nowNs, una);
        if (rttUs < 0) {
            return;
        }
        if (epochStarted && nowNs / 1_000_000 - epochStart < HZ) {
            return; // discard delay samples right after a reduction
        }
        final long delay = Math.max(rttUs, 1);
        if (delayMinUs == 0 || delayMinUs > delay) {
            delayMinUs = delay;
        }
        if (!found && hystartDetect != 0 && cwnd < ssthresh && cwnd >= HYSTART_LOW_WINDOW) {
            hystartUpdate(nowNs, una, delay, srttNs);
        }
    }

    private void hystartUpdate(long nowNs, int una, long delayUs, long srttNs) {
        if (!roundSet || SeqNum.gt(una, endSeq)) {
            hystartReset(nowNs);
        }
        final long nowUs = nowNs / 1000;
        if ((hystartDetect & HYSTART_ACK_TRAIN) != 0 && nowUs - lastAckUs <= HYSTART_ACK_DELTA_US) {
            lastAckUs = nowUs;
            long threshold = delayMinUs + ackDelayUs(srttNs);
            if (!paced) {
                threshold >>= 1;
            }
            if (nowUs - roundStartUs > threshold) {
                found = true;
                ssthresh = cwnd;
            }
        }
        if ((hystartDetect & HYSTART_DELAY) != 0) {
            currRttUs = Math.min(currRttUs, delayUs);
            if (sampleCnt < HYSTART_MIN_SAMPLES) {
                sampleCnt++;
            } else if (currRttUs > delayMinUs
                + Math.clamp(delayMinUs >> 3, HYSTART_DELAY_MIN_US, HYSTART_DELAY_MAX_US)) {
                found = true;
                ssthresh = cwnd;
            }
        }
    }

    /** {@code hystart_ack_delay}: what a GSO burst at the pacing rate would spread ACKs by, at most 1 ms. */
    private long ackDelayUs(long srttNs) {
        if (srttNs <= 0) {
            return 0;
        }
        final long ratio = cwnd < ssthresh / 2 ? 200 : 120;
        final double rateBytesPerS = (double) mss * cwnd * ratio / 100 / (srttNs / 1e9);
        return Math.min(1000, (long) (GSO_MAX_BYTES * 4 * 1e6 / rateBytesPerS));
    }

    /** {@code cubictcp_cong_avoid}: the sender decided the window limits it (tcp_is_cwnd_limited). */
    @Override
    public void onAck(long nowNs, long ackedBytes, long rttNs, long inFlightBytes) {
        if (ackedBytes <= 0) {
            return;
        }
        ackedCarryBytes += ackedBytes;
        long acked = ackedCarryBytes / mss;
        ackedCarryBytes -= acked * mss;
        if (acked == 0) {
            return;
        }
        if (cwnd < ssthresh) {
            final long grown = Math.min(cwnd + acked, ssthresh);
            acked -= grown - cwnd;
            cwnd = grown;
            if (acked == 0) {
                return;
            }
        }
        update(nowNs / 1_000_000, acked);
        congestionAvoidAi(cnt, acked);
    }

    /** {@code bictcp_update}: sets {@code cnt}, segments acknowledged per one segment of growth. */
    private void update(long now, long acked) {
        ackCnt += acked;
        if (lastCwnd == cwnd && now - lastTime <= HZ / 32) {
            return;
        }
        if (!(epochStarted && now == lastTime)) {
            lastCwnd = cwnd;
            lastTime = now;
            if (!epochStarted) {
                epochStarted = true;
                epochStart = now;
                ackCnt = acked;
                tcpCwnd = cwnd;
                if (lastMaxCwnd <= cwnd) {
                    k = 0;
                    originPoint = cwnd;
                } else {
                    k = (long) Math.cbrt((double) (CUBE_FACTOR * (lastMaxCwnd - cwnd)));
                    originPoint = lastMaxCwnd;
                }
            }
            long t = now - epochStart + (delayMinUs + 999) / 1000;
            t = (t << BICTCP_HZ) / HZ;
            final long offs = t < k ? k - t : t - k;
            final long delta = (CUBE_RTT_SCALE * offs * offs * offs) >>> (10 + 3 * BICTCP_HZ);
            final long target = t < k ? originPoint - delta : originPoint + delta;
            cnt = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd;
            if (lastMaxCwnd == 0 && cnt > 20) {
                cnt = 20; // increase no faster than slow start's half before the first reduction
            }
        }
        // tcp_friendliness
        final long perSegment = (cwnd * FRIENDLY_SCALE) >> 3;
        while (perSegment > 0 && ackCnt > perSegment) {
            ackCnt -= perSegment;
            tcpCwnd++;
        }
        if (tcpCwnd > cwnd) {
            cnt = Math.min(cnt, cwnd / (tcpCwnd - cwnd));
        }
        cnt = Math.max(cnt, 2);
    }

    /** {@code tcp_cong_avoid_ai}: one segment more per {@code w} segments acknowledged. */
    private void congestionAvoidAi(long w, long acked) {
        if (cwndCnt >= w) {
            cwndCnt = 0;
            cwnd++;
        }
        cwndCnt += acked;
        if (cwndCnt >= w) {
            final long delta = cwndCnt / w;
            cwndCnt -= delta * w;
            cwnd += delta;
        }
    }

    /** {@code cubictcp_recalc_ssthresh}. */
    private long recalcSsthresh() {
        epochStarted = false;
        lastMaxCwnd = cwnd < lastMaxCwnd ? cwnd * (BETA_SCALE + BETA) / (2 * BETA_SCALE) : cwnd;
        return Math.max(cwnd * BETA / BETA_SCALE, 2);
    }

    @Override
    public void onEnterRecovery(long nowNs, long inFlightBytes) {
        ssthresh = recalcSsthresh();
        cwnd = ssthresh;
        cwndCnt = 0;
        inRecovery = true;
        timeoutPending = false;
    }

    @Override
    public void onRecoveryAck(long nowNs, long ackedBytes, long inFlightBytes) {
        cwnd = Math.max(cwnd, 1);
    }

    @Override
    public void onExitRecovery(long nowNs, long inFlightBytes) {
        cwnd = Math.max(1, NewReno.exitWindow(ssthresh * mss, inFlightBytes, mss) / mss);
        cwndCnt = 0;
        inRecovery = false;
    }

    /** {@code tcp_enter_loss}: ssthresh once per loss episode, then {@code bictcp_reset} and a new HyStart round. */
    @Override
    public void onRetransmitTimeout(long nowNs, long inFlightBytes) {
        if (!timeoutPending && !inRecovery) {
            ssthresh = recalcSsthresh();
        }
        cwnd = 1;
        cwndCnt = 0;
        ackedCarryBytes = 0;
        inRecovery = false;
        timeoutPending = true;
        reset();
        hystartReset(nowNs);
    }

    /**
     * {@code tcp_cwnd_restart} without the halving per idle RTO: the window falls to the initial
     * window; nothing with {@code tcp_slow_start_after_idle=0}.
     */
    @Override
    public void onIdleRestart(long nowNs) {
        if (!restartAfterIdle) {
            return;
        }
        cwnd = Math.min(cwnd, initialWindowSegments);
        cwndCnt = 0;
    }
}
