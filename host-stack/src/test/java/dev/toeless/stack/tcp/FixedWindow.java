package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.CongestionControl;

/** A congestion control that never changes its window: a test double for the engine. */
final class FixedWindow implements CongestionControl {
    private final long cwndBytes;
    long acks;
    long recoveries;
    long timeouts;
    int mssBytes;

    FixedWindow(long cwndBytes) {
        this.cwndBytes = cwndBytes;
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public void init(long nowNs, int mssBytes) {
        this.mssBytes = mssBytes;
    }

    @Override
    public void onMssChange(long nowNs, int mssBytes) {
        this.mssBytes = mssBytes;
    }

    @Override
    public long cwndBytes() {
        return cwndBytes;
    }

    @Override
    public long ssthreshBytes() {
        return cwndBytes;
    }

    @Override
    public void onAck(long nowNs, long ackedBytes, long rttNs, long inFlightBytes) {
        acks++;
    }

    @Override
    public void onEnterRecovery(long nowNs, long inFlightBytes) {
        recoveries++;
    }

    @Override
    public void onRecoveryAck(long nowNs, long ackedBytes, long inFlightBytes) {
    }

    @Override
    public void onExitRecovery(long nowNs, long inFlightBytes) {
    }

    @Override
    public void onRetransmitTimeout(long nowNs, long inFlightBytes) {
        timeouts++;
    }

    @Override
    public void onIdleRestart(long nowNs) {
    }
}
