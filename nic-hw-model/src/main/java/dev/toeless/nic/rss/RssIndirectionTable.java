package dev.toeless.nic.rss;

import java.util.Arrays;

/**
 * The RSS indirection table (RETA): 128 entries, each naming a receive queue; a packet goes to
 * the queue at index {@code hash & 127}. Filled evenly by default, as {@code ethtool -X equal N}
 * would; entries can be rewritten at run time to steer flows.
 */
public final class RssIndirectionTable {
    public static final int ENTRIES = 128;
    private static final int MASK = ENTRIES - 1;

    private final int[] queue = new int[ENTRIES];
    private int queueCount;

    /** A table spreading over {@code queueCount} queues evenly (entry i is queue i mod n). */
    public RssIndirectionTable(int queueCount) {
        spreadEvenly(queueCount);
    }

    /** Rewrites every entry: entry i is queue {@code i mod queueCount}. */
    public void spreadEvenly(int queueCount) {
        if (queueCount <= 0 || queueCount > ENTRIES) {
            throw new IllegalArgumentException("queue count must be 1.." + ENTRIES + ": " + queueCount);
        }
        this.queueCount = queueCount;
        for (int i = 0; i < ENTRIES; i++) {
            queue[i] = i % queueCount;
        }
    }

    /** Points one entry at a queue. */
    public void set(int index, int queueId) {
        if (queueId < 0 || queueId >= queueCount) {
            throw new IllegalArgumentException("queue " + queueId + " outside 0.." + (queueCount - 1));
        }
        queue[index & MASK] = queueId;
    }

    public int entry(int index) {
        return queue[index & MASK];
    }

    public int queueCount() {
        return queueCount;
    }

    /** The receive queue for a packet with this RSS hash. */
    public int queueFor(int hash) {
        return queue[hash & MASK];
    }

    @Override
    public String toString() {
        return "RETA" + Arrays.toString(queue);
    }
}
