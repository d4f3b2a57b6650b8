package dev.toeless.vfs.sink;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.vfs.cache.PageCache;
import dev.toeless.vfs.writeback.DirtySource;
import dev.toeless.vfs.writeback.WriteBatch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;

/**
 * The writeback half of a {@link FileSink}: hands the {@code Writeback} disk the file's complete
 * pages in order (only the contiguous prefix, never data after a hole), hears how each batch
 * ended, and keeps the sink's receive window, which shrinks as dirty pages pile up behind a slow
 * disk and grows as writeback frees them.
 */
final class DirtyPages implements DirtySource {
    private static final int PAGE = HostMemory.PAGE_SIZE;
    private static final int SHIFT = HostMemory.PAGE_SHIFT;

    private final FileSink sink;
    private final PageCache cache;
    private final ReceivedRanges received;
    private final SinkStats stats;
    private long nextWritePage;
    private LongConsumer windowListener;

    DirtyPages(FileSink sink, PageCache cache, ReceivedRanges received, SinkStats stats) {
        this.sink = sink;
        this.cache = cache;
        this.received = received;
        this.stats = stats;
    }

    /** Pages below this index are complete and may be written. */
    private long eligibleEndPage() {
        final long end = received.contiguousEnd();
        final long lengthBytes = sink.lengthBytes();
        if (lengthBytes >= 0 && end >= lengthBytes) {
            return (lengthBytes + PAGE - 1) >>> SHIFT;
        }
        return end >>> SHIFT;
    }

    /** Whether complete pages wait to be handed to the disk. */
    boolean pending() {
        return nextWritePage < eligibleEndPage();
    }

    /** Whether every complete page has been written and none is dirty. */
    boolean allWritten() {
        return !pending() && cache.dirtyPages() == 0;
    }

    @Override
    public FileChannel channel() {
        return sink.partChannel();
    }

    @Override
    public boolean active() {
        return sink.active();
    }

    @Override
    public boolean nextBatch(WriteBatch batch) {
        final long end = eligibleEndPage();
        if (!active() || nextWritePage >= end) {
            return false;
        }
        batch.start(nextWritePage << SHIFT);
        final long lengthBytes = sink.lengthBytes();
        while (nextWritePage < end && !batch.isFull()) {
            final int pfn = cache.takeForWriteback(nextWritePage);
            if (pfn == HostMemory.NO_PAGE) {
                throw new IllegalStateException(sink.config().path() + ": complete page " + nextWritePage
                    + " is not in the cache");
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
        sink.written(batch.fileOffset(), batch.bytes());
        cache.writebackDone(batch.count());
        stats.bytesWritten(batch.bytes());
        if (windowListener != null && sink.open()) {
            windowListener.accept(windowBytes(true));
        }
        sink.pagesWritten();
    }

    @Override
    public void failed(WriteBatch batch, IOException error, long nowNs) {
        cache.writebackDone(batch.count());
        sink.writeFailed(batch, error);
    }

    @Override
    public void dropped(WriteBatch batch, long nowNs) {
        cache.writebackDone(batch.count());
    }

    /** Bytes the sink can take now without passing its dirty limit; 0 once the transfer ended. */
    long windowBytes(boolean open) {
        if (!open) {
            return 0;
        }
        return cache.roomBytes(sink.holdsCandidate() ? 1 : 0);
    }

    void onWindowChange(LongConsumer listener) {
        this.windowListener = listener;
    }
}
