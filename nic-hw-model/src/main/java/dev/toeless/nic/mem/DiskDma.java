package dev.toeless.nic.mem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The disk controller's access to host memory: page ranges written to or read from a real file.
 * It stands for a disk's DMA, so the bytes it moves are counted here, not in the host CPU's
 * {@link TouchLedger}. Page arguments are borrowed for the call.
 */
public final class DiskDma {
    private final HostMemory memory;
    private long bytesWritten;
    private long bytesRead;

    public DiskDma(HostMemory memory) {
        this.memory = memory;
    }

    /** Writes a page range to {@code channel} at {@code position}, all of it. */
    public void write(FileChannel channel, long position, int pfn, int offset, int length) throws IOException {
        checkRange(pfn, offset, length);
        final ByteBuffer src = memory.slice(pfn, offset, length);
        long pos = position;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
        bytesWritten += length;
    }

    /**
     * Writes several page ranges in one gathering write at the channel's current position.
     * {@code pfns}, {@code offsets} and {@code lengths} are parallel arrays of {@code count} ranges.
     */
    public void gather(FileChannel channel, int[] pfns, int[] offsets, int[] lengths, int count) throws IOException {
        final ByteBuffer[] srcs = new ByteBuffer[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            checkRange(pfns[i], offsets[i], lengths[i]);
            srcs[i] = memory.slice(pfns[i], offsets[i], lengths[i]);
            total += lengths[i];
        }
        long done = 0;
        while (done < total) {
            done += channel.write(srcs);
        }
        bytesWritten += total;
    }

    /**
     * Reads up to {@code length} bytes from {@code channel} at {@code position} into a page range.
     * Returns the bytes read, which is less than {@code length} only at end of file (-1 at EOF).
     */
    public int read(FileChannel channel, long position, int pfn, int offset, int length) throws IOException {
        checkRange(pfn, offset, length);
        final ByteBuffer dst = memory.slice(pfn, offset, length);
        long pos = position;
        while (dst.hasRemaining()) {
            final int n = channel.read(dst, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        final int got = length - dst.remaining();
        bytesRead += got;
        return got == 0 && length > 0 ? -1 : got;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public long bytesRead() {
        return bytesRead;
    }

    private void checkRange(int pfn, int offset, int length) {
        if (!memory.isPage(pfn) || offset < 0 || length < 0 || offset + length > HostMemory.PAGE_SIZE) {
            throw new IndexOutOfBoundsException("page range outside one page: pfn " + pfn + " offset " + offset
                + " length " + length);
        }
    }
}
