package dev.toeless.accum;

import dev.toeless.nic.mem.HostMemory;

/**
 * The page fragments a segment's payload went into, in stream order: (pfn, offset, length) plus
 * flags, kept in primitive arrays so a receive queue reuses one list for every segment.
 *
 * <p>Ownership: each fragment carries one page reference of its own (see {@link PageAccumulator}).
 * Whoever holds the list owns those references until it hands them on (a completion, a socket
 * queue) or gives them back with {@link #releaseAll(HostMemory)}. {@link #clear()} forgets the
 * fragments without releasing anything: call it only after the references have moved on.
 */
public final class FragmentList {
    /** After this fragment the NIC will write nothing more into its page (full or closed). */
    public static final int FLAG_PAGE_CLOSED = 1;
    /** The fragment starts at offset 0 of a page because of an alignment hint. */
    public static final int FLAG_ALIGNED = 2;

    private final int[] pfn;
    private final int[] offset;
    private final int[] length;
    private final int[] flags;
    private int count;

    public FragmentList(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.pfn = new int[capacity];
        this.offset = new int[capacity];
        this.length = new int[capacity];
        this.flags = new int[capacity];
    }

    /** Enough fragments for any TCP payload up to 64 KiB, whatever its page offset. */
    public static FragmentList forMaxPayload() {
        return new FragmentList((65_535 >> HostMemory.PAGE_SHIFT) + 2);
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return pfn.length;
    }

    public int remaining() {
        return pfn.length - count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int pfn(int index) {
        return pfn[index];
    }

    public int offset(int index) {
        return offset[index];
    }

    public int length(int index) {
        return length[index];
    }

    public int flags(int index) {
        return flags[index];
    }

    /** Total payload bytes over all fragments. */
    public long totalLength() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += length[i];
        }
        return sum;
    }

    /** Appends a fragment; takes the reference the caller holds for it. Returns its index. */
    public int add(int pagePfn, int pageOffset, int lengthBytes, int fragmentFlags) {
        final int i = count++;
        pfn[i] = pagePfn;
        offset[i] = pageOffset;
        length[i] = lengthBytes;
        flags[i] = fragmentFlags;
        return i;
    }

    void orFlags(int index, int fragmentFlags) {
        flags[index] |= fragmentFlags;
    }

    /** Forgets all fragments; the references must have moved on already. */
    public void clear() {
        count = 0;
    }

    /** Gives back the reference of every fragment (a dropped packet) and empties the list. */
    public void releaseAll(HostMemory memory) {
        for (int i = 0; i < count; i++) {
            memory.release(pfn[i]);
        }
        count = 0;
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
