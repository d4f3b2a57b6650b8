package dev.toeless.vfs.sink;

import java.nio.file.Path;
import java.util.HexFormat;

/** How a file transfer ended: the file is in place, or it was aborted and nothing is left. */
public sealed interface SinkResult {
    /**
     * The file is complete, fsynced, verified and renamed to its final name.
     *
     * @param sha256 the SHA-256 read back from disk, or null when read-back was off
     */
    record Completed(Path path, long lengthBytes, byte[] sha256) implements SinkResult {
        public String sha256Hex() {
            return sha256 == null ? "" : HexFormat.of().formatHex(sha256);
        }
    }

    /** The transfer was aborted; see {@link SinkError}. */
    record Failed(SinkError error) implements SinkResult {
    }
}
