package dev.toeless.stack.neigh;

/**
 * Neighbour cache entry states of RFC 4861 section 7.3.2, plus Linux's FAILED (resolution gave up;
 * the next packet starts over) and PERMANENT (configured by hand, never probed or changed by what
 * arrives).
 */
public enum NeighbourState {
    /** Resolution in progress: solicitations multicast (ARP: broadcast), packets queued. */
    INCOMPLETE,
    /** Known to be reachable recently; packets go without further checks. */
    REACHABLE,
    /** Link address known but unconfirmed; the next packet goes and starts the DELAY timer. */
    STALE,
    /** A packet went to a STALE neighbour; waiting a little for an upper-layer confirmation. */
    DELAY,
    /** Unicast solicitations to the cached link address until an answer or the probe limit. */
    PROBE,
    /** Resolution or probing gave up; the entry goes away after a hold time. */
    FAILED,
    /** Static entry. */
    PERMANENT;

    /** Whether packets go to the cached link address in this state. */
    public boolean hasLinkAddress() {
        return this != INCOMPLETE && this != FAILED;
    }
}
