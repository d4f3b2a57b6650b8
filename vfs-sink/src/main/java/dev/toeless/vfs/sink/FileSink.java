package dev.toeless.vfs.sink;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.vfs.cache.PageCache;
import dev.toeless.vfs.stats.VfsCounters;
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
 *
 * <p>The sink is its file's lifecycle (the part file, finish, commit, failure) and the trimming
 * of each fragment to the new bytes of the file; where those bytes go in the cache is its
 * {@link FragmentPlacement}, and the writeback of complete pages and the window its
 * {@link DirtyPages}.
 */
public final class FileSink {
    private static final int PAGE = HostMemory.PAGE_SIZE;

    private enum State { OPEN, FINISHING, COMPLETED, FAILED }

    private final SinkConfig config;
    private final HostMemory memory;
    private final PagePool pool;
    private final Writeback writeback;
    private final VfsCounters counters;
    private final Consumer<SinkResult> onDone;
    private final PageCache cache;
    private final ReceivedRanges received = new ReceivedRanges();
    private final SinkStats stats;
    private final FragmentPlacement placement;
    private final DirtyPages dirty;
    private PartFile part;
    private State state = State.OPEN;
    private SinkResult result;
    private long lengthBytes;
    private byte[] expectedSha256;

    /**
     * Creates {@code NAME.PID.N.part} and starts receiving. If the file cannot be created the sink is
     * failed at once (and {@code onDone} hears it before this returns).
     */
    public FileSink(SinkConfig config, CpuTouch touch, PagePool pool, Writeback writeback, VfsCounters counters,
                    Consumer<SinkResult> onDone) {
        this.config = config;
        this.memory = touch.memory();
        this.pool = pool;
        this.writeback = writeback;
        this.counters = counters;
        this.onDone = onDone;
        this.cache = new PageCache(config.path().toString(), config.dirtyLimitPages());
        this.stats = new SinkStats(counters);
        this.placement = new FragmentPlacement(touch, pool, cache, received, stats, () -> fail(outOfPages()));
        this.dirty = new DirtyPages(this, cache, received, stats);
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
            placed = placement.placePieces(f + dup, pfn, off + dup, len - dup);
        } else {
            placed = placement.place(f + dup, pfn, off + dup, len - dup, lengthBytes);
        }
        if (placed) {
            progress();
        }
        return state == State.FAILED ? Accept.FAILED : Accept.PLACED;
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
        placement.flipHeld(); // it ends at the file's end, which is where the contiguous data ends
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
            placement.flipHeld();
            state = State.FINISHING;
        }
        if (dirty.pending()) {
            writeback.kick(dirty);
        }
        maybeCommit();
    }

    private void maybeCommit() {
        if (state != State.FINISHING || !dirty.allWritten()) {
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
        placement.releaseHeld();
        received.clear();
        if (part != null) {
            part.discard();
        }
        counters.fileAborted();
        result = new SinkResult.Failed(error);
        onDone.accept(result);
    }

    /** A write of the part file completed (its read-back hash follows the writes). */
    void written(long fileOffset, long lengthBytes) {
        if (part != null) {
            part.written(fileOffset, lengthBytes);
        }
    }

    /** The part file being written (for the writeback disk). */
    FileChannel partChannel() {
        return part.channel();
    }

    /** Whether the transfer still takes data or writes it. */
    boolean active() {
        return state == State.OPEN || state == State.FINISHING;
    }

    /** Whether the transfer still takes data. */
    boolean open() {
        return state == State.OPEN;
    }

    boolean holdsCandidate() {
        return placement.holdsCandidate();
    }

    /** A batch of pages reached the disk: the transfer may now be complete. */
    void pagesWritten() {
        maybeCommit();
    }

    /** A batch of pages could not be written: the transfer fails. */
    void writeFailed(WriteBatch batch, IOException error) {
        fail(SinkError.io(config.path(), "writing " + batch.bytes() + " bytes at file offset " + batch.fileOffset()
            + " of " + part.partPath(), error));
    }

    /** Bytes the sink can take now without passing its dirty limit; 0 once the transfer ended. */
    public long windowBytes() {
        return dirty.windowBytes(open());
    }

    /** Hears the new window each time writeback frees pages (to send a window update). */
    public void onWindowChange(LongConsumer listener) {
        dirty.onWindowChange(listener);
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
