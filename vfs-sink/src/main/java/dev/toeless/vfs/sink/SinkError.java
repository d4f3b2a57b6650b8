package dev.toeless.vfs.sink;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;

/**
 * Why a file transfer was aborted, in words a user can act on. When a sink fails, its
 * {@code .part} file is gone, nothing is left under the final name, and every page is back in its
 * pool; the connection carrying the file should be reset.
 *
 * @param kind    the class of failure
 * @param message what happened, naming the file
 * @param path    the file that was being received
 * @param missing for {@link Kind#INCOMPLETE}: the file ranges never received; else empty
 */
public record SinkError(Kind kind, String message, Path path, List<ByteRange> missing) {
    public enum Kind {
        /** The disk is full. */
        DISK_FULL,
        /** Any other I/O failure (create, write, fsync, rename). */
        IO_ERROR,
        /** The file on disk did not read back as sent. */
        VERIFY_FAILED,
        /** The stream ended with data missing. */
        INCOMPLETE,
        /** No page could be had to assemble a partial page. */
        OUT_OF_PAGES,
        /** The stream's owner aborted the transfer (for example a connection reset). */
        ABORTED,
        /** The stream contradicted itself (for example it ended before data it had sent). */
        PROTOCOL
    }

    public SinkError {
        missing = List.copyOf(missing);
    }

    static SinkError of(Kind kind, Path path, String message) {
        return new SinkError(kind, message, path, List.of());
    }

    /** An I/O failure while {@code doing}, classed as a full disk when the OS says so. */
    static SinkError io(Path path, String doing, IOException e) {
        final String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        final boolean full = reason.contains("No space left on device") || reason.contains("Disk quota exceeded");
        final String what = e instanceof FileSystemException ? reason : doing + ": " + reason;
        return of(full ? Kind.DISK_FULL : Kind.IO_ERROR, path, path + ": " + what);
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
