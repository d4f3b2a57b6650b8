package dev.toeless.nic.mem;

/**
 * A bounded pool of pages for one user (an RX queue, a socket's send side), recycling pages
 * like Linux's page_pool: a page whose last reference goes comes back to this pool's cache and
 * is handed out again without touching the free list.
 *
 * <p>{@link #allocate()} hands out one reference. When the pool has {@code capacity} pages out
 * or memory is exhausted it returns {@link HostMemory#NO_PAGE} and counts an allocation failure;
 * it never throws.
 */
public final class PagePool implements AutoCloseable {
    private final HostMemory memory;
    private final String name;
    private final int capacity;
    private final short ownerId;
    private final int[] cache;
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
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.memory = memory;
        this.name = name;
        this.capacity = capacity;
        this.cache = new int[capacity];
        this.ownerId = memory.register(this);
    }

    /** One page with one reference for the caller, or {@link HostMemory#NO_PAGE}. */
    public int allocate() {
        if (closed) {
            allocFail++;
            return HostMemory.NO_PAGE;
        }
        if (cached > 0) {
            final int pfn = cache[--cached];
            memory.reviveCached(pfn);
            allocFast++;
            return pfn;
        }
        if (owned < capacity) {
            final int pfn = memory.allocate(ownerId);
            if (pfn != HostMemory.NO_PAGE) {
                owned++;
                allocSlow++;
                return pfn;
            }
        }
        allocFail++;
        return HostMemory.NO_PAGE;
    }

    /** Called by {@link HostMemory} when the last reference to one of our pages goes. */
    boolean recycle(int pfn) {
        if (closed) {
            owned--;
            return false;
        }
        cache[cached++] = pfn;
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
            memory.returnToFreeList(cache[--cached]);
            owned--;
        }
        if (owned == 0) {
            memory.unregister(ownerId);
        }
    }
}
