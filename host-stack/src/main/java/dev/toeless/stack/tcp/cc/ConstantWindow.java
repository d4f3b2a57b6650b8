package dev.toeless.stack.tcp.cc;

/**
 * A window that never changes: the congestion control of a path known to have room, and the
 * algorithm named "none" ({@link #unlimited()}), whose window no receive window reaches, so the
 * peer's window alone limits the sender. Loss recovery (fast retransmit, SACK, RTO with backoff)
 * still runs; only the sending rate is no longer cut on loss. This is how smoltcp's
 * {@code tests/netsim.rs} runs (its default build has no congestion controller), so the
 * goodput-versus-loss table can be compared with smoltcp's like for like. It is a lab setting:
 * on a shared path it would take bandwidth from every other flow, so no default uses it.
 */
public class ConstantWindow implements CongestionControl {
    /** A window no receive window reaches (2^30 bytes: the largest scaled window). */
    public static final long UNLIMITED_BYTES = 1L << 30;

    private final String name;
    private final long windowBytes;

    /**
     * @param name        what reports call it
     * @param windowBytes the congestion window, fixed
     */
    public ConstantWindow(String name, long windowBytes) {
        if (windowBytes <= 0) {
            throw new IllegalArgumentException("window must be positive: " + windowBytes);
        }
        this.name = name;
        this.windowBytes = windowBytes;
    }

    /** The algorithm "none": no congestion control at all. */
    public static ConstantWindow unlimited() {
        return new ConstantWindow("none", UNLIMITED_BYTES);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(long nowNs, int mssBytes) {
        NewReno.checkMss(mssBytes);
    }

    @Override
    public void onMssChange(long nowNs, int mssBytes) {
        NewReno.checkMss(mssBytes);
    }

    @Override
    public long cwndBytes() {
        return windowBytes;
    }

    @Override
    public long ssthreshBytes() {
        return windowBytes;
    }

    @Override
    public void onAck(long nowNs, long ackedBytes, long rttNs, long inFlightBytes) {
    }

    @Override
    public void onEnterRecovery(long nowNs, long inFlightBytes) {
    }

    @Override
    public void onRecoveryAck(long nowNs, long ackedBytes, long inFlightBytes) {
    }

    @Override
    public void onExitRecovery(long nowNs, long inFlightBytes) {
    }

    @Override
    public void onRetransmitTimeout(long nowNs, long inFlightBytes) {
    }

    @Override
    public void onIdleRestart(long nowNs) {
    }
}
