package dev.toeless.vfs.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel over a real one that fails as its {@link DiskFaults} say: writes past the byte
 * budget write what fits, then throw an {@link IOException} with the message the kernel would give.
 * Reads pass through. Owns the channel it wraps.
 */
final class FaultInjectingChannel extends FileChannel {
    private final FileChannel delegate;
    private final DiskFaults faults;
    private long written;

    FaultInjectingChannel(FileChannel delegate, DiskFaults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    /** Shrinks {@code src}'s limit to what the budget allows; returns the limit to restore. */
    private int clamp(ByteBuffer src) throws IOException {
        final int limit = src.limit();
        if (faults.failAfterBytes() < 0) {
            return limit;
        }
        final long budget = faults.failAfterBytes() - written;
        if (budget <= 0) {
            throw new IOException(faults.kind().message());
        }
        if (src.remaining() > budget) {
            src.limit(src.position() + (int) budget);
        }
        return limit;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        final int limit = clamp(src);
        try {
            final int n = delegate.write(src);
            written += n;
            return n;
        } finally {
            src.limit(limit);
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        final int limit = clamp(src);
        try {
            final int n = delegate.write(src, position);
            written += n;
            return n;
        } finally {
            src.limit(limit);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (srcs[i].hasRemaining()) {
                if (total > 0 && faults.failAfterBytes() >= 0 && written >= faults.failAfterBytes()) {
                    return total; // a short write; the next call fails
                }
                total += write(srcs[i]);
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.failForce()) {
            throw new IOException(faults.kind().message());
        }
        delegate.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            if (src.read(buffer) <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                done += write(buffer, position + done);
            }
        }
        return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new IOException("a faulty disk is written through write calls only, not mappings");
        }
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
