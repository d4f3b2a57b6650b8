package dev.toeless.nic.cost;

/**
 * A CPU of {@code cores} cores on the virtual clock. Each core has a busy-until time; work
 * charged to a core starts when both the work is ready and the core is free, and occupies the core
 * for its cost. So a saturated core runs ever further ahead of the clock, and whoever waits for it
 * (a driver's poll, an application) is delayed by exactly the backlog. Times are picoseconds in a
 * {@code long}: sums are exact and a run is a function of its inputs.
 */
public final class CpuModel {
    private final long[] busyUntilPs;
    private final long[] busyPs;

    public CpuModel(int cores) {
        if (cores < 1 || cores > 1024) {
            throw new IllegalArgumentException("cores must be 1..1024: " + cores);
        }
        this.busyUntilPs = new long[cores];
        this.busyPs = new long[cores];
    }

    public int cores() {
        return busyUntilPs.length;
    }

    /**
     * Charges {@code workPs} to {@code core}, ready at {@code nowNs}: it starts when the core is
     * free. Returns the picosecond at which the work ends.
     */
    public long run(int core, long nowNs, long workPs) {
        if (workPs < 0) {
            throw new IllegalArgumentException("negative work: " + workPs);
        }
        final long start = Math.max(nowNs * 1000, busyUntilPs[core]);
        busyUntilPs[core] = start + workPs;
        busyPs[core] += workPs;
        return start + workPs;
    }

    /** The first nanosecond at or after {@code nowNs} at which {@code core} is free. */
    public long readyAtNs(int core, long nowNs) {
        final long until = busyUntilPs[core];
        return Math.max(nowNs, (until + 999) / 1000);
    }

    /** Busy picoseconds charged to {@code core} so far. */
    public long busyPs(int core) {
        return busyPs[core];
    }

    /** Busy picoseconds charged to all cores so far. */
    public long busyPs() {
        long sum = 0;
        for (long b : busyPs) {
            sum += b;
        }
        return sum;
    }

    /**
     * Busy share of all cores over {@code elapsedNs} of virtual time (0..1; work charged past the
     * end counts, so a saturated CPU can read slightly above 1).
     */
    public double utilization(long elapsedNs) {
        return elapsedNs <= 0 ? 0 : busyPs() / (1000.0 * elapsedNs * cores());
    }
}
