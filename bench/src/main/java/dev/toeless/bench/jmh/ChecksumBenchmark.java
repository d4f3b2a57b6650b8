package dev.toeless.bench.jmh;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Internet checksum against a plain memory copy of the same size, both over off-heap memory,
 * so the checksum can be read as a fraction of memory bandwidth (the goal is at least 0.8x copy).
 *
 * <p>{@code copyAndSum} is the transmit path's copy that also sums (TSO), against the same
 * {@code copy}; {@code fusedScalar} is the hand-unrolled one-pass loop it was measured against.
 *
 * <p>Every benchmark reports operations per microsecond; bytes per nanosecond (= GB/s) is
 * {@code ops/us * sizeBytes / 1000}. Run with {@code org.openjdk.jmh.Main ChecksumBenchmark} on the
 * shaded {@code bench/target/toeless.jar}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChecksumBenchmark extends StandardRun {
    @Param({"1500", "65536"})
    public int sizeBytes;

    private Arena arena;
    private MemorySegment source;
    private MemorySegment target;
    private UnsafeBuffer sourceBuffer;
    private UnsafeBuffer targetBuffer;

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
        targetBuffer = new UnsafeBuffer(target.address(), sizeBytes);
        final int expected = checksum();
        if (InternetChecksum.finish(copyAndSum()) != expected || fusedScalar() != expected) {
            throw new IllegalStateException("copy-and-sum candidates disagree with the checksum");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int checksum() {
        return InternetChecksum.finish(InternetChecksum.sum(sourceBuffer, 0, sizeBytes, 0));
    }

    /** The transmit path's copy-and-sum (the copy stub, then a sum over the destination). */
    @Benchmark
    public long copyAndSum() {
        return InternetChecksum.copyAndSum(sourceBuffer, 0, targetBuffer, 0, sizeBytes, 0);
    }

    /**
     * The one-pass candidate that {@link InternetChecksum#copyAndSum} is measured against: load eight
     * bytes, store them, add both 32-bit halves into a 64-bit accumulator, four times per iteration
     * into four accumulators, the tail a word at a time. Kept here, not in the model, because it
     * loses (see the README's figures).
     */
    @Benchmark
    public int fusedScalar() {
        final long from = source.address();
        final long to = target.address();
        final int longs = sizeBytes >>> 3;
        long a0 = 0;
        long a1 = 0;
        long a2 = 0;
        long a3 = 0;
        int k = 0;
        for (; k + 4 <= longs; k += 4) {
            final long at = (long) k << 3;
            final long v0 = UnsafeApi.getLong(from + at);
            final long v1 = UnsafeApi.getLong(from + at + 8);
            final long v2 = UnsafeApi.getLong(from + at + 16);
            final long v3 = UnsafeApi.getLong(from + at + 24);
            UnsafeApi.putLong(to + at, v0);
            UnsafeApi.putLong(to + at + 8, v1);
            UnsafeApi.putLong(to + at + 16, v2);
            UnsafeApi.putLong(to + at + 24, v3);
            a0 += (v0 >>> 32) + (v0 & 0xFFFF_FFFFL);
            a1 += (v1 >>> 32) + (v1 & 0xFFFF_FFFFL);
            a2 += (v2 >>> 32) + (v2 & 0xFFFF_FFFFL);
            a3 += (v3 >>> 32) + (v3 & 0xFFFF_FFFFL);
        }
        for (; k < longs; k++) {
            final long v = UnsafeApi.getLong(from + ((long) k << 3));
            UnsafeApi.putLong(to + ((long) k << 3), v);
            a0 += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        // the longs were read in native (little-endian) order: fold, then swap the bytes back
        final int folded = InternetChecksum.fold(a0 + a1 + a2 + a3);
        long sum = ((folded & 0xFF) << 8) | (folded >>> 8);
        for (int i = longs << 3; i < sizeBytes; i++) {
            final int b = UnsafeApi.getByte(from + i) & 0xFF;
            UnsafeApi.putByte(to + i, (byte) b);
            sum += (i & 1) == 0 ? b << 8 : b;
        }
        return InternetChecksum.finish(sum);
    }

    @Benchmark
    public MemorySegment copy() {
        MemorySegment.copy(source, 0, target, 0, sizeBytes);
        return target;
    }
}
