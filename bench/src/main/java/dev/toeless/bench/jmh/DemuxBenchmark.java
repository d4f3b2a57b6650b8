package dev.toeless.bench.jmh;

import dev.toeless.stack.demux.ConnectionTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Demux lookup cost at a million established connections: one {@link ConnectionTable#getV4} per
 * operation, for tuples visited in a random order (so most lookups miss the CPU caches, as they
 * would for segments of many flows), for absent tuples, and, as the other extreme, the same tuple
 * over and over.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DemuxBenchmark extends StandardRun {
    private static final int SERVER = 0xC0A80001;
    private static final int PROBES = 1 << 20;

    @Param("1000000")
    public int connections;

    private ConnectionTable<Object> table;
    private int[] probeIp;
    private int[] probePort;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        table = new ConnectionTable<>(connections, 0x5EEDL);
        final int[] ips = new int[connections];
        final int[] ports = new int[connections];
        for (int i = 0; i < connections; i++) {
            ips[i] = 0x0A000000 + i / 50_000;
            ports[i] = 10_000 + i % 50_000;
            table.putV4(SERVER, 443, ips[i], ports[i], new Object());
        }
        final SplittableRandom random = new SplittableRandom(1);
        probeIp = new int[PROBES];
        probePort = new int[PROBES];
        for (int i = 0; i < PROBES; i++) {
            final int c = random.nextInt(connections);
            probeIp[i] = ips[c];
            probePort[i] = ports[c];
        }
    }

    @Benchmark
    public Object lookupHitRandomOrder() {
        final int i = next++ & (PROBES - 1);
        return table.getV4(SERVER, 443, probeIp[i], probePort[i]);
    }

    @Benchmark
    public Object lookupMiss() {
        final int i = next++ & (PROBES - 1);
        return table.getV4(SERVER, 8443, probeIp[i], probePort[i]);
    }

    @Benchmark
    public Object lookupHitSameTuple() {
        return table.getV4(SERVER, 443, probeIp[0], probePort[0]);
    }
}
