package dev.toeless.bench.calibrate;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Times this machine's payload copy and Internet checksum per byte, warm (a working set that
 * stays in the caches) and cold (a working set far larger than any last-level cache, walked once
 * per pass), with the same calls the model's {@code CpuTouch} makes: Agrona {@code putBytes}
 * between off-heap buffers and {@link InternetChecksum#sum}. Careful timing in the way JMH does
 * it, without its forks: warm-up passes first, then several timed passes, and the median; a sink
 * keeps the JIT from dropping the work. Passes are timed in the thread's CPU time, so time the
 * thread spends descheduled on a busy machine does not count.
 */
final class ByteCostProbe {
    private static final int CHUNK = 4096;
    private static final int WARM_SET = 64 << 10;
    private static final int WARM_UP_PASSES = 5;
    private static final int TIMED_PASSES = 9;

    private final int coldSetBytes;
    private long sink;

    /** @param coldSetBytes the cold working set: many times any last-level cache */
    ByteCostProbe(int coldSetBytes) {
        this.coldSetBytes = coldSetBytes;
    }

    /** Measured ns per byte: copy warm, copy cold, checksum warm, checksum cold. */
    double[] measure() {
        final UnsafeBuffer warmSrc = new UnsafeBuffer(ByteBuffer.allocateDirect(WARM_SET));
        final UnsafeBuffer warmDst = new UnsafeBuffer(ByteBuffer.allocateDirect(WARM_SET));
        final UnsafeBuffer coldSrc = new UnsafeBuffer(ByteBuffer.allocateDirect(coldSetBytes));
        final UnsafeBuffer coldDst = new UnsafeBuffer(ByteBuffer.allocateDirect(coldSetBytes));
        fill(warmSrc);
        fill(coldSrc);
        fill(coldDst);
        // the warm set is walked many times per pass so that a pass lasts long enough to time
        final int warmRepeats = Math.max(1, coldSetBytes / WARM_SET);
        final double copyWarm = median(() -> copy(warmSrc, warmDst, warmRepeats)) / ((double) WARM_SET * warmRepeats);
        final double copyCold = median(() -> copy(coldSrc, coldDst, 1)) / coldSetBytes;
        final double sumWarm = median(() -> checksum(warmSrc, warmRepeats)) / ((double) WARM_SET * warmRepeats);
        final double sumCold = median(() -> checksum(coldSrc, 1)) / coldSetBytes;
        return new double[] {copyWarm, copyCold, sumWarm, sumCold};
    }

    long sink() {
        return sink;
    }

    private static void fill(UnsafeBuffer b) {
        for (int i = 0; i < b.capacity(); i += 8) {
            b.putLong(i, i * 0x9E3779B97F4A7C15L);
        }
    }

    private long copy(UnsafeBuffer src, UnsafeBuffer dst, int repeats) {
        final int n = src.capacity();
        final long start = CpuClock.threadNs();
        for (int r = 0; r < repeats; r++) {
            for (int at = 0; at < n; at += CHUNK) {
                dst.putBytes(at, src, at, CHUNK);
            }
        }
        final long ns = CpuClock.threadNs() - start;
        sink += dst.getByte(n - 1);
        return ns;
    }

    private long checksum(UnsafeBuffer src, int repeats) {
        final int n = src.capacity();
        long acc = 0;
        final long start = CpuClock.threadNs();
        for (int r = 0; r < repeats; r++) {
            for (int at = 0; at < n; at += CHUNK) {
                acc = InternetChecksum.sum(src, at, CHUNK, acc);
            }
        }
        final long ns = CpuClock.threadNs() - start;
        sink += acc;
        return ns;
    }

    private static double median(java.util.function.LongSupplier pass) {
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            pass.getAsLong();
        }
        final long[] times = new long[TIMED_PASSES];
        for (int i = 0; i < TIMED_PASSES; i++) {
            times[i] = pass.getAsLong();
        }
        Arrays.sort(times);
        return times[TIMED_PASSES / 2];
    }
}
