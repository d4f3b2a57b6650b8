package dev.toeless.nic.mem;

/**
 * A bounded pool of pages for one user (an RX queue, a socket's send side), recycling pages
 * like Linux's page_pool: a page whose last reference goes comes back to this pool's cache and
 * is handed out again without touching the free list.
 *
 * <p>{@link #allocate()} hands out one reference. When the pool has {@code capacity} pages out
 * or memory is exhausted it returns {@link HostMemory#NO_PAGE} and counts an allocation failure;
 * it never throws.
 *
 * <p>Two orders. The default ({@link #PagePool}) is page_pool's: the page freed last is handed out
 * first, still warm in the CPU's caches, and the pool takes a new page from memory only when its
 * cache is empty. {@link #coldFirst} is a file's page cache: a page written back stays cached
 * (clean) and every new page comes from free memory until the pool owns {@code capacity} pages;
 * only then is a cached page reclaimed, the one freed longest ago (LRU). A copy into such a pool
 * lands in memory last touched about {@code capacity} pages ago: cold once that is larger than
 * the last-level cache, as a real receive into the page cache is.
 */
public final class PagePool implements AutoCloseable {
    private final HostMemory memory;
    private final String name;
    private final int capacity;
    private final short ownerId;
    private final boolean coldFirst;
    private final int[] cache;
    private int cacheHead; // coldFirst: the oldest cached page (a ring); else unused (a stack)
    private int cached;
    private int owned;
    private boolean closed;

    private long allocFast;
    private long allocSlow;
    private long allocFail;
    private long recycled;

    /**
     * @param capacity the most pages this pool may own at once (out plus cached)
     */
    public PagePool(HostMemory memory, String name, int capacity) {
        this(memory, name, capacity, false);
    }

    /**
     * A pool in the page cache's order (see the class comment): new pages first, then the cached
     * page freed longest ago.
     *
     * @param capacity the most pages this pool may own at once (out plus cached)
     */
    public static PagePool coldFirst(HostMemory memory, String name, int capacity) {
        return new PagePool(memory, name, capacity, true);
    }

    private PagePool(HostMemory memory, String name, int capacity, boolean coldFirst) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.memory = memory;
        this.name = name;
        this.capacity = capacity;
        this.coldFirst = coldFirst;
        this.cache = new int[capacity];
        this.ownerId = memory.register(this);
    }

    /** One page with one reference for the caller, or {@link HostMemory#NO_PAGE}. */
    public int allocate() {
        if (closed) {
            allocFail++;
            return HostMemory.NO_PAGE;
        }
        int pfn = coldFirst ? fromMemory() : fromCache();
        if (pfn == HostMemory.NO_PAGE) {
            pfn = coldFirst ? fromCache() : fromMemory();
        }
        if (pfn == HostMemory.NO_PAGE) {
            allocFail++;
        }
        return pfn;
    }

    private int fromCache() {
        if (cached == 0) {
            return HostMemory.NO_PAGE;
        }
        final int pfn;
        if (coldFirst) {
            pfn = cache[cacheHead];
            cacheHead = cacheHead + 1 == cache.length ? 0 : cacheHead + 1;
            cached--;
        } else {
            pfn = cache[--cached];
        }
        memory.reviveCached(pfn);
        allocFast++;
        return pfn;
    }

    private int fromMemory() {
        if (owned < capacity) {
            final int pfn = memory.allocate(ownerId);
            if (pfn != HostMemory.NO_PAGE) {
                owned++;
                allocSlow++;
                return pfn;
            }
        }
        return HostMemory.NO_PAGE;
    }

    /** Called by {@link HostMemory} when the last reference to one of our pages goes. */
    boolean recycle(int pfn) {
        if (closed) {
            owned--;
            return false;
        }
        if (coldFirst) {
            final int tail = cacheHead + cached;
            cache[tail >= cache.length ? tail - cache.length : tail] = pfn;
            cached++;
        } else {
            cache[cached++] = pfn;
        }
        recycled++;
        return true;
    }

    /** Pages handed out and not yet back. */
    public int pagesOut() {
        return owned - cached;
    }

    public int capacity() {
        return capacity;
    }

    public String name() {
        return name;
    }

    public long allocFast() {
        return allocFast;
    }

    public long allocSlow() {
        return allocSlow;
    }

    public long allocFail() {
        return allocFail;
    }

    public long recycled() {
        return recycled;
    }

    /**
     * Returns the cached pages to host memory. Pages still out stay valid and go to the free
     * list when released.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (cached > 0) {
            final int i = cacheHead + cached - 1; // cacheHead stays 0 in the default order
            memory.returnToFreeList(cache[i >= cache.length ? i - cache.length : i]);
            cached--;
            owned--;
        }
        if (owned == 0) {
            memory.unregister(ownerId);
        }
    }
}
