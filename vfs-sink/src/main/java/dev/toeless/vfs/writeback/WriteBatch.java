package dev.toeless.vfs.writeback;

import dev.toeless.nic.mem.HostMemory;

/**
 * One disk write: a run of consecutive file pages starting at {@link #fileOffset()}, each a page
 * reference and a length (only a file's last page is short). The batch owns the references while
 * the write is in flight; {@link Writeback} releases them when it is done. Reused between writes.
 */
public final class WriteBatch {
    private final int[] pfns;
    private final int[] offsets;
    private final int[] lengths;
    private int count;
    private long fileOffset;
    private long bytes;

    public WriteBatch(int maxPages) {
        this.pfns = new int[maxPages];
        this.offsets = new int[maxPages];
        this.lengths = new int[maxPages];
    }

    /** Starts an empty batch at {@code fileOffset}. */
    public void start(long fileOffset) {
        this.fileOffset = fileOffset;
        this.count = 0;
        this.bytes = 0;
    }

    /** Adds the next page: takes a reference. Returns false (taking nothing) when the batch is full. */
    public boolean add(int pfn, int lengthBytes) {
        if (count == pfns.length) {
            return false;
        }
        if (lengthBytes <= 0 || lengthBytes > HostMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("page length out of range: " + lengthBytes);
        }
        pfns[count] = pfn;
        lengths[count] = lengthBytes;
        count++;
        bytes += lengthBytes;
        return true;
    }

    public boolean isFull() {
        return count == pfns.length;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return pfns.length;
    }

    public long fileOffset() {
        return fileOffset;
    }

    public long bytes() {
        return bytes;
    }

    public int pfn(int i) {
        return pfns[i];
    }

    public int length(int i) {
        return lengths[i];
    }

    int[] pfns() {
        return pfns;
    }

    int[] offsets() {
        return offsets;
    }

    int[] lengths() {
        return lengths;
    }

    /**
     * Gives every reference back. The pfns must not be used afterwards; the offset, count and
     * byte count stay readable for the outcome report until the next {@link #start(long)}.
     */
    void releaseAll(HostMemory memory) {
        for (int i = 0; i < count; i++) {
            memory.release(pfns[i]);
            pfns[i] = HostMemory.NO_PAGE;
        }
    }
}
