package dev.toeless.vfs.cache;

import dev.toeless.nic.mem.HostMemory;
import org.agrona.collections.Long2LongHashMap;

/**
 * One file's page cache: file page index to page reference. Every page here is dirty (it holds
 * bytes not yet on disk); writeback takes pages out as it writes them and they are released
 * afterwards, since this cache serves streaming receive, not re-reads. Pages under writeback still
 * count as dirty until {@link #writebackDone(int)}.
 *
 * <p>The dirty limit bounds the pages a file may hold: {@link #roomPages()} is what the receiver
 * may still take, which is how a slow disk closes the TCP receive window.
 *
 * <p>Ownership: the cache owns one reference to each page it holds. Single-threaded.
 */
public final class PageCache {
    private final String name;
    private final int dirtyLimitPages;
    private final Long2LongHashMap pages = new Long2LongHashMap(HostMemory.NO_PAGE);
    private int underWriteback;
    private int highWaterPages;

    /**
     * @param dirtyLimitPages the most dirty pages (held plus under writeback) before the window closes
     */
    public PageCache(String name, int dirtyLimitPages) {
        if (dirtyLimitPages < 2) {
            throw new IllegalArgumentException("dirty limit must be at least 2 pages: " + dirtyLimitPages);
        }
        this.name = name;
        this.dirtyLimitPages = dirtyLimitPages;
    }

    public String name() {
        return name;
    }

    public int dirtyLimitPages() {
        return dirtyLimitPages;
    }

    /** The page at {@code pageIndex}, borrowed (the cache keeps its reference), or NO_PAGE. */
    public int pfn(long pageIndex) {
        return (int) pages.get(pageIndex);
    }

    public boolean contains(long pageIndex) {
        return pages.containsKey(pageIndex);
    }

    /**
     * Puts a page at {@code pageIndex}: takes the caller's reference. Returns false (and takes
     * nothing) when the index already holds a page.
     */
    public boolean insert(long pageIndex, int pfn) {
        if (pages.containsKey(pageIndex)) {
            return false;
        }
        pages.put(pageIndex, pfn);
        highWaterPages = Math.max(highWaterPages, dirtyPages());
        return true;
    }

    /**
     * Takes the page at {@code pageIndex} out for writeback: the reference goes to the caller, and
     * the page counts as dirty until {@link #writebackDone(int)}. Returns NO_PAGE when absent.
     */
    public int takeForWriteback(long pageIndex) {
        final int pfn = (int) pages.remove(pageIndex);
        if (pfn != HostMemory.NO_PAGE) {
            underWriteback++;
        }
        return pfn;
    }

    /** {@code count} pages taken for writeback are on disk (or abandoned) and no longer dirty. */
    public void writebackDone(int count) {
        if (count < 0 || count > underWriteback) {
            throw new IllegalStateException("writeback of " + count + " pages, " + underWriteback + " outstanding");
        }
        underWriteback -= count;
    }

    /** Pages held in the cache, not counting those under writeback. */
    public int heldPages() {
        return pages.size();
    }

    public int underWritebackPages() {
        return underWriteback;
    }

    /** Pages whose bytes are not yet on disk: held plus under writeback. */
    public int dirtyPages() {
        return pages.size() + underWriteback;
    }

    /** The most dirty pages this cache ever had. */
    public int highWaterPages() {
        return highWaterPages;
    }

    /** Pages that may still be dirtied before the limit, less {@code extraHeld} held elsewhere. */
    public int roomPages(int extraHeld) {
        return Math.max(0, dirtyLimitPages - dirtyPages() - extraHeld);
    }

    /** Bytes that may still be taken before the limit: {@link #roomPages(int)} whole pages. */
    public long roomBytes(int extraHeld) {
        return (long) roomPages(extraHeld) * HostMemory.PAGE_SIZE;
    }

    /** Releases every page held (not those under writeback: their holder releases them). */
    public int releaseAll(HostMemory memory) {
        final int n = pages.size();
        final Long2LongHashMap.ValueIterator it = pages.values().iterator();
        while (it.hasNext()) {
            memory.release((int) it.nextValue());
        }
        pages.clear();
        return n;
    }
}
