package dev.toeless.vfs.writeback;

import dev.toeless.vfs.disk.DiskFaults;
import dev.toeless.vfs.disk.GeneratedContent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A file being received: written as {@code NAME.part} and renamed to {@code NAME} only once it is
 * complete, durable ({@code fsync}) and verified; otherwise deleted. A half-written file is never
 * left under the final name.
 *
 * <p>Verification reads the written file back from disk into a heap buffer and hashes it. That is
 * the disk's read after the transfer, outside page memory, not the host CPU touching received
 * payload, so it is not counted in the touch ledger; it is not modeled in virtual time either.
 */
public final class PartFile implements AutoCloseable {
    private final Path finalPath;
    private final Path partPath;
    private final FileChannel channel;
    private boolean closed;

    private PartFile(Path finalPath, Path partPath, FileChannel channel) {
        this.finalPath = finalPath;
        this.partPath = partPath;
        this.channel = channel;
    }

    /** Creates (or truncates) {@code NAME.part} next to {@code finalPath}, with faults injected. */
    public static PartFile create(Path finalPath, DiskFaults faults) throws IOException {
        final Path part = partPathOf(finalPath);
        final Path parent = part.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        final FileChannel channel = faults.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new PartFile(finalPath, part, channel);
    }

    public static Path partPathOf(Path finalPath) {
        return finalPath.resolveSibling(finalPath.getFileName() + ".part");
    }

    public Path finalPath() {
        return finalPath;
    }

    public Path partPath() {
        return partPath;
    }

    public FileChannel channel() {
        return channel;
    }

    /**
     * Makes the file final: fsync, check its size, read it back for its SHA-256 (when
     * {@code readBack} or an expected hash asks for it) and compare, then rename it over
     * {@code NAME}. Returns the SHA-256, or null when not read back. On any failure the caller
     * must {@link #discard()}.
     */
    public byte[] commit(long lengthBytes, byte[] expectedSha256, boolean readBack) throws IOException {
        channel.force(true);
        final long size = channel.size();
        if (size != lengthBytes) {
            throw new FileVerificationException(partPath + " has " + size + " bytes on disk, expected " + lengthBytes);
        }
        byte[] sha = null;
        if (readBack || expectedSha256 != null) {
            sha = readBackSha256();
            if (expectedSha256 != null && !Arrays.equals(sha, expectedSha256)) {
                throw new FileVerificationException(partPath + " reads back with SHA-256 " + HexFormat.of().formatHex(sha)
                    + ", the sender's is " + HexFormat.of().formatHex(expectedSha256));
            }
        }
        close();
        try {
            Files.move(partPath, finalPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partPath, finalPath, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
        return sha;
    }

    private byte[] readBackSha256() throws IOException {
        final MessageDigest digest = GeneratedContent.sha256Digest();
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long at = 0;
        int n;
        while ((n = channel.read(buffer.clear(), at)) > 0) {
            digest.update(buffer.flip());
            at += n;
        }
        return digest.digest();
    }

    /** Makes the rename durable; best effort, since not every platform can open a directory. */
    private void syncDirectory() {
        final Path dir = finalPath.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // the file itself is durable; only the directory entry's durability is left to the OS
        }
    }

    /** Closes and deletes the part file. Never throws: it runs on the error path. */
    public void discard() {
        close();
        try {
            Files.deleteIfExists(partPath);
        } catch (IOException e) {
            // nothing better to do on the error path: the .part name says it is not a finished file
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // a close failure after fsync loses nothing
        }
    }
}
