package dev.toeless.stack.qdisc;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread while a piece of code runs (HotSpot's counter): the
 * least of three runs after a warm-up one, so that what the JIT has not yet optimised away (a
 * compilation landing mid-run) does not count, while an allocation on every call still shows in
 * every run.
 */
public final class Allocations {
    private Allocations() {
    }

    public static long bytesAllocatedBy(Runnable work) {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long id = Thread.currentThread().threadId();
        work.run(); // warm up: class loading and first-call allocations are not the subject
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            final long before = bean.getThreadAllocatedBytes(id);
            work.run();
            least = Math.min(least, bean.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }
}
