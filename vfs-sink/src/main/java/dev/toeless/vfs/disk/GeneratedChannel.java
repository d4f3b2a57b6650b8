package dev.toeless.vfs.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.WritableByteChannel;

/**
 * A read-only "disk" whose file content is {@link GeneratedContent}: reading it through
 * {@link dev.toeless.nic.mem.DiskDma#read} is the disk controller producing data into page
 * memory, counted as disk DMA and never in the host CPU's ledger, exactly as a real file read.
 * It lets a transfer of any size run without a real file.
 */
public final class GeneratedChannel extends DiskReadChannel {
    private final GeneratedContent content;
    private final long sizeBytes;
    private long position;

    public GeneratedChannel(GeneratedContent content, long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative: " + sizeBytes);
        }
        this.content = content;
        this.sizeBytes = sizeBytes;
    }

    public GeneratedContent content() {
        return content;
    }

    @Override
    public int read(ByteBuffer dst, long at) {
        if (at >= sizeBytes) {
            return dst.hasRemaining() ? -1 : 0;
        }
        final int n = (int) Math.min(dst.remaining(), sizeBytes - at);
        final int limit = dst.limit();
        dst.limit(dst.position() + n);
        content.fill(dst, at);
        dst.limit(limit);
        return n;
    }

    @Override
    public int read(ByteBuffer dst) {
        final int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return sizeBytes;
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(count, 0), 1 << 16));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            final int n = read(buffer, at + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) throws IOException {
        throw new IOException("generated content has no file to map; read it instead");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) throws IOException {
        throw new IOException("generated content has no file to lock");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) throws IOException {
        throw new IOException("generated content has no file to lock");
    }

    @Override
    protected void implCloseChannel() {
        // no resource behind it
    }
}
