package dev.toeless.stack.tcp.cc;

/**
 * NewReno congestion control: RFC 5681 slow start and congestion avoidance with appropriate byte
 * counting (RFC 3465, limit L = 2 SMSS per ACK in slow start), and RFC 6582 fast recovery.
 *
 * <p>Fast recovery: on entry {@code ssthresh = max(FlightSize / 2, 2 SMSS)} (RFC 5681 equation 4)
 * and {@code cwnd = ssthresh}, which stays the window through recovery; the full ACK ends it with
 * {@code cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS)} (RFC 6582 section 3.2 step 4, option
 * 1), never below 2 SMSS. A SACK sender compares the RFC 6675 pipe with this window. A sender
 * without SACK compares FlightSize with this window plus RFC 6582's temporary inflation (3 SMSS on
 * entry, one SMSS per further duplicate ACK, deflated by partial ACKs), which it keeps itself since
 * it sees the duplicate ACKs; {@link #onRecoveryAck} leaves the window alone.
 *
 * <p>A retransmission timeout collapses cwnd to the loss window (1 SMSS) and sets ssthresh by
 * RFC 5681 equation 4, except for a repeated timeout (no new data acknowledged since the last one)
 * or a timeout during recovery, which hold ssthresh as Linux does; idle restart lowers cwnd
 * to the restart window {@code min(IW, cwnd)}. One instance per connection, single-threaded, no
 * allocation after construction.
 */
public final class NewReno implements CongestionControl {
    /** RFC 3465 limit on slow-start growth per ACK, in SMSS. */
    static final int ABC_LIMIT_SEGMENTS = 2;

    private final int initialWindowSegments;
    private long smssBytes = 1;
    private long cwndBytes;
    private long ssthreshBytes = Long.MAX_VALUE;
    private long bytesAckedInAvoidance;
    private boolean inRecovery;
    private boolean timeoutPending;

    /** NewReno with the RFC 5681 initial window (2 to 4 segments depending on the MSS). */
    public NewReno() {
        this(0);
    }

    /**
     * NewReno with a fixed initial window, e.g. 10 for RFC 6928.
     *
     * @param initialWindowSegments initial window in segments, or 0 for the RFC 5681 rule
     */
    public NewReno(int initialWindowSegments) {
        if (initialWindowSegments < 0) {
            throw new IllegalArgumentException("initialWindowSegments must be >= 0: " + initialWindowSegments);
        }
        this.initialWindowSegments = initialWindowSegments;
    }

    @Override
    public String name() {
        return "newreno";
    }

    @Override
    public void init(long nowNs, int mssBytes) {
        smssBytes = checkMss(mssBytes);
        cwndBytes = initialWindowBytes(initialWindowSegments, smssBytes);
        ssthreshBytes = Long.MAX_VALUE;
        bytesAckedInAvoidance = 0;
        inRecovery = false;
        timeoutPending = false;
    }

    @Override
    public void onMssChange(long nowNs, int mssBytes) {
        smssBytes = checkMss(mssBytes);
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

    /** Whether the last event left the algorithm in fast recovery. */
    public boolean inRecovery() {
        return inRecovery;
    }

    @Override
    public void onAck(long nowNs, long ackedBytes, long rttNs, long inFlightBytes) {
        if (ackedBytes <= 0) {
            return;
        }
        timeoutPending = false;
        if (cwndBytes < ssthreshBytes) {
            cwndBytes += Math.min(ackedBytes, ABC_LIMIT_SEGMENTS * smssBytes);
            return;
        }
        // RFC 5681 (3.1) with RFC 3465 byte counting: one SMSS per cwnd of acknowledged bytes.
        bytesAckedInAvoidance += ackedBytes;
        if (bytesAckedInAvoidance >= cwndBytes) {
            bytesAckedInAvoidance -= cwndBytes;
            cwndBytes += smssBytes;
        }
    }

    @Override
    public void onEnterRecovery(long nowNs, long inFlightBytes) {
        ssthreshBytes = lossThreshold(inFlightBytes, smssBytes);
        cwndBytes = ssthreshBytes;
        bytesAckedInAvoidance = 0;
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
        cwndBytes = exitWindow(ssthreshBytes, inFlightBytes, smssBytes);
        bytesAckedInAvoidance = 0;
        inRecovery = false;
    }

    @Override
    public void onRetransmitTimeout(long nowNs, long inFlightBytes) {
        // RFC 5681 (3.1): a repeated timeout for the same data holds ssthresh; so does a timeout
        // inside recovery, whose reduction has already been made.
        if (!timeoutPending && !inRecovery) {
            ssthreshBytes = lossThreshold(inFlightBytes, smssBytes);
        }
        cwndBytes = smssBytes;
        bytesAckedInAvoidance = 0;
        inRecovery = false;
        timeoutPending = true;
    }

    @Override
    public void onIdleRestart(long nowNs) {
        cwndBytes = Math.min(cwndBytes, initialWindowBytes(initialWindowSegments, smssBytes));
        bytesAckedInAvoidance = 0;
    }

    /** RFC 5681 (3.1) equation 3 for 0 segments, else {@code segments * SMSS}. */
    static long initialWindowBytes(int segments, long smssBytes) {
        if (segments > 0) {
            return segments * smssBytes;
        }
        if (smssBytes > 2190) {
            return 2 * smssBytes;
        }
        return smssBytes > 1095 ? 3 * smssBytes : 4 * smssBytes;
    }

    /** RFC 5681 equation 4: {@code max(FlightSize / 2, 2 SMSS)}. */
    static long lossThreshold(long flightBytes, long smssBytes) {
        return Math.max(Math.max(flightBytes, 0) / 2, 2 * smssBytes);
    }

    /** RFC 6582 (3.2) step 4, option 1: {@code min(ssthresh, max(FlightSize, SMSS) + SMSS)}. */
    static long exitWindow(long ssthreshBytes, long flightBytes, long smssBytes) {
        return Math.min(ssthreshBytes, Math.max(flightBytes, smssBytes) + smssBytes);
    }

    static int checkMss(int mssBytes) {
        if (mssBytes <= 0) {
            throw new IllegalArgumentException("MSS must be positive: " + mssBytes);
        }
        return mssBytes;
    }
}
