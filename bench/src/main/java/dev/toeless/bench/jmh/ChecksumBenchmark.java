package dev.toeless.bench.jmh;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Internet checksum against a plain memory copy of the same size, both over off-heap memory,
 * so the checksum can be read as a fraction of memory bandwidth (the goal is at least 0.8x copy).
 *
 * <p>Both benchmarks report operations per microsecond; bytes per nanosecond (= GB/s) is
 * {@code ops/us * sizeBytes / 1000}. Run with {@code org.openjdk.jmh.Main ChecksumBenchmark} on the
 * shaded {@code bench/target/toeless.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChecksumBenchmark {
    @Param({"1500", "65536"})
    public int sizeBytes;

    private Arena arena;
    private MemorySegment source;
    private MemorySegment target;
    private UnsafeBuffer sourceBuffer;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        // 64-byte aligned, like page memory, so neither side pays for split cache lines.
        source = arena.allocate(sizeBytes, 64);
        target = arena.allocate(sizeBytes, 64);
        final SplittableRandom random = new SplittableRandom(42);
        for (long i = 0; i < sizeBytes; i++) {
            source.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
        }
        sourceBuffer = new UnsafeBuffer(source.address(), sizeBytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int checksum() {
        return InternetChecksum.finish(InternetChecksum.sum(sourceBuffer, 0, sizeBytes, 0));
    }

    @Benchmark
    public MemorySegment copy() {
        MemorySegment.copy(source, 0, target, 0, sizeBytes);
        return target;
    }
}
