package dev.toeless.bench.demo;

import dev.toeless.nic.sim.CpuMeter;

/**
 * Times one simulated host's CPU work in real nanoseconds: the bench brackets the host side
 * (driver, stack, socket, file sink) with it, never the modeled NIC, wire or peer. Nested
 * brackets count once.
 */
public final class WallClockMeter implements CpuMeter {
    private int depth;
    private long startedNs;
    private long totalNs;
    private long entries;

    @Override
    public void enter() {
        if (depth++ == 0) {
            startedNs = System.nanoTime();
            entries++;
        }
    }

    @Override
    public void exit() {
        if (--depth == 0) {
            totalNs += System.nanoTime() - startedNs;
        }
    }

    /** Host CPU time measured so far. */
    public long totalNs() {
        return totalNs;
    }

    /** How many times host work started. */
    public long entries() {
        return entries;
    }
}
