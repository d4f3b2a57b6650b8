package dev.toeless.nic.cost;

import dev.toeless.nic.sim.VirtualClock;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.stats.CounterVisitor;


/**
 * One host's CPU cost model: a {@link CpuModel} with the profile's cores, charged from the
 * {@link CostProfile} at virtual time, and the {@link CacheWarmth} that decides whether a touched
 * byte costs the warm or the cold rate. Keeps a count of every operation and of warm and cold
 * bytes, for the report.
 */
public final class HostCost implements CostMeter, CounterSet {
    private final CostProfile profile;
    private final VirtualClock clock;
    private final CpuModel cpu;
    private final CacheWarmth cache;
    private final long[] counts = new long[CostOp.values().length];
    private final long[] opPs = new long[CostOp.values().length];
    private final long[] warmBytes = new long[ByteOp.values().length];
    private final long[] coldBytes = new long[ByteOp.values().length];
    private final long[] bytePs = new long[ByteOp.values().length];
    private long otherPs;
    private int core;

    public HostCost(CostProfile profile, VirtualClock clock) {
        this.profile = profile;
        this.clock = clock;
        this.cpu = new CpuModel(profile.cores());
        this.cache = new CacheWarmth(profile.dmaCacheBytes());
    }

    public CostProfile profile() {
        return profile;
    }

    @Override
    public int interruptCauseReads() {
        return profile.interruptCauseReads();
    }

    public CpuModel cpu() {
        return cpu;
    }

    public CacheWarmth cache() {
        return cache;
    }

    @Override
    public void charge(CostOp op, int count) {
        if (count <= 0) {
            return;
        }
        final long ps = profile.picos(op) * count;
        counts[op.ordinal()] += count;
        opPs[op.ordinal()] += ps;
        cpu.run(core, clock.nowNs(), ps);
    }

    @Override
    public void busy(long ps) {
        if (ps > 0) {
            otherPs += ps;
            cpu.run(core, clock.nowNs(), ps);
        }
    }

    /** Picoseconds charged through {@link #busy} (work with a cost record of its own). */
    public long otherPs() {
        return otherPs;
    }

    @Override
    public void touch(ByteOp op, long address, int bytes) {
        if (bytes <= 0) {
            return;
        }
        final boolean warm = cache.isWarm(address, bytes);
        (warm ? warmBytes : coldBytes)[op.ordinal()] += bytes;
        final long ps = profile.picos(op, warm, bytes);
        bytePs[op.ordinal()] += ps;
        cpu.run(core, clock.nowNs(), ps);
    }

    @Override
    public void written(int bytes) {
        cache.cpuWritten(bytes);
    }

    @Override
    public int onCore(int newCore) {
        final int previous = core;
        core = Math.floorMod(newCore, cpu.cores());
        return previous;
    }

    @Override
    public long readyAtNs(long nowNs) {
        return cpu.readyAtNs(core, nowNs);
    }

    public long count(CostOp op) {
        return counts[op.ordinal()];
    }

    public long warmBytes(ByteOp op) {
        return warmBytes[op.ordinal()];
    }

    public long coldBytes(ByteOp op) {
        return coldBytes[op.ordinal()];
    }

    /** Busy picoseconds of all cores. */
    public long busyPs() {
        return cpu.busyPs();
    }

    /**
     * Where the time went: per operation used its count and picoseconds, per byte operation its
     * warm and cold bytes and picoseconds. Names are the profile's parameter names without the unit.
     */
    @Override
    public void forEach(CounterVisitor visitor) {
        for (CostOp op : CostOp.values()) {
            if (counts[op.ordinal()] > 0) {
                visitor.counter(op.key() + "_count", counts[op.ordinal()]);
                visitor.counter(op.key() + "_ps", opPs[op.ordinal()]);
            }
        }
        for (ByteOp op : ByteOp.values()) {
            visitor.counter(op.key() + "_warm_bytes", warmBytes[op.ordinal()]);
            visitor.counter(op.key() + "_cold_bytes", coldBytes[op.ordinal()]);
            visitor.counter(op.key() + "_ps", bytePs[op.ordinal()]);
        }
        if (otherPs > 0) {
            visitor.counter("other_work_ps", otherPs);
        }
    }

    /** {@link #snapshot()}: where the time went. */
    public CounterSnapshot breakdown() {
        return snapshot();
    }
}
