package dev.toeless.vfs.sink;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;
import dev.toeless.vfs.stats.VfsCounters;

/**
 * One file sink's own figures: pages flipped and copied, bytes copied by the host CPU and written
 * by the disk, and the bytes and fragments it did not place, by reason. The first four are also
 * added to the {@link VfsCounters} the sink shares with others, here and only here, so the sink's
 * parts record each event once.
 */
public final class SinkStats implements CounterSet {
    private final VfsCounters shared;
    long pagesFlipped;
    long pagesCopied;
    long bytesCopied;
    long bytesWritten;
    long bytesSkipped;
    long bytesDuplicate;
    long bytesBeyondEnd;
    long fragmentsMalformed;

    SinkStats(VfsCounters shared) {
        this.shared = shared;
    }

    void pageFlipped() {
        pagesFlipped++;
        shared.pageFlipped();
    }

    void pageCopied() {
        pagesCopied++;
        shared.pageCopied();
    }

    void bytesCopied(long bytes) {
        bytesCopied += bytes;
        shared.bytesCopied(bytes);
    }

    void bytesWritten(long bytes) {
        bytesWritten += bytes;
        shared.bytesWritten(bytes);
    }

    public long pagesFlipped() {
        return pagesFlipped;
    }

    /** Cache pages assembled (at least in part) by host CPU copies. */
    public long pagesCopied() {
        return pagesCopied;
    }

    public long bytesCopied() {
        return bytesCopied;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Header bytes before the file's start, released unread. */
    public long bytesSkipped() {
        return bytesSkipped;
    }

    /** Bytes received twice; the first copy was kept. */
    public long bytesDuplicate() {
        return bytesDuplicate;
    }

    /** Bytes past the file's known end, released. */
    public long bytesBeyondEnd() {
        return bytesBeyondEnd;
    }

    /** Fragments that were not a valid page range. */
    public long fragmentsMalformed() {
        return fragmentsMalformed;
    }

    /** The figures under their report names. */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("pages_flipped", pagesFlipped);
        visitor.counter("pages_copied", pagesCopied);
        visitor.counter("bytes_copied", bytesCopied);
        visitor.counter("bytes_written", bytesWritten);
        visitor.counter("bytes_skipped", bytesSkipped);
        visitor.counter("bytes_duplicate", bytesDuplicate);
        visitor.counter("bytes_beyond_end", bytesBeyondEnd);
        visitor.counter("fragments_malformed", fragmentsMalformed);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
