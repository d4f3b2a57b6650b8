package dev.toeless.bench.serve;

import dev.toeless.stack.tcp.FragmentConsumer;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.sink.SinkResult;

import java.nio.file.Path;

/**
 * One request body on its way into a file: a {@link FileSink} writing the file's part file,
 * renamed to {@code NAME} only once the whole body is on disk and read back. The server runs at most
 * one upload per name at a time ({@link #tryStart}), so no two requests ever share a part file.
 * Fragments from the socket go to the sink by reference at their file offsets: whole aligned pages
 * are flipped, anything else is copied and counted.
 *
 * <p>Ownership: {@link #accept} takes the fragment's reference (the sink takes it in every case).
 */
final class Upload implements FragmentConsumer {
    private final FileSink sink;
    private final Path path;
    private SinkResult result;
    private long fileOffset;

    private Upload(ServeContext ctx, Path path, long lengthBytes) {
        this.path = path;
        SinkConfig config = SinkConfig.of(path).withDirtyLimitPages(ctx.dirtyLimitPages());
        if (lengthBytes >= 0) {
            config = config.withLength(lengthBytes);
        }
        this.sink = new FileSink(config, ctx.host().cpu(), ctx.sinkPool(), ctx.writeback(), ctx.vfs(), r -> {
            result = r;
            ctx.uploading().remove(path);
        });
    }

    /**
     * Starts receiving into {@code path}, or returns null when another upload of the same name is in
     * progress.
     *
     * @param lengthBytes the body's length, or -1 when it is chunked
     */
    static Upload tryStart(ServeContext ctx, Path path, long lengthBytes) {
        if (!ctx.uploading().add(path)) {
            return null;
        }
        return new Upload(ctx, path, lengthBytes);
    }

    @Override
    public void accept(int pfn, int offset, int lengthBytes) {
        sink.accept(fileOffset, pfn, offset, lengthBytes);
        fileOffset += lengthBytes;
    }

    /** Body bytes taken so far (the next byte's file offset). */
    long fileOffset() {
        return fileOffset;
    }

    /** What the sink can take now; 0 while the disk is behind. */
    long windowBytes() {
        return sink.windowBytes();
    }

    /** The body is complete: the sink writes, verifies and renames. */
    void finish() {
        sink.finish(fileOffset);
    }

    /** Gives up: the part file is deleted and every page returns to its pool. */
    void abort(String reason) {
        if (result == null) {
            sink.abort(reason);
        }
    }

    /** The sink's outcome, or null while it is still writing. */
    SinkResult result() {
        return result;
    }

    boolean failed() {
        return result instanceof SinkResult.Failed;
    }

    Path path() {
        return path;
    }

    long pagesFlipped() {
        return sink.stats().pagesFlipped();
    }

    long pagesCopied() {
        return sink.stats().pagesCopied();
    }
}
