package dev.toeless.stack.tcp.cc;

/**
 * No congestion control: the window is whatever the peer offers. Loss recovery (fast retransmit,
 * SACK, RTO with backoff) still runs; only the sending rate is no longer cut on loss. This is how
 * smoltcp's {@code tests/netsim.rs} runs (its default build has no congestion controller), so the
 * goodput-versus-loss table can be compared with smoltcp's like for like. It is a lab setting:
 * on a shared path it would take bandwidth from every other flow, so no default uses it.
 */
public final class NoCongestionControl implements CongestionControl {
    /** A window no receive window reaches (2^30 bytes: the largest scaled window). */
    static final long UNLIMITED_BYTES = 1L << 30;

    @Override
    public String name() {
        return "none";
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
        return UNLIMITED_BYTES;
    }

    @Override
    public long ssthreshBytes() {
        return UNLIMITED_BYTES;
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
