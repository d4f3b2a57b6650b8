package dev.toeless.accum;

/** What {@link PageAccumulator#accept} did with one segment. */
public enum AccumOutcome {
    /** In order for a cached flow: appended to (or continued from) the flow's open page. */
    APPENDED(false),
    /** The flow was not cached (new, or evicted): fresh page, and the flow is cached now. */
    FLOW_MISS(false),
    /** Out of order (a gap ahead, or old data): fresh page; nothing lost. */
    OUT_OF_ORDER(false),
    /** No payload: flags handled, no fragment. */
    NO_PAYLOAD(false),
    /** No page could be had from the pool: the segment is dropped, TCP will retransmit it. */
    DROPPED_NO_PAGE(true),
    /** A host-memory write was refused: the segment is dropped. */
    DROPPED_DMA_ERROR(true),
    /** Bad arguments (length or source range), or more fragments than the list can take. */
    DROPPED_INVALID(true);

    private final boolean drop;

    AccumOutcome(boolean drop) {
        this.drop = drop;
    }

    /** True when the segment's payload was not delivered and no fragment was added. */
    public boolean isDrop() {
        return drop;
    }
}
