package dev.toeless.vfs.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;

/**
 * A file read once, front to back, by a disk that hashes what it reads: the SHA-256 it gives at
 * the end is of the bytes as they were read, so a file that changes between a first look and the
 * send cannot be vouched for by a hash of another version. Reads must be sequential (a positional
 * read must start where the last one ended); that also lets a file of unknown size, a
 * {@code /proc} file or a pipe, be read to its end. Like {@link GeneratedChannel} it stands for
 * the disk controller, so the bytes it sees are disk DMA, never a host CPU touch.
 */
public final class DigestingChannel extends DiskReadChannel {
    private final FileChannel file;
    private final MessageDigest digest = GeneratedContent.sha256Digest();
    private long position;
    private boolean endOfFile;
    private byte[] sha256;

    public DigestingChannel(FileChannel file) {
        this.file = file;
    }

    /** The bytes read so far. */
    public long bytesRead() {
        return position;
    }

    /** Whether a read has met the end of the file. */
    public boolean endOfFile() {
        return endOfFile;
    }

    /** The SHA-256 of every byte read; ends the digest, so call it once the reading is done. */
    public byte[] sha256() {
        if (sha256 == null) {
            sha256 = digest.digest();
        }
        return sha256.clone();
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at != position) {
            throw new IOException("a hashing read must be sequential: asked for byte " + at + " after " + position);
        }
        return read(dst);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (sha256 != null) {
            throw new IllegalStateException("the digest is already finished");
        }
        final int start = dst.position();
        final int n = file.read(dst);
        if (n < 0) {
            endOfFile = true;
            return n;
        }
        digest.update(dst.duplicate().position(start).limit(start + n));
        position += n;
        return n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        if (newPosition != position) {
            throw new IOException("a hashing read cannot seek (at " + position + ", asked for " + newPosition + ")");
        }
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        throw new IOException("a hashing read hands bytes out only through read");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) throws IOException {
        throw new IOException("a hashing read cannot map the file: it would see bytes without hashing them");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) throws IOException {
        return file.lock(at, size, shared);
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) throws IOException {
        return file.tryLock(at, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
