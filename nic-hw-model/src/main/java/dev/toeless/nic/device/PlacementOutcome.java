package dev.toeless.nic.device;

/**
 * What a {@link PayloadPlacement} (packed pages, or receive page accumulation) did with one
 * frame's payload. The non-drop outcomes say where the payload went; a drop outcome means nothing
 * was delivered and no fragment was added.
 */
public enum PlacementOutcome {
    /** Written into fresh or packed pages (packed placement). */
    PLACED(false),
    /** In order for a cached flow: appended to (or continued from) the flow's open page. */
    APPENDED(false),
    /** The flow was not cached (new, or evicted): fresh page, and the flow is cached now. */
    FLOW_MISS(false),
    /** Out of order (a gap ahead, or old data): fresh page; nothing lost. */
    OUT_OF_ORDER(false),
    /** No payload: flags handled, no fragment. */
    NO_PAYLOAD(false),
    /** No page could be had: the frame is dropped and counted, TCP retransmits it. */
    DROPPED_NO_PAGE(true),
    /** A host-memory write was refused: the frame is dropped. */
    DROPPED_DMA_ERROR(true),
    /** Bad arguments (length or source range), or more fragments than the list can take. */
    DROPPED_INVALID(true);

    private final boolean drop;

    PlacementOutcome(boolean drop) {
        this.drop = drop;
    }

    /** True when nothing was delivered and no fragment was added. */
    public boolean isDrop() {
        return drop;
    }
}
