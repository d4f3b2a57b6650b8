package dev.toeless.bench.calibrate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The current thread's CPU time in nanoseconds: what it ran, not how long it waited for a CPU. */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {
    }

    static long threadNs() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
