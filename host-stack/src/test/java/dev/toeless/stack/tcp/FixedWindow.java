package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.ConstantWindow;

/** A congestion control that never changes its window and counts what it was told: a test double for the engine. */
final class FixedWindow extends ConstantWindow {
    long acks;
    long recoveries;
    long timeouts;
    int mssBytes;

    FixedWindow(long cwndBytes) {
        super("fixed", cwndBytes);
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
    public void onAck(long nowNs, long ackedBytes, long rttNs, long inFlightBytes) {
        acks++;
    }

    @Override
    public void onEnterRecovery(long nowNs, long inFlightBytes) {
        recoveries++;
    }

    @Override
    public void onRetransmitTimeout(long nowNs, long inFlightBytes) {
        timeouts++;
    }
}
