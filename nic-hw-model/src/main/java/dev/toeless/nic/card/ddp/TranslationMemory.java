package dev.toeless.nic.card.ddp;

/**
 * The card memory that holds a region table's translation entries: one entry per pinned host
 * page, mapping a page of the region to its bus address. Its size is fixed when the card is made;
 * a registration whose entries do not fit is refused, never half made.
 *
 * <p>An entry is 8 bytes, one 64-bit bus address: the page-list entries Chelsio's cxgb4 writes to
 * its adapter's PBL memory ({@code c4iw_pblpool_alloc}, {@code __be64} per page) are that size.
 */
public final class TranslationMemory {
    /** Bytes of card memory per translation entry (one pinned 4 KiB page). */
    public static final int ENTRY_BYTES = 8;

    private final long capacityBytes;
    private long usedBytes;
    private long peakBytes;
    private long refused;

    public TranslationMemory(long capacityBytes) {
        if (capacityBytes < ENTRY_BYTES) {
            throw new IllegalArgumentException("translation memory must hold one entry: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** Takes room for {@code entries} entries; false (counted) when they do not fit. */
    boolean take(int entries) {
        final long bytes = (long) entries * ENTRY_BYTES;
        if (bytes > capacityBytes - usedBytes) {
            refused++;
            return false;
        }
        usedBytes += bytes;
        peakBytes = Math.max(peakBytes, usedBytes);
        return true;
    }

    void give(int entries) {
        usedBytes -= (long) entries * ENTRY_BYTES;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public long usedBytes() {
        return usedBytes;
    }

    public long peakBytes() {
        return peakBytes;
    }

    /** Registrations refused for want of room. */
    public long refused() {
        return refused;
    }
}
