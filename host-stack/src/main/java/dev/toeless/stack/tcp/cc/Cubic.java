package dev.toeless.stack.tcp.cc;

/**
 * CUBIC congestion control (RFC 9438): after a congestion event the window follows
 * {@code W_cubic(t) = C (t - K)^3 + W_max} with {@code C = 0.4} segments/s^3, where {@code t} is
 * the time since the congestion-avoidance epoch began and
 * {@code K = cbrt((W_max - cwnd_epoch) / C)}; the multiplicative decrease is
 * {@code beta_cubic = 0.7}, with fast convergence ({@code W_max = cwnd (1 + beta) / 2} when a loss
 * comes before the previous W_max was reached) and the Reno-friendly estimate
 * {@code W_est += alpha_cubic * segments_acked / cwnd}, {@code alpha_cubic = 3 (1 - beta) / (1 + beta)}
 * until {@code W_est} reaches the window at the last reduction, 1 after. HyStart is not used: slow
 * start is RFC 5681 with RFC 3465 byte counting, as in {@link NewReno}.
 *
 * <p>Fast recovery works as in {@link NewReno} (the window is ssthresh until the full ACK; any
 * RFC 6582 inflation is the sender's), with {@code ssthresh = max(FlightSize * beta_cubic, 2 SMSS)}. Windows are kept in bytes; the cubic
 * curve is evaluated in segments and in seconds as the RFC writes it. One instance per connection,
 * single-threaded, no allocation after construction.
 */
public final class Cubic implements CongestionControl {
    /** RFC 9438 constant C, segments per second cubed. */
    public static final double C = 0.4;
    /** RFC 9438 multiplicative decrease factor. */
    public static final double BETA = 0.7;
    /** RFC 9438 additive increase factor of the Reno-friendly estimate before it reaches cwnd_prior. */
    public static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);
    private static final double NS_PER_S = 1e9;

    private final int initialWindowSegments;
    private final boolean fastConvergence;
    /** Slow-start growth per ACK, in segments (RFC 3465's L), or 0 for all that was acknowledged (Linux). */
    private final int slowStartLimitSegments;
    private long smssBytes = 1;
    private long cwndBytes;
    private double cwndCarryBytes;
    private long ssthreshBytes = Long.MAX_VALUE;
    private boolean inRecovery;
    private boolean timeoutPending;

    private double wMaxBytes;
    private double cwndPriorBytes;
    private double wEstBytes;
    private double kSeconds;
    private long epochStartNs;
    private boolean epochStarted;
    private long srttNs = -1;

    /** CUBIC with the RFC 5681 initial window and fast convergence. */
    public Cubic() {
        this(0, true);
    }

    /**
     * @param initialWindowSegments initial window in segments, or 0 for the RFC 5681 rule
     * @param fastConvergence       RFC 9438 (4.7) fast convergence
     */
    public Cubic(int initialWindowSegments, boolean fastConvergence) {
        this(initialWindowSegments, fastConvergence, NewReno.ABC_LIMIT_SEGMENTS);
    }

    /**
     * @param initialWindowSegments  initial window in segments, or 0 for the RFC 5681 rule
     * @param fastConvergence        RFC 9438 (4.7) fast convergence
     * @param slowStartLimitSegments the most slow start grows per ACK, in segments (RFC 3465's L, 2),
     *                               or 0 for everything the ACK acknowledged up to ssthresh, the rest
     *                               counted in congestion avoidance (Linux's {@code tcp_slow_start})
     */
    public Cubic(int initialWindowSegments, boolean fastConvergence, int slowStartLimitSegments) {
        if (slowStartLimitSegments < 0) {
            throw new IllegalArgumentException("slowStartLimitSegments must be >= 0: " + slowStartLimitSegments);
        }
        this.slowStartLimitSegments = slowStartLimitSegments;
        if (initialWindowSegments < 0) {
            throw new IllegalArgumentException("initialWindowSegments must be >= 0: " + initialWindowSegments);
        }
        this.initialWindowSegments = initialWindowSegments;
        this.fastConvergence = fastConvergence;
    }

    @Override
    public String name() {
        return "cubic";
    }

    @Override
    public void init(long nowNs, int mssBytes) {
        smssBytes = NewReno.checkMss(mssBytes);
        cwndBytes = NewReno.initialWindowBytes(initialWindowSegments, smssBytes);
        cwndCarryBytes = 0;
        ssthreshBytes = Long.MAX_VALUE;
        inRecovery = false;
        timeoutPending = false;
        wMaxBytes = 0;
        cwndPriorBytes = 0;
        wEstBytes = 0;
        kSeconds = 0;
        epochStarted = false;
        srttNs = -1;
    }

    @Override
    public void onMssChange(long nowNs, int mssBytes) {
        smssBytes = NewReno.checkMss(mssBytes);
        cwndBytes = Math.max(cwndBytes, smssBytes);
        ssthreshBytes = Math.max(ssthreshBytes, 2 * smssBytes);
    }

    @Override
    public long cwndBytes() {
        return cwndBytes;
    }

    @Override
    public long ssthreshBytes() {
        return ssthreshBytes;
    }

    /** W_max, the window before the last reduction, in bytes (0 before any). */
    public double wMaxBytes() {
        return wMaxBytes;
    }

    /** K of the current epoch, in seconds. */
    public double kSeconds() {
        return kSeconds;
    }

    /** The Reno-friendly estimate W_est of the current epoch, in bytes. */
    public double wEstBytes() {
        return wEstBytes;
    }

    /** Whether the last event left the algorithm in fast recovery. */
    public boolean inRecovery() {
        return inRecovery;
    }

    /** {@code W_cubic(t)} of the current epoch in bytes, {@code t} in seconds since the epoch began. */
    public double wCubicBytes(double tSeconds) {
        final double d = tSeconds - kSeconds;
        return C * d * d * d * smssBytes + wMaxBytes;
    }

    @Override
    public void onAck(long nowNs, long ackedBytes, long rttNs, long inFlightBytes) {
        if (rttNs > 0) {
            srttNs = srttNs < 0 ? rttNs : srttNs + (rttNs - srttNs) / 8;
        }
        if (ackedBytes <= 0) {
            return;
        }
        timeoutPending = false;
        if (cwndBytes < ssthreshBytes) {
            if (slowStartLimitSegments > 0) {
                cwndBytes += Math.min(ackedBytes, slowStartLimitSegments * smssBytes);
                return;
            }
            final long grown = Math.min(cwndBytes + ackedBytes, ssthreshBytes);
            final long rest = ackedBytes - (grown - cwndBytes);
            cwndBytes = grown;
            if (rest <= 0) {
                return;
            }
            ackedBytes = rest;
        }
        congestionAvoidance(nowNs, ackedBytes);
    }

    private void congestionAvoidance(long nowNs, long ackedBytes) {
        if (!epochStarted) {
            startEpoch(nowNs);
        }
        final double cwnd = cwndBytes + cwndCarryBytes;
        final double tSeconds = (nowNs - epochStartNs) / NS_PER_S;
        final double rttSeconds = Math.max(srttNs, 0) / NS_PER_S;
        final double alpha = wEstBytes >= cwndPriorBytes ? 1.0 : ALPHA;
        wEstBytes += alpha * ackedBytes * smssBytes / cwnd;

        final double next;
        if (wCubicBytes(tSeconds) < wEstBytes) {
            next = Math.max(wEstBytes, cwnd);
        } else {
            final double target = Math.min(Math.max(wCubicBytes(tSeconds + rttSeconds), cwnd), 1.5 * cwnd);
            next = cwnd + (target - cwnd) * ackedBytes / cwnd;
        }
        cwndBytes = (long) next;
        cwndCarryBytes = next - cwndBytes;
    }

    private void startEpoch(long nowNs) {
        epochStarted = true;
        epochStartNs = nowNs;
        final double cwndEpoch = cwndBytes;
        if (wMaxBytes <= cwndEpoch) {
            // RFC 9438 (4.2): no reduction to recover from (first epoch, or already above W_max).
            wMaxBytes = cwndEpoch;
            kSeconds = 0;
        } else {
            kSeconds = Math.cbrt((wMaxBytes - cwndEpoch) / smssBytes / C);
        }
        wEstBytes = cwndEpoch;
        cwndCarryBytes = 0;
    }

    private void reduce(long inFlightBytes) {
        final double cwnd = cwndBytes + cwndCarryBytes;
        wMaxBytes = fastConvergence && cwnd < wMaxBytes ? cwnd * (1 + BETA) / 2 : cwnd;
        cwndPriorBytes = cwnd;
        ssthreshBytes = Math.max((long) (Math.max(inFlightBytes, 0) * BETA), 2 * smssBytes);
        epochStarted = false;
        cwndCarryBytes = 0;
    }

    @Override
    public void onEnterRecovery(long nowNs, long inFlightBytes) {
        reduce(inFlightBytes);
        cwndBytes = ssthreshBytes;
        inRecovery = true;
        timeoutPending = false;
    }

    /** The window stays at ssthresh; RFC 6582's deflation applies to the sender's inflation. */
    @Override
    public void onRecoveryAck(long nowNs, long ackedBytes, long inFlightBytes) {
        cwndBytes = Math.max(cwndBytes, smssBytes);
    }

    @Override
    public void onExitRecovery(long nowNs, long inFlightBytes) {
        cwndBytes = NewReno.exitWindow(ssthreshBytes, inFlightBytes, smssBytes);
        cwndCarryBytes = 0;
        inRecovery = false;
    }

    @Override
    public void onRetransmitTimeout(long nowNs, long inFlightBytes) {
        // RFC 5681 (3.1): a repeated timeout for the same data holds ssthresh; so does a timeout
        // inside recovery, whose reduction has already been made.
        if (!timeoutPending && !inRecovery) {
            reduce(inFlightBytes);
        }
        epochStarted = false;
        cwndBytes = smssBytes;
        cwndCarryBytes = 0;
        inRecovery = false;
        timeoutPending = true;
    }

    @Override
    public void onIdleRestart(long nowNs) {
        cwndBytes = Math.min(cwndBytes, NewReno.initialWindowBytes(initialWindowSegments, smssBytes));
        cwndCarryBytes = 0;
        epochStarted = false;
    }
}
