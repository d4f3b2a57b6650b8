package dev.toeless.nic.mem;

import java.util.Arrays;

/**
 * A reusable list of page fragments (pfn, offset, length), held in primitive arrays so that a
 * descriptor or a packet can carry its payload without an object per fragment. A fragment never
 * crosses a page boundary.
 *
 * <p>The list itself owns nothing: whoever fills it says in its contract whether each fragment
 * carries a page reference. {@link #releaseAll(HostMemory)} gives back one reference per fragment
 * for lists that do.
 */
public final class FragList {
    private int[] pfn;
    private int[] offset;
    private int[] length;
    private int count;
    private long totalBytes;

    public FragList() {
        this(8);
    }

    public FragList(int initialCapacity) {
        pfn = new int[initialCapacity];
        offset = new int[initialCapacity];
        length = new int[initialCapacity];
    }

    /** Appends one fragment. */
    public FragList add(int pagePfn, int pageOffset, int lengthBytes) {
        if (pageOffset < 0 || lengthBytes < 0 || pageOffset + lengthBytes > HostMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("fragment outside one page: offset " + pageOffset + " length " + lengthBytes);
        }
        if (count == pfn.length) {
            final int n = count * 2;
            pfn = Arrays.copyOf(pfn, n);
            offset = Arrays.copyOf(offset, n);
            length = Arrays.copyOf(length, n);
        }
        pfn[count] = pagePfn;
        offset[count] = pageOffset;
        length[count] = lengthBytes;
        count++;
        totalBytes += lengthBytes;
        return this;
    }

    /**
     * Extends the last fragment when {@code [pageOffset, pageOffset+lengthBytes)} of {@code pagePfn}
     * directly continues it (same page, next byte): two fragments become one. Returns true if it did;
     * the caller then has one page reference too many and gives it back.
     */
    public boolean extendLast(int pagePfn, int pageOffset, int lengthBytes) {
        if (count == 0) {
            return false;
        }
        final int last = count - 1;
        if (pfn[last] != pagePfn || offset[last] + length[last] != pageOffset
            || pageOffset + lengthBytes > HostMemory.PAGE_SIZE || lengthBytes < 0) {
            return false;
        }
        length[last] += lengthBytes;
        totalBytes += lengthBytes;
        return true;
    }

    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int pfn(int i) {
        return pfn[i];
    }

    public int offset(int i) {
        return offset[i];
    }

    public int length(int i) {
        return length[i];
    }

    /** The DMA address of fragment {@code i}. */
    public long address(int i) {
        return HostMemory.address(pfn[i], offset[i]);
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** Empties the list (references, if any, are the caller's business). */
    public void clear() {
        count = 0;
        totalBytes = 0;
    }

    /** Gives back one page reference per fragment and empties the list. */
    public void releaseAll(HostMemory memory) {
        for (int i = 0; i < count; i++) {
            memory.release(pfn[i]);
        }
        clear();
    }

    /**
     * Appends to {@code dst} the fragments covering bytes {@code [fromByte, fromByte+lengthBytes)}
     * of this list, cutting fragments at the edges. Takes no references.
     */
    public void slice(long fromByte, long lengthBytes, FragList dst) {
        long skip = fromByte;
        long want = lengthBytes;
        for (int i = 0; i < count && want > 0; i++) {
            final int len = length[i];
            if (skip >= len) {
                skip -= len;
                continue;
            }
            final int take = (int) Math.min(len - skip, want);
            dst.add(pfn[i], offset[i] + (int) skip, take);
            want -= take;
            skip = 0;
        }
        if (want > 0) {
            throw new IndexOutOfBoundsException("slice beyond the list: " + fromByte + "+" + lengthBytes
                + " of " + totalBytes);
        }
    }
}
