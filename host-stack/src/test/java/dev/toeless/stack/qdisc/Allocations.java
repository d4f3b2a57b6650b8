package dev.toeless.stack.qdisc;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread while a piece of code runs (HotSpot's counter), the one
 * reading of it the allocation tests share. {@link #bytesAllocatedBy} takes the least of three runs
 * after a warm-up one, so that what the JIT has not yet optimised away (a compilation landing
 * mid-run) does not count, while an allocation on every call still shows in every run.
 */
public final class Allocations {
    private Allocations() {
    }

    public static long bytesAllocatedBy(Runnable work) {
        work.run(); // warm up: class loading and first-call allocations are not the subject
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            final long before = threadAllocatedBytes();
            work.run();
            least = Math.min(least, threadAllocatedBytes() - before);
        }
        return least;
    }

    /**
     * Bytes allocated by the current thread over {@code runs} calls of {@code work}, after
     * {@code warmUps} calls that are not counted (so that the JIT has compiled the path).
     */
    public static long bytesAllocatedOver(int warmUps, int runs, Runnable work) {
        for (int i = 0; i < warmUps; i++) {
            work.run();
        }
        final long before = threadAllocatedBytes();
        for (int i = 0; i < runs; i++) {
            work.run();
        }
        return threadAllocatedBytes() - before;
    }

    /** Bytes the current thread has allocated so far (HotSpot's counter). */
    public static long threadAllocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
