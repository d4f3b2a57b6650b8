package dev.toeless.nic.mem;

import java.util.Arrays;

/**
 * A reusable list of page fragments (pfn, offset, length, flags), held in primitive arrays so that
 * a descriptor or a packet can carry its payload without an object per fragment. A fragment never
 * crosses a page boundary. The one fragment list of the model: transmit segments, received
 * packets, and the receive path's payload placement ({@code PayloadPlacement}, the page
 * accumulator) all use it.
 *
 * <p>Page ownership: the list itself owns nothing; whoever fills it says in its contract whether
 * each fragment carries a page reference. On the receive path every fragment carries one
 * reference of its own: whoever holds the list owns those references until it hands them on (a
 * completion, a socket queue) or gives them back with {@link #releaseAll(HostMemory)}.
 * {@link #clear()} forgets the fragments without releasing anything: call it only after the
 * references have moved on.
 *
 * <p>Flags: each fragment has an int of flags ({@link #FLAG_PAGE_CLOSED}, {@link #FLAG_ALIGNED}),
 * 0 unless the filler sets them; only the receive path does.
 *
 * <p>Capacity: {@link #FragList(int)} grows as needed (it allocates when it grows);
 * {@link #bounded(int)} and {@link #forMaxPayload()} have a fixed capacity, allocate nothing after
 * construction, and refuse a fragment past it: a hot path checks {@link #remaining()} first.
 */
public final class FragList {
    /** Fragment flag: nothing more will be written into this fragment's page (full or closed). */
    public static final int FLAG_PAGE_CLOSED = 1;
    /** Fragment flag: the fragment starts at offset 0 of its page because of an alignment hint. */
    public static final int FLAG_ALIGNED = 2;
    /** Enough fragments for any payload up to 64 KiB, whatever its first page offset. */
    public static final int MAX_PAYLOAD_FRAGMENTS = (65_535 >> HostMemory.PAGE_SHIFT) + 2;

    private final int limit;
    private int[] pfn;
    private int[] offset;
    private int[] length;
    private int[] flags;
    private int count;
    private long totalBytes;

    public FragList() {
        this(8);
    }

    /** A list that grows as needed, starting with room for {@code initialCapacity} fragments. */
    public FragList(int initialCapacity) {
        this(initialCapacity, Integer.MAX_VALUE);
    }

    private FragList(int capacity, int limit) {
        pfn = new int[capacity];
        offset = new int[capacity];
        length = new int[capacity];
        flags = new int[capacity];
        this.limit = limit;
    }

    /** A list of at most {@code capacity} fragments that never grows (allocation-free after this). */
    public static FragList bounded(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        return new FragList(capacity, capacity);
    }

    /** A bounded list with room for any TCP payload up to 64 KiB ({@link #MAX_PAYLOAD_FRAGMENTS}). */
    public static FragList forMaxPayload() {
        return bounded(MAX_PAYLOAD_FRAGMENTS);
    }

    /** Appends one fragment without flags. */
    public FragList add(int pagePfn, int pageOffset, int lengthBytes) {
        return add(pagePfn, pageOffset, lengthBytes, 0);
    }

    /**
     * Appends one fragment with its flags. On the receive path it takes the reference the caller
     * holds for the fragment's page.
     *
     * @throws IllegalStateException when a bounded list is full
     */
    public FragList add(int pagePfn, int pageOffset, int lengthBytes, int fragmentFlags) {
        if (pageOffset < 0 || lengthBytes < 0 || pageOffset + lengthBytes > HostMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("fragment outside one page: offset " + pageOffset + " length " + lengthBytes);
        }
        if (count == pfn.length) {
            grow();
        }
        pfn[count] = pagePfn;
        offset[count] = pageOffset;
        length[count] = lengthBytes;
        flags[count] = fragmentFlags;
        count++;
        totalBytes += lengthBytes;
        return this;
    }

    private void grow() {
        if (count >= limit) {
            throw new IllegalStateException("fragment list full: " + limit + " fragments");
        }
        final int n = (int) Math.min(Math.max(2L * count, 1L), limit);
        pfn = RingArrays.unwrap(pfn, 0, count, n);
        offset = RingArrays.unwrap(offset, 0, count, n);
        length = RingArrays.unwrap(length, 0, count, n);
        flags = RingArrays.unwrap(flags, 0, count, n);
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

    /** How many more fragments fit: unbounded for a growing list. */
    public int remaining() {
        return limit - count;
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

    /** The flags of fragment {@code i}: {@link #FLAG_PAGE_CLOSED}, {@link #FLAG_ALIGNED}. */
    public int flags(int i) {
        return flags[i];
    }

    /** Whether fragment {@code i} has {@link #FLAG_PAGE_CLOSED}. */
    public boolean pageClosed(int i) {
        return (flags[i] & FLAG_PAGE_CLOSED) != 0;
    }

    /** Adds {@code fragmentFlags} to the flags of fragment {@code i}. */
    public void orFlags(int i, int fragmentFlags) {
        flags[i] |= fragmentFlags;
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
     * Drops the first {@code bytes} of payload (at most all of it): fragments that fall out
     * entirely give back their page reference, a fragment cut in two keeps it. Returns the bytes
     * dropped.
     */
    public long dropFront(long bytes, HostMemory memory) {
        long left = Math.min(bytes, totalBytes);
        final long dropped = left;
        int drop = 0;
        while (left > 0) {
            final int len = length[drop];
            if (len <= left) {
                memory.release(pfn[drop]);
                left -= len;
                drop++;
            } else {
                offset[drop] += (int) left;
                length[drop] = len - (int) left;
                left = 0;
            }
        }
        if (drop > 0) {
            final int keep = count - drop;
            System.arraycopy(pfn, drop, pfn, 0, keep);
            System.arraycopy(offset, drop, offset, 0, keep);
            System.arraycopy(length, drop, length, 0, keep);
            System.arraycopy(flags, drop, flags, 0, keep);
            count = keep;
        }
        totalBytes -= dropped;
        return dropped;
    }

    /**
     * Drops the last {@code bytes} of payload (at most all of it), as {@link #dropFront} does at
     * the other end. Returns the bytes dropped.
     */
    public long dropBack(long bytes, HostMemory memory) {
        long left = Math.min(bytes, totalBytes);
        final long dropped = left;
        while (left > 0) {
            final int i = count - 1;
            final int len = length[i];
            if (len <= left) {
                memory.release(pfn[i]);
                left -= len;
                count--;
            } else {
                length[i] = len - (int) left;
                left = 0;
            }
        }
        totalBytes -= dropped;
        return dropped;
    }

    /** Appends every fragment of {@code src} (pfn, offset, length, flags) to this list; takes no references. */
    public void addAll(FragList src) {
        for (int i = 0; i < src.count; i++) {
            add(src.pfn[i], src.offset[i], src.length[i], src.flags[i]);
        }
    }

    /**
     * Appends to {@code dst} the fragments covering bytes {@code [fromByte, fromByte+lengthBytes)}
     * of this list, cutting fragments at the edges. Takes no references and carries no flags.
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

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append("pfn ").append(pfn[i]).append(" @").append(offset[i]).append('+').append(length[i]);
        }
        return sb.append(']').toString();
    }
}
