package dev.toeless.vfs.stats;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;

/**
 * What the file side did, named as in reports: pages flipped into the page cache (a reference
 * moved, no copy), pages assembled by host CPU copies, the bytes those copies moved, the bytes the
 * disk wrote, and files completed or aborted. One instance may be shared by many sinks.
 */
public final class VfsCounters implements CounterSet {
    private long pagesFlipped;
    private long pagesCopied;
    private long bytesCopied;
    private long bytesWritten;
    private long filesCompleted;
    private long filesAborted;

    public void pageFlipped() {
        pagesFlipped++;
    }

    public void pageCopied() {
        pagesCopied++;
    }

    public void bytesCopied(long bytes) {
        bytesCopied += bytes;
    }

    public void bytesWritten(long bytes) {
        bytesWritten += bytes;
    }

    public void fileCompleted() {
        filesCompleted++;
    }

    public void fileAborted() {
        filesAborted++;
    }

    public long pagesFlipped() {
        return pagesFlipped;
    }

    public long pagesCopied() {
        return pagesCopied;
    }

    public long bytesCopied() {
        return bytesCopied;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public long filesCompleted() {
        return filesCompleted;
    }

    public long filesAborted() {
        return filesAborted;
    }

    /** The counters under their report names. */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("pages_flipped", pagesFlipped);
        visitor.counter("pages_copied", pagesCopied);
        visitor.counter("bytes_copied", bytesCopied);
        visitor.counter("bytes_written", bytesWritten);
        visitor.counter("files_completed", filesCompleted);
        visitor.counter("files_aborted", filesAborted);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
