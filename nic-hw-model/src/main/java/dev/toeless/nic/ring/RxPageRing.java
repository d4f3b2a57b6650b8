package dev.toeless.nic.ring;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;

/**
 * The RX payload (page) ring: the driver posts empty pages as {@link RxPageDescriptor}s and rings
 * the doorbell; the NIC takes pages from it to place payload in. A posted page carries the
 * driver's reference to the NIC; {@link #take()} hands that reference on to the caller.
 *
 * <p>The descriptors are written by the host, so the NIC does not trust them: a descriptor whose
 * page frame number names no page of this memory, whose address disagrees with it, or whose page
 * has no reference out, is skipped and counted in {@link #badDescriptors()}, never used.
 */
public final class RxPageRing {
    private final DescriptorRing ring;
    private final HostMemory memory;
    private final RxPageDescriptor producerView = new RxPageDescriptor();
    private final RxPageDescriptor consumerView = new RxPageDescriptor();
    private long posted;
    private long taken;
    private long badDescriptors;
    private long fillAllocFail;

    public RxPageRing(String name, int entries, HostMemory memory) {
        this.ring = new DescriptorRing(name, entries, RxPageDescriptor.LENGTH);
        this.memory = memory;
    }

    /** The underlying ring (for inspection and for writing raw descriptors in tests). */
    public DescriptorRing ring() {
        return ring;
    }

    /**
     * Driver: posts one page. Takes the caller's reference when it returns true; when the ring
     * is full it returns false and the reference stays with the caller. Visible to the NIC after
     * the next {@link #doorbell()}.
     */
    public boolean post(int pfn) {
        final int at = ring.produce();
        if (at == DescriptorRing.FULL) {
            return false;
        }
        producerView.wrap(ring.buffer(), at).address(HostMemory.address(pfn, 0)).pfn(pfn);
        posted++;
        return true;
    }

    /**
     * Driver: fills every free slot with a fresh page from {@code pool} and rings the doorbell
     * once. Stops at the first allocation failure (counted) without throwing. Returns the number
     * of pages posted.
     */
    public int fill(PagePool pool) {
        int n = 0;
        while (ring.freeSlots() > 0) {
            final int pfn = pool.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                fillAllocFail++;
                break;
            }
            post(pfn);
            n++;
        }
        if (n > 0) {
            ring.doorbell();
        }
        return n;
    }

    /** Driver: publishes the pages posted so far. */
    public int doorbell() {
        return ring.doorbell();
    }

    /**
     * NIC: the next posted page with the reference the driver posted (now the caller's), or
     * {@link HostMemory#NO_PAGE} when the ring is empty.
     */
    public int take() {
        int at;
        while ((at = ring.peek()) != DescriptorRing.EMPTY) {
            consumerView.wrap(ring.buffer(), at);
            final int pfn = consumerView.pfn();
            final long address = consumerView.address();
            ring.consume();
            if (memory.isPage(pfn) && address == HostMemory.address(pfn, 0) && memory.refCount(pfn) > 0) {
                taken++;
                return pfn;
            }
            badDescriptors++;
        }
        return HostMemory.NO_PAGE;
    }

    /** Posted pages waiting for the NIC. */
    public int pending() {
        return ring.pending();
    }

    /** Teardown: releases the reference of every valid page still in the ring. */
    public int drain() {
        int n = 0;
        for (int pfn = take(); pfn != HostMemory.NO_PAGE; pfn = take()) {
            memory.release(pfn);
            n++;
        }
        return n;
    }

    public long posted() {
        return posted;
    }

    public long taken() {
        return taken;
    }

    public long badDescriptors() {
        return badDescriptors;
    }

    /** Times {@link #fill(PagePool)} stopped because the pool was dry. */
    public long fillAllocFail() {
        return fillAllocFail;
    }
}
