package dev.toeless.nic.mem;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's physical memory: one off-heap arena cut into 4 KiB pages, each addressed by its
 * page frame number (pfn). Reference counts and owners live in primitive arrays, not in an
 * object per page.
 *
 * <p>Ownership: {@link #allocate()} hands the caller one reference. {@link #retain(int)} adds one,
 * {@link #release(int)} gives one back; the page returns to its {@link PagePool} (or to the free
 * list) when the last reference goes. A method elsewhere that takes a pfn says in its Javadoc
 * whether it takes a reference or borrows it for the call.
 *
 * <p>The bytes themselves are reachable only from this package: by {@link CpuTouch} (the host
 * CPU, counted in a {@link TouchLedger}), {@link DmaEngine} (the NIC) and {@link DiskDma} (the
 * disk controller). An ArchUnit rule keeps it so.
 *
 * <p>Single-threaded, like the simulation that owns it.
 */
public final class HostMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** Returned by allocators when no page can be had. */
    public static final int NO_PAGE = -1;
    private static final short NO_OWNER = 0;
    private static final int MAX_PAGES = (Integer.MAX_VALUE >> PAGE_SHIFT);

    private final int pageCount;
    private final UnsafeBuffer bytes;
    private ByteBuffer arena;
    private final int[] refCount;
    private final short[] owner;
    private final int[] freeStack;
    private int freeTop;
    private int pagesInUse;
    private final List<PagePool> pools = new ArrayList<>();

    public HostMemory(int pageCount) {
        if (pageCount <= 0 || pageCount > MAX_PAGES) {
            throw new IllegalArgumentException("pageCount must be 1.." + MAX_PAGES + ": " + pageCount);
        }
        this.pageCount = pageCount;
        this.arena = ByteBuffer.allocateDirect(pageCount * PAGE_SIZE);
        this.bytes = new UnsafeBuffer(arena);
        this.refCount = new int[pageCount];
        this.owner = new short[pageCount];
        this.freeStack = new int[pageCount];
        for (int i = 0; i < pageCount; i++) {
            freeStack[i] = pageCount - 1 - i; // low pfns first
        }
        this.freeTop = pageCount;
        pools.add(null); // owner id 0 means "no pool"
    }

    /** Host memory of the given size in MiB. */
    public static HostMemory ofMebibytes(int mebibytes) {
        return new HostMemory(mebibytes * (1 << 20) / PAGE_SIZE);
    }

    public int pageCount() {
        return pageCount;
    }

    /** Pages with at least one reference out. */
    public int pagesInUse() {
        return pagesInUse;
    }

    /** Pages on the free list (not counting pages cached by pools). */
    public int freePages() {
        return freeTop;
    }

    /** A byte address of a page offset, as a DMA descriptor would carry it. */
    public static long address(int pfn, int offset) {
        return ((long) pfn << PAGE_SHIFT) + offset;
    }

    /** True when {@code [address, address+length)} lies inside this memory. */
    public boolean contains(long address, int length) {
        return address >= 0 && length >= 0 && address + length <= (long) pageCount * PAGE_SIZE;
    }

    /** True when {@code pfn} names a page of this memory. */
    public boolean isPage(int pfn) {
        return pfn >= 0 && pfn < pageCount;
    }

    /**
     * Takes a page from the free list with one reference for the caller, or returns
     * {@link #NO_PAGE} when memory is exhausted.
     */
    public int allocate() {
        return allocate(NO_OWNER);
    }

    int allocate(short ownerId) {
        if (freeTop == 0) {
            return NO_PAGE;
        }
        final int pfn = freeStack[--freeTop];
        owner[pfn] = ownerId;
        refCount[pfn] = 1;
        pagesInUse++;
        return pfn;
    }

    /** Revives a page cached by a pool (reference count 0, owned by that pool). */
    void reviveCached(int pfn) {
        refCount[pfn] = 1;
        pagesInUse++;
    }

    /** Adds one reference to a page that is in use. */
    public void retain(int pfn) {
        checkLive(pfn);
        refCount[pfn]++;
    }

    /**
     * Gives back one reference. Returns true when it was the last one and the page went back to
     * its pool or to the free list.
     */
    public boolean release(int pfn) {
        checkLive(pfn);
        if (--refCount[pfn] > 0) {
            return false;
        }
        pagesInUse--;
        final short ownerId = owner[pfn];
        final PagePool pool = pools.get(ownerId);
        if (pool == null || !pool.recycle(pfn)) {
            owner[pfn] = NO_OWNER;
            freeStack[freeTop++] = pfn;
        }
        return true;
    }

    void returnToFreeList(int pfn) {
        owner[pfn] = NO_OWNER;
        freeStack[freeTop++] = pfn;
    }

    public int refCount(int pfn) {
        return refCount[pfn];
    }

    short register(PagePool pool) {
        if (pools.size() > Short.MAX_VALUE) {
            throw new IllegalStateException("too many page pools");
        }
        pools.add(pool);
        return (short) (pools.size() - 1);
    }

    void unregister(short ownerId) {
        pools.set(ownerId, null);
    }

    private void checkLive(int pfn) {
        if (pfn < 0 || pfn >= pageCount || refCount[pfn] <= 0) {
            throw notLive(pfn);
        }
    }

    /** Kept out of {@link #checkLive} so the check is small enough to inline everywhere. */
    private static IllegalStateException notLive(int pfn) {
        return new IllegalStateException("page " + pfn + " is not in use (double release, or a reference never taken)");
    }

    /** The pfns with references still out, in order. */
    public int[] leakedPages() {
        final int[] out = new int[pagesInUse];
        int n = 0;
        for (int pfn = 0; pfn < pageCount && n < out.length; pfn++) {
            if (refCount[pfn] > 0) {
                out[n++] = pfn;
            }
        }
        return out;
    }

    /** Throws with a description of the first leaked pages when any page is still referenced. */
    public void assertNoLeaks() {
        if (pagesInUse == 0) {
            return;
        }
        final int[] leaked = leakedPages();
        final StringBuilder sb = new StringBuilder()
            .append(pagesInUse).append(" page(s) still referenced:");
        for (int i = 0; i < Math.min(leaked.length, 16); i++) {
            final int pfn = leaked[i];
            sb.append(" pfn ").append(pfn).append(" (refs ").append(refCount[pfn])
                .append(", pool ").append(poolName(owner[pfn])).append(')');
        }
        if (leaked.length > 16) {
            sb.append(" ...");
        }
        throw new IllegalStateException(sb.toString());
    }

    private String poolName(short ownerId) {
        final PagePool pool = ownerId == NO_OWNER ? null : pools.get(ownerId);
        return pool == null ? "none" : pool.name();
    }

    /**
     * Gives the arena's native memory back now rather than when the garbage collector finds it
     * (a demo of several transfers would otherwise hold every host's arena at once). Every page
     * must be back; afterwards any access to a byte fails its bounds check.
     */
    public void free() {
        assertNoLeaks();
        if (arena == null) {
            return;
        }
        final ByteBuffer old = arena;
        arena = null;
        bytes.wrap(new byte[0]);
        BufferUtil.free(old);
    }

    /** The whole arena, for the three byte-reaching classes of this package only. */
    UnsafeBuffer bytes() {
        return bytes;
    }

    /** A ByteBuffer view of part of one page, for disk DMA (allocates: control path only). */
    ByteBuffer slice(int pfn, int offset, int length) {
        return arena.slice((pfn << PAGE_SHIFT) + offset, length);
    }

    static int byteIndex(int pfn, int offset) {
        return (pfn << PAGE_SHIFT) + offset;
    }
}
