package dev.toeless.stack.neigh;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;

/** Event counters of one {@link NeighbourTable}, named after what happened. */
public final class NeighbourCounters implements CounterSet {
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

    /** Every count under its report name, in a fixed order. */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("lookups", lookups);
        visitor.counter("hits", hits);
        visitor.counter("queued", queued);
        visitor.counter("queue_drops", queueDrops);
        visitor.counter("multicast_solicits", multicastSolicits);
        visitor.counter("unicast_solicits", unicastSolicits);
        visitor.counter("resolved", resolved);
        visitor.counter("flushed", flushed);
        visitor.counter("failures", failures);
        visitor.counter("failed_packets", failedPackets);
        visitor.counter("link_address_changes", linkAddressChanges);
        visitor.counter("table_full", tableFull);
        visitor.counter("evictions", evictions);
        visitor.counter("garbage_collected", garbageCollected);
    }
}
