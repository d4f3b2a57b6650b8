package dev.toeless.stack.qdisc;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread while a piece of code runs (HotSpot's counter). */
public final class Allocations {
    private Allocations() {
    }

    public static long bytesAllocatedBy(Runnable work) {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long id = Thread.currentThread().threadId();
        work.run(); // warm up: class loading and first-call allocations are not the subject
        final long before = bean.getThreadAllocatedBytes(id);
        work.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
