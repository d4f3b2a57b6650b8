package dev.toeless.stack.neigh;

/** Event counters of one {@link NeighbourTable}, named after what happened. */
public final class NeighbourCounters {
    long lookups;
    long hits;
    long queued;
    long queueDrops;
    long multicastSolicits;
    long unicastSolicits;
    long resolved;
    long flushed;
    long failures;
    long failedPackets;
    long linkAddressChanges;
    long tableFull;
    long evictions;
    long garbageCollected;

    NeighbourCounters() {
    }

    /** Calls to resolve. */
    public long lookups() {
        return lookups;
    }

    /** Resolves answered with a link address at once. */
    public long hits() {
        return hits;
    }

    /** Packets queued waiting for resolution. */
    public long queued() {
        return queued;
    }

    /** Queued packets pushed out by newer ones. */
    public long queueDrops() {
        return queueDrops;
    }

    public long multicastSolicits() {
        return multicastSolicits;
    }

    public long unicastSolicits() {
        return unicastSolicits;
    }

    /** Resolutions that ended with an answer while packets waited. */
    public long resolved() {
        return resolved;
    }

    /** Queued packets sent after resolution. */
    public long flushed() {
        return flushed;
    }

    /** Resolutions or probes that gave up. */
    public long failures() {
        return failures;
    }

    /** Queued packets dropped because resolution failed. */
    public long failedPackets() {
        return failedPackets;
    }

    public long linkAddressChanges() {
        return linkAddressChanges;
    }

    /** Resolves refused because no entry could be made. */
    public long tableFull() {
        return tableFull;
    }

    /** Entries removed to make room. */
    public long evictions() {
        return evictions;
    }

    /** STALE and FAILED entries removed by their timers. */
    public long garbageCollected() {
        return garbageCollected;
    }
}
