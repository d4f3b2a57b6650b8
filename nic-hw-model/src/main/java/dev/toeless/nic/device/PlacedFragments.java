package dev.toeless.nic.device;

import dev.toeless.nic.mem.HostMemory;

/**
 * The page fragments one frame's payload was placed into, in stream order, reused from frame to
 * frame. Each fragment carries one page reference of its own, handed on to the RX completion
 * (and from there to the driver); {@link #releaseAll(HostMemory)} gives them back for a frame
 * that is dropped after placement.
 */
public final class PlacedFragments {
    /** Enough for 64 KiB of payload at any page offset. */
    public static final int CAPACITY = (65_535 >> HostMemory.PAGE_SHIFT) + 2;

    private final int[] pfn = new int[CAPACITY];
    private final int[] offset = new int[CAPACITY];
    private final int[] length = new int[CAPACITY];
    private final boolean[] closed = new boolean[CAPACITY];
    private int count;

    /** Appends a fragment; takes the reference the caller holds for it. False when full. */
    public boolean add(int pagePfn, int pageOffset, int lengthBytes, boolean pageClosed) {
        if (count == CAPACITY) {
            return false;
        }
        pfn[count] = pagePfn;
        offset[count] = pageOffset;
        length[count] = lengthBytes;
        closed[count] = pageClosed;
        count++;
        return true;
    }

    public int count() {
        return count;
    }

    public int remaining() {
        return CAPACITY - count;
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

    /** The NIC writes nothing more into this fragment's page. */
    public boolean pageClosed(int i) {
        return closed[i];
    }

    /** Forgets the fragments; their references must have moved on. */
    public void clear() {
        count = 0;
    }

    /** Gives back one reference per fragment and empties the list. */
    public void releaseAll(HostMemory memory) {
        for (int i = 0; i < count; i++) {
            memory.release(pfn[i]);
        }
        count = 0;
    }
}
