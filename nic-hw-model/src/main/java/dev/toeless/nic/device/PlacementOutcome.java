package dev.toeless.nic.device;

/** What a {@link PayloadPlacement} did with one frame's payload. */
public enum PlacementOutcome {
    /** Written into fresh or packed pages. */
    PLACED(false),
    /** Appended to a flow's open page (receive page accumulation). */
    ACCUMULATED(false),
    /** No page could be had: the frame is dropped and counted, TCP retransmits it. */
    DROPPED_NO_PAGE(true),
    /** A host-memory write was refused: the frame is dropped. */
    DROPPED_DMA_ERROR(true),
    /** Bad arguments, or more fragments than a completion can carry. */
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
