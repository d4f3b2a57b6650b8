package dev.toeless.stack.neigh;

/**
 * One neighbour cache entry with its small queue of packets waiting for resolution. Owned by a
 * {@link NeighbourTable}, recycled through its free list so steady state allocates nothing.
 */
final class NeighbourEntry {
    long hi;
    long lo;
    NeighbourState state;
    long linkAddress;
    long deadlineNs;
    int probes;
    private final Object[] queue;
    private int queueHead;
    private int queueCount;

    NeighbourEntry(int queueLimit) {
        this.queue = new Object[queueLimit];
    }

    void reset(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
        this.state = NeighbourState.INCOMPLETE;
        this.linkAddress = -1;
        this.deadlineNs = Long.MAX_VALUE;
        this.probes = 0;
    }

    int queued() {
        return queueCount;
    }

    /** Appends a packet; returns the oldest one pushed out to make room, or null. */
    Object enqueue(Object packet) {
        Object evicted = null;
        if (queueCount == queue.length) {
            evicted = poll();
        }
        queue[(queueHead + queueCount) % queue.length] = packet;
        queueCount++;
        return evicted;
    }

    /** The oldest queued packet, removed, or null. */
    Object poll() {
        if (queueCount == 0) {
            return null;
        }
        final Object packet = queue[queueHead];
        queue[queueHead] = null;
        queueHead = (queueHead + 1) % queue.length;
        queueCount--;
        return packet;
    }
}
