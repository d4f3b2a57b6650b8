package dev.toeless.nic.cost;

import dev.toeless.nic.sim.VirtualClock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One host's CPU cost model: a {@link CpuModel} with the profile's cores, charged from the
 * {@link CostProfile} at virtual time, and the {@link CacheWarmth} that decides whether a touched
 * byte costs the warm or the cold rate. Keeps a count of every operation and of warm and cold
 * bytes, for the report.
 */
public final class HostCost implements CostMeter {
    private final CostProfile profile;
    private final VirtualClock clock;
    private final CpuModel cpu;
    private final CacheWarmth cache;
    private final long[] counts = new long[CostOp.values().length];
    private final long[] opPs = new long[CostOp.values().length];
    private final long[] warmBytes = new long[ByteOp.values().length];
    private final long[] coldBytes = new long[ByteOp.values().length];
    private final long[] bytePs = new long[ByteOp.values().length];
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
     * Where the time went: per operation its count and picoseconds, per byte operation its warm and
     * cold bytes and picoseconds. Keys are the profile's parameter names without the unit.
     */
    public Map<String, Long> breakdown() {
        final Map<String, Long> m = new LinkedHashMap<>();
        for (CostOp op : CostOp.values()) {
            if (counts[op.ordinal()] > 0) {
                m.put(op.key() + "_count", counts[op.ordinal()]);
                m.put(op.key() + "_ps", opPs[op.ordinal()]);
            }
        }
        for (ByteOp op : ByteOp.values()) {
            m.put(op.key() + "_warm_bytes", warmBytes[op.ordinal()]);
            m.put(op.key() + "_cold_bytes", coldBytes[op.ordinal()]);
            m.put(op.key() + "_ps", bytePs[op.ordinal()]);
        }
        return m;
    }
}
