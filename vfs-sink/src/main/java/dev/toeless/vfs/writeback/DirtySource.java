package dev.toeless.vfs.writeback;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A file with dirty pages for the {@link Writeback} disk to write (a file sink). The disk asks it
 * for batches, writes them to its channel, releases the batch's pages and reports the outcome.
 */
public interface DirtySource {
    /** The channel the pages go to. */
    FileChannel channel();

    /** False once the file was aborted: an in-flight batch is then dropped, not written. */
    boolean active();

    /**
     * Moves the next run of complete dirty pages into {@code batch} (started and empty): the
     * page references move to the batch. Returns false when nothing is ready.
     */
    boolean nextBatch(WriteBatch batch);

    /** The batch is on disk (its pages are already released; offsets and counts stay readable). */
    void written(WriteBatch batch, long nowNs);

    /** The disk failed the batch (its pages are already released). */
    void failed(WriteBatch batch, IOException error, long nowNs);

    /** The batch was dropped because the source went inactive while it was in flight. */
    void dropped(WriteBatch batch, long nowNs);
}
