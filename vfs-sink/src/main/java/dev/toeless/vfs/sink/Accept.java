package dev.toeless.vfs.sink;

/** What {@link FileSink#accept} did with a fragment. The fragment's reference is taken in every case. */
public enum Accept {
    /** Placed in the page cache (flipped, held for a flip, or copied). */
    PLACED,
    /** Wholly before the file's start (a protocol header): released unread. */
    SKIPPED,
    /** Wholly received before: released. */
    DUPLICATE,
    /** Wholly past the file's end: released. */
    BEYOND_END,
    /** Not a valid page range: dropped and counted. */
    MALFORMED,
    /** The transfer has ended (completed or failed): released. */
    CLOSED,
    /** Placing it failed and aborted the transfer (see the sink's result). */
    FAILED
}
