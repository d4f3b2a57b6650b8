package dev.toeless.vfs.sink;

import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.vfs.cache.PageCache;

/**
 * Where a received fragment's bytes go in one file's {@link PageCache}, the placement half of a
 * {@link FileSink}. A fragment that is exactly one whole, aligned file page (page offset 0, 4096
 * bytes at a file offset that is a multiple of 4096, or from a page's start to the file's end) is
 * <b>flipped</b>: its page reference moves into the cache, no byte is copied. In-order fragments that
 * continue each other in the same page from offset 0 (as a NIC's receive page accumulator delivers
 * them) are held as a <i>candidate</i> and flipped once they make up the page. Anything else is
 * assembled into a cache page by {@link CpuTouch}, every byte counted.
 *
 * <p>Ownership: {@link #place} and {@link #placePieces} take the fragment's reference in every
 * case. Copy pages come from the given pool; when it is empty the owner hears
 * {@code onOutOfPages} and the call returns false.
 */
final class FragmentPlacement {
    private static final int PAGE = HostMemory.PAGE_SIZE;
    private static final int SHIFT = HostMemory.PAGE_SHIFT;
    private static final long NONE = -1;

    private final CpuTouch touch;
    private final HostMemory memory;
    private final PagePool pool;
    private final PageCache cache;
    private final ReceivedRanges received;
    private final SinkStats stats;
    private final Runnable onOutOfPages;

    // In-order fragments from one page, starting at its offset 0, that may yet make a whole page.
    private long candIndex = NONE;
    private int candPfn;
    private int candLength;
    private int candRefs;

    FragmentPlacement(CpuTouch touch, PagePool pool, PageCache cache, ReceivedRanges received, SinkStats stats,
                      Runnable onOutOfPages) {
        this.touch = touch;
        this.memory = touch.memory();
        this.pool = pool;
        this.cache = cache;
        this.received = received;
        this.stats = stats;
        this.onOutOfPages = onOutOfPages;
    }

    /** Whether fragments are held that may yet make a whole page (they take one page of the window). */
    boolean holdsCandidate() {
        return candIndex != NONE;
    }

    /**
     * Places a range of file offset {@code f} no byte of which was received before; takes the
     * reference. {@code lengthBytes} is the file's length, or -1 while unknown.
     */
    boolean place(long f, int pfn, int off, int len, long lengthBytes) {
        final long index = f >>> SHIFT;
        if (candIndex != NONE) {
            final long candEnd = (candIndex << SHIFT) + candLength;
            if (index == candIndex && f == candEnd && pfn == candPfn && off == candLength) {
                candLength += len;
                candRefs++;
                received.add(f, f + len);
                if (candLength == PAGE || reachesEnd(f + len, lengthBytes)) {
                    flipCandidate();
                }
                return true;
            }
            if (index == candIndex && !materializeCandidate()) {
                memory.release(pfn);
                return false;
            }
        }
        if ((f & (PAGE - 1)) == 0 && off == 0 && !cache.contains(index)) {
            if (len == PAGE || reachesEnd(f + len, lengthBytes)) {
                flip(index, pfn);
                received.add(f, f + len);
                return true;
            }
            if (f == received.contiguousEnd() && candIndex == NONE) {
                candIndex = index;
                candPfn = pfn;
                candLength = len;
                candRefs = 1;
                received.add(f, f + len);
                return true;
            }
        }
        final boolean ok = copyIn(f, pfn, off, len);
        memory.release(pfn);
        if (ok) {
            received.add(f, f + len);
        }
        return ok;
    }

    /** Copies the not-yet-received parts of a range that overlaps data past a hole; takes the reference. */
    boolean placePieces(long f, int pfn, int off, int len) {
        long fresh = 0;
        boolean ok = true;
        for (ByteRange piece : received.newPieces(f, f + len)) {
            ok = copyIn(piece.startOffset(), pfn, off + (int) (piece.startOffset() - f), (int) piece.lengthBytes());
            if (!ok) {
                break;
            }
            received.add(piece.startOffset(), piece.endOffset());
            fresh += piece.lengthBytes();
        }
        memory.release(pfn);
        if (ok) {
            stats.bytesDuplicate += len - fresh;
        }
        return ok;
    }

    /** The held fragments end where the file does: flip them as its last page. */
    void flipHeld() {
        if (candIndex != NONE) {
            flipCandidate();
        }
    }

    /** The transfer failed: give back the held fragments' references. */
    void releaseHeld() {
        if (candIndex != NONE) {
            releaseRefs(candPfn, candRefs);
            candIndex = NONE;
        }
    }

    private static boolean reachesEnd(long fileOffset, long lengthBytes) {
        return lengthBytes >= 0 && fileOffset == lengthBytes;
    }

    /** Copies a page range (borrowed) into cache pages at file offset {@code f}. */
    private boolean copyIn(long f, int srcPfn, int srcOff, int len) {
        long at = f;
        int from = srcOff;
        int left = len;
        while (left > 0) {
            final int pageOff = (int) (at & (PAGE - 1));
            final int n = Math.min(left, PAGE - pageOff);
            final int dst = cachePageForCopy(at >>> SHIFT);
            if (dst == HostMemory.NO_PAGE) {
                return false;
            }
            touch.copy(srcPfn, from, dst, pageOff, n);
            stats.bytesCopied(n);
            at += n;
            from += n;
            left -= n;
        }
        return true;
    }

    private int cachePageForCopy(long index) {
        if (index == candIndex && !materializeCandidate()) {
            return HostMemory.NO_PAGE;
        }
        final int held = cache.pfn(index);
        if (held != HostMemory.NO_PAGE) {
            return held;
        }
        final int fresh = pool.allocate();
        if (fresh == HostMemory.NO_PAGE) {
            onOutOfPages.run();
            return HostMemory.NO_PAGE;
        }
        cache.insert(index, fresh);
        pageCopied();
        return fresh;
    }

    /**
     * The held fragments will not make a whole page by themselves: turn them into a cache page to
     * be completed by copies. When the sink holds every reference to that page it adopts the page
     * as it is (its first bytes are already in place); otherwise it copies them into a fresh one.
     */
    private boolean materializeCandidate() {
        final long index = candIndex;
        candIndex = NONE;
        if (memory.refCount(candPfn) == candRefs) {
            releaseRefs(candPfn, candRefs - 1);
            cache.insert(index, candPfn);
            pageCopied();
            return true;
        }
        final int fresh = pool.allocate();
        if (fresh == HostMemory.NO_PAGE) {
            releaseRefs(candPfn, candRefs);
            onOutOfPages.run();
            return false;
        }
        touch.copy(candPfn, 0, fresh, 0, candLength);
        stats.bytesCopied(candLength);
        releaseRefs(candPfn, candRefs);
        cache.insert(index, fresh);
        pageCopied();
        return true;
    }

    private void flipCandidate() {
        final long index = candIndex;
        candIndex = NONE;
        releaseRefs(candPfn, candRefs - 1);
        flip(index, candPfn);
    }

    private void flip(long index, int pfn) {
        cache.insert(index, pfn);
        touch.cost().charge(CostOp.PAGE_FLIP);
        stats.pageFlipped();
    }

    private void pageCopied() {
        stats.pageCopied();
    }

    private void releaseRefs(int pfn, int count) {
        for (int i = 0; i < count; i++) {
            memory.release(pfn);
        }
    }
}
