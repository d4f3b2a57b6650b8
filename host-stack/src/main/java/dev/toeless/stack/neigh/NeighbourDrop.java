package dev.toeless.stack.neigh;

/** Why a queued packet was handed back unsent. */
public enum NeighbourDrop {
    /** The per-entry queue was full; the oldest packet made room for the newest (as Linux does). */
    QUEUE_OVERFLOW,
    /** Resolution failed; the caller may answer with ICMP/ICMPv6 "address unreachable". */
    RESOLUTION_FAILED,
    /** The entry was deleted or the table flushed by hand. */
    FLUSHED
}
