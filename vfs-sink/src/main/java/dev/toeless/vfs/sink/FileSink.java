package dev.toeless.vfs.sink;

import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.vfs.cache.PageCache;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.DirtySource;
import dev.toeless.vfs.writeback.FileVerificationException;
import dev.toeless.vfs.writeback.PartFile;
import dev.toeless.vfs.writeback.WriteBatch;
import dev.toeless.vfs.writeback.Writeback;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Receives one TCP stream into one file: payload fragments (stream offset, page, page offset,
 * length) go into the file's {@link PageCache}, and the {@link Writeback} disk writes them out.
 *
 * <p>Stream offset {@code fileStartOffset} is file offset 0; bytes before it are released unread.
 * A fragment that is exactly one whole, aligned file page (page offset 0, 4096 bytes, at a file
 * offset that is a multiple of 4096; or from offset 0 to the end of the file on its last page) is
 * <b>flipped</b>: its page reference moves into the cache, no byte is copied. In-order fragments
 * that continue each other in the same page from offset 0 (as a NIC's receive page accumulator
 * delivers them) are held and flipped once they make up the page. Anything else (a partial first
 * page, misaligned payload) is assembled into a cache page by {@link CpuTouch}, every byte counted.
 *
 * <p>Data after a hole is held but never written: only the contiguous prefix is written back, and
 * a stream that ends with holes fails as {@link SinkError.Kind#INCOMPLETE}, naming the missing
 * ranges. The file's length comes from the config or from {@link #finish(long)}.
 *
 * <p>Backpressure: {@link #windowBytes()} is what the sink can take now; it shrinks as dirty pages
 * pile up behind a slow disk and grows as writeback frees them, so the TCP receive window closes
 * instead of anything being dropped. The copy pool should hold at least the dirty limit plus two
 * pages; a sender ignoring the window can exhaust it, which aborts with
 * {@link SinkError.Kind#OUT_OF_PAGES}.
 *
 * <p>Outcome: on completion the file is fsynced, verified and renamed from its part file ({@code NAME.PID.N.part}) to
 * {@code NAME}. On any failure (disk error, full disk, verification, {@link #abort(String)}) the
 * part file is deleted, every page returns to its pool, and the result is a {@link SinkError}; the
 * owner of the stream should then reset the connection. Either way {@code onDone} hears it once.
 *
 * <p>Ownership: {@link #accept} takes the fragment's reference in every case. Copy pages come from
 * the given pool. Single-threaded, on the simulation's scheduler.
 */
public final class FileSink implements DirtySource {
    private static final int PAGE = HostMemory.PAGE_SIZE;
    private static final int SHIFT = HostMemory.PAGE_SHIFT;
    private static final long NONE = -1;

    private enum State { OPEN, FINISHING, COMPLETED, FAILED }

    private final SinkConfig config;
    private final CpuTouch touch;
    private final HostMemory memory;
    private final PagePool pool;
    private final Writeback writeback;
    private final VfsCounters counters;
    private final Consumer<SinkResult> onDone;
    private final PageCache cache;
    private final ReceivedRanges received = new ReceivedRanges();
    private PartFile part;
    private State state = State.OPEN;
    private SinkResult result;
    private long lengthBytes;
    private byte[] expectedSha256;
    private long nextWritePage;
    private LongConsumer windowListener;

    // In-order fragments from one page, starting at its offset 0, that may yet make a whole page.
    private long candIndex = NONE;
    private int candPfn;
    private int candLength;
    private int candRefs;

    private final SinkStats stats = new SinkStats();

    /**
     * Creates {@code NAME.PID.N.part} and starts receiving. If the file cannot be created the sink is
     * failed at once (and {@code onDone} hears it before this returns).
     */
    public FileSink(SinkConfig config, CpuTouch touch, PagePool pool, Writeback writeback, VfsCounters counters,
                    Consumer<SinkResult> onDone) {
        this.config = config;
        this.touch = touch;
        this.memory = touch.memory();
        this.pool = pool;
        this.writeback = writeback;
        this.counters = counters;
        this.onDone = onDone;
        this.cache = new PageCache(config.path().toString(), config.dirtyLimitPages());
        this.lengthBytes = config.expectedLengthBytes();
        this.expectedSha256 = config.expectedSha256();
        try {
            this.part = PartFile.create(config.path(), config.faults());
        } catch (IOException e) {
            fail(SinkError.io(config.path(), "creating a part file for " + config.path(), e));
            return;
        }
        progress();
    }

    /**
     * Takes one payload fragment of the stream, in order or not: takes a reference to {@code pfn}
     * in every case (it moves into the cache or is released). Bytes already received are not
     * taken again (the first copy wins), so a retransmission never changes a byte.
     */
    public Accept accept(long streamOffset, int pfn, int pageOffset, int length) {
        if (!memory.isPage(pfn) || memory.refCount(pfn) <= 0) {
            stats.fragmentsMalformed++;
            return Accept.MALFORMED;
        }
        if (streamOffset < 0 || pageOffset < 0 || length < 0 || pageOffset + length > PAGE) {
            stats.fragmentsMalformed++;
            memory.release(pfn);
            return Accept.MALFORMED;
        }
        if (state != State.OPEN) {
            memory.release(pfn);
            return Accept.CLOSED;
        }
        long s = streamOffset;
        int off = pageOffset;
        int len = length;
        final long start = config.fileStartOffset();
        if (s < start) {
            final int cut = (int) Math.min(len, start - s);
            stats.bytesSkipped += cut;
            s += cut;
            off += cut;
            len -= cut;
            if (len == 0) {
                memory.release(pfn);
                return Accept.SKIPPED;
            }
        }
        final long f = s - start;
        if (lengthBytes >= 0 && f + len > lengthBytes) {
            final int cut = (int) (f + len - Math.max(f, lengthBytes));
            stats.bytesBeyondEnd += cut;
            len -= cut;
            if (len == 0) {
                memory.release(pfn);
                return Accept.BEYOND_END;
            }
        }
        final int dup = (int) Math.max(0, Math.min(len, received.contiguousEnd() - f));
        if (dup == len) {
            stats.bytesDuplicate += dup;
            memory.release(pfn);
            return Accept.DUPLICATE;
        }
        stats.bytesDuplicate += dup;
        final boolean placed;
        if (received.overlapsBeyond(f + dup, f + len)) {
            placed = placePieces(f + dup, pfn, off + dup, len - dup);
        } else {
            placed = place(f + dup, pfn, off + dup, len - dup);
        }
        if (placed) {
            progress();
        }
        return state == State.FAILED ? Accept.FAILED : Accept.PLACED;
    }

    /** Places a range no byte of which was received before; takes the reference. */
    private boolean place(long f, int pfn, int off, int len) {
        final long index = f >>> SHIFT;
        if (candIndex != NONE) {
            final long candEnd = (candIndex << SHIFT) + candLength;
            if (index == candIndex && f == candEnd && pfn == candPfn && off == candLength) {
                candLength += len;
                candRefs++;
                received.add(f, f + len);
                if (candLength == PAGE || reachesEnd(f + len)) {
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
            if (len == PAGE || reachesEnd(f + len)) {
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
    private boolean placePieces(long f, int pfn, int off, int len) {
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

    private boolean reachesEnd(long fileOffset) {
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
            stats.bytesCopied += n;
            counters.bytesCopied(n);
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
            fail(outOfPages());
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
            fail(outOfPages());
            return false;
        }
        touch.copy(candPfn, 0, fresh, 0, candLength);
        stats.bytesCopied += candLength;
        counters.bytesCopied(candLength);
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
        stats.pagesFlipped++;
        counters.pageFlipped();
    }

    private void pageCopied() {
        stats.pagesCopied++;
        counters.pageCopied();
    }

    private void releaseRefs(int pfn, int count) {
        for (int i = 0; i < count; i++) {
            memory.release(pfn);
        }
    }

    private SinkError outOfPages() {
        return SinkError.of(SinkError.Kind.OUT_OF_PAGES, config.path(), config.path()
            + ": no free page in pool '" + pool.name() + "' to assemble a partial page (the sender overran the window"
            + " or the pool is smaller than the dirty limit)");
    }

    /**
     * The stream ended at {@code streamEndOffset} (a FIN): the file's length is now known if it was
     * not. With data missing the transfer fails as {@link SinkError.Kind#INCOMPLETE}.
     */
    public void finish(long streamEndOffset) {
        if (state != State.OPEN) {
            return;
        }
        final long len = Math.max(0, streamEndOffset - config.fileStartOffset());
        if (lengthBytes < 0) {
            if (received.highestEnd() > len) {
                fail(SinkError.of(SinkError.Kind.PROTOCOL, config.path(), config.path() + ": the stream ended at file offset "
                    + len + ", before data it had already sent up to " + received.highestEnd()));
                return;
            }
            lengthBytes = len;
        }
        if (received.contiguousEnd() < lengthBytes) {
            final List<ByteRange> missing = received.missing(lengthBytes);
            long missingBytes = 0;
            for (ByteRange r : missing) {
                missingBytes += r.lengthBytes();
            }
            fail(new SinkError(SinkError.Kind.INCOMPLETE, config.path() + ": the stream ended with " + missingBytes
                + " of " + lengthBytes + " bytes missing in " + missing.size() + " range(s), first " + missing.getFirst()
                + "; the file was not kept", config.path(), missing));
            return;
        }
        if (candIndex != NONE) {
            flipCandidate(); // it ends at the file's end, which is where the contiguous data ends
        }
        progress();
    }

    /**
     * The sender's SHA-256 when it is known only at the end (a file hashed as it was read): the
     * file is read back and compared before it is made final. Call it before {@link #finish}.
     */
    public void expectSha256(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + sha256.length);
        }
        this.expectedSha256 = sha256.clone();
    }

    /** Aborts the transfer (for example when its connection is reset). */
    public void abort(String reason) {
        fail(SinkError.of(SinkError.Kind.ABORTED, config.path(), config.path() + ": transfer aborted: " + reason));
    }

    private void progress() {
        if (state == State.OPEN && lengthBytes >= 0 && received.contiguousEnd() >= lengthBytes) {
            if (candIndex != NONE) {
                flipCandidate();
            }
            state = State.FINISHING;
        }
        if (nextWritePage < eligibleEndPage()) {
            writeback.kick(this);
        }
        maybeCommit();
    }

    /** Pages below this index are complete and may be written. */
    private long eligibleEndPage() {
        final long end = received.contiguousEnd();
        if (lengthBytes >= 0 && end >= lengthBytes) {
            return (lengthBytes + PAGE - 1) >>> SHIFT;
        }
        return end >>> SHIFT;
    }

    private void maybeCommit() {
        if (state != State.FINISHING || nextWritePage < eligibleEndPage() || cache.dirtyPages() > 0) {
            return;
        }
        try {
            final byte[] sha = part.commit(lengthBytes, expectedSha256, config.verifyReadBack());
            state = State.COMPLETED;
            counters.fileCompleted();
            result = new SinkResult.Completed(config.path(), lengthBytes, sha);
            onDone.accept(result);
        } catch (FileVerificationException e) {
            fail(SinkError.of(SinkError.Kind.VERIFY_FAILED, config.path(), e.getMessage()));
        } catch (IOException e) {
            fail(SinkError.io(config.path(), "making " + part.partPath() + " final", e));
        }
    }

    private void fail(SinkError error) {
        if (state == State.COMPLETED || state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        cache.releaseAll(memory);
        if (candIndex != NONE) {
            releaseRefs(candPfn, candRefs);
            candIndex = NONE;
        }
        received.clear();
        if (part != null) {
            part.discard();
        }
        counters.fileAborted();
        result = new SinkResult.Failed(error);
        onDone.accept(result);
    }

    @Override
    public FileChannel channel() {
        return part.channel();
    }

    @Override
    public boolean active() {
        return state == State.OPEN || state == State.FINISHING;
    }

    @Override
    public boolean nextBatch(WriteBatch batch) {
        final long end = eligibleEndPage();
        if (!active() || nextWritePage >= end) {
            return false;
        }
        batch.start(nextWritePage << SHIFT);
        while (nextWritePage < end && !batch.isFull()) {
            final int pfn = cache.takeForWriteback(nextWritePage);
            if (pfn == HostMemory.NO_PAGE) {
                throw new IllegalStateException(config.path() + ": complete page " + nextWritePage + " is not in the cache");
            }
            final long pageStart = nextWritePage << SHIFT;
            final long fileEnd = lengthBytes >= 0 ? lengthBytes : Long.MAX_VALUE;
            batch.add(pfn, (int) Math.min(PAGE, fileEnd - pageStart));
            nextWritePage++;
        }
        return true;
    }

    @Override
    public void written(WriteBatch batch, long nowNs) {
        cache.writebackDone(batch.count());
        stats.bytesWritten += batch.bytes();
        counters.bytesWritten(batch.bytes());
        if (windowListener != null && state == State.OPEN) {
            windowListener.accept(windowBytes());
        }
        maybeCommit();
    }

    @Override
    public void failed(WriteBatch batch, IOException error, long nowNs) {
        cache.writebackDone(batch.count());
        fail(SinkError.io(config.path(), "writing " + batch.bytes() + " bytes at file offset " + batch.fileOffset()
            + " of " + part.partPath(), error));
    }

    @Override
    public void dropped(WriteBatch batch, long nowNs) {
        cache.writebackDone(batch.count());
    }

    /** Bytes the sink can take now without passing its dirty limit; 0 once the transfer ended. */
    public long windowBytes() {
        if (state != State.OPEN) {
            return 0;
        }
        return cache.roomBytes(candIndex != NONE ? 1 : 0);
    }

    /** Hears the new window each time writeback frees pages (to send a window update). */
    public void onWindowChange(LongConsumer listener) {
        this.windowListener = listener;
    }

    /** The outcome, or null while the transfer runs. */
    public SinkResult result() {
        return result;
    }

    public boolean isDone() {
        return result != null;
    }

    /** File bytes received without a hole from offset 0. */
    public long contiguousBytes() {
        return received.contiguousEnd();
    }

    /** The file's length, or -1 while unknown. */
    public long lengthBytes() {
        return lengthBytes;
    }

    /** The holes so far (up to the furthest byte received, or the length when known). */
    public List<ByteRange> missingRanges() {
        return received.missing(lengthBytes >= 0 ? lengthBytes : received.highestEnd());
    }

    public PageCache cache() {
        return cache;
    }

    public SinkConfig config() {
        return config;
    }

    /** This file's own figures. */
    public SinkStats stats() {
        return stats;
    }
}
