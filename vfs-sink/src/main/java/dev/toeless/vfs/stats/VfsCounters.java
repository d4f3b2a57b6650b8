package dev.toeless.vfs.stats;

/**
 * What the file side did, named as in reports: pages flipped into the page cache (a reference
 * moved, no copy), pages assembled by host CPU copies, the bytes those copies moved, the bytes the
 * disk wrote, and files completed or aborted. One instance may be shared by many sinks.
 */
public final class VfsCounters {
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

    /** The figures at one moment, under their report names. */
    public Snapshot snapshot() {
        return new Snapshot(pagesFlipped, pagesCopied, bytesCopied, bytesWritten, filesCompleted, filesAborted);
    }

    /** The counters at one moment. */
    public record Snapshot(long pagesFlipped, long pagesCopied, long bytesCopied, long bytesWritten,
                           long filesCompleted, long filesAborted) {
        @Override
        public String toString() {
            return "pages_flipped=" + pagesFlipped + " pages_copied=" + pagesCopied + " bytes_copied=" + bytesCopied
                + " bytes_written=" + bytesWritten + " files_completed=" + filesCompleted
                + " files_aborted=" + filesAborted;
        }
    }
}
