package dev.toeless.vfs.writeback;

import dev.toeless.vfs.disk.DiskFaults;
import dev.toeless.vfs.disk.GeneratedContent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file being received: written as {@code NAME.PID.N.part} and renamed to {@code NAME} only once
 * it is complete, durable ({@code fsync}) and verified; otherwise deleted. A half-written file is
 * never left under the final name. The part name is this process's own (its id, and a number
 * created exclusively), so two runs receiving the same name into one folder never share a part
 * file. Part files not yet committed or discarded are listed, so that a process being stopped
 * (Ctrl-C) can delete them on its way out ({@link #discardAllOpen()}, from a shutdown hook).
 *
 * <p>Verification reads the written file back from disk into a heap buffer and hashes it, behind
 * the writes on a thread of its own ({@link ReadBackHasher}; the whole file after the last write
 * when the writes did not come in file order). That is
 * the disk's read after the transfer, outside page memory, not the host CPU touching received
 * payload, so it is not counted in the touch ledger; it is not modeled in virtual time either.
 */
public final class PartFile implements AutoCloseable {
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong NEXT = new AtomicLong();
    private static final Set<PartFile> OPEN = ConcurrentHashMap.newKeySet();

    private final Path finalPath;
    private final Path partPath;
    private final FileChannel channel;
    private final ReadBackHasher hasher;
    private boolean hashedBehindWrites;
    private boolean closed;

    private PartFile(Path finalPath, Path partPath, FileChannel channel) {
        this.finalPath = finalPath;
        this.partPath = partPath;
        this.channel = channel;
        this.hasher = new ReadBackHasher(channel);
    }

    /** Whether the commit's hash was read back behind the writes (false: the file was read whole after them). */
    boolean hashedBehindWrites() {
        return hashedBehindWrites;
    }

    /**
     * A write of {@code lengthBytes} at {@code fileOffset} completed: the file is read back and
     * hashed behind the writes, on another thread, for {@link #commit}'s verification.
     */
    public void written(long fileOffset, long lengthBytes) {
        hasher.written(fileOffset, lengthBytes);
    }

    /** Creates a new {@code NAME.PID.N.part} next to {@code finalPath}, with faults injected. */
    public static PartFile create(Path finalPath, DiskFaults faults) throws IOException {
        final Path parent = finalPath.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent); // (on an existing folder it fails mkdir, then checks)
        }
        while (true) {
            final Path part = finalPath.resolveSibling(finalPath.getFileName() + "." + PID + "." + NEXT.getAndIncrement()
                + ".part");
            try {
                final FileChannel channel = faults.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                final PartFile file = new PartFile(finalPath, part, channel);
                OPEN.add(file);
                return file;
            } catch (FileAlreadyExistsException e) {
                // left by an earlier process with the same id: never reuse it, take the next number
            }
        }
    }

    /** Whether {@code file} is named as a part file of {@code finalPath} ({@code NAME.PID.N.part}). */
    public static boolean isPartOf(Path file, Path finalPath) {
        final String name = file.getFileName().toString();
        return name.startsWith(finalPath.getFileName() + ".") && name.endsWith(".part");
    }

    /**
     * Deletes every part file of this process not yet committed or discarded: for a shutdown hook,
     * when the process is stopped in the middle of receiving. Never throws.
     */
    public static void discardAllOpen() {
        for (PartFile f : OPEN) {
            f.discard();
        }
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
            sha = hasher.sha256(lengthBytes); // read back behind the writes; null when it could not be
            hashedBehindWrites = sha != null;
            if (sha == null) {
                sha = readBackSha256();
            }
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
        OPEN.remove(this);
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
        OPEN.remove(this);
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
        hasher.stop();
        try {
            channel.close();
        } catch (IOException e) {
            // a close failure after fsync loses nothing
        }
    }
}
