package dev.toeless.bench.jmh;

import net.openhft.chronicle.bytes.MappedBytes;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A capture file read through a read-only Chronicle Bytes {@link MappedBytes} mapping, as the
 * stream {@code PcapReader} reads: each read copies straight from the page cache's pages into the
 * caller's array, no read system call and no second buffer. The mapping is made in 64 MiB chunks
 * that overlap by 1 MiB, so a capture of any size (a JDK mapping holds at most 2 GiB) is read the
 * same way. {@link CaptureReadBenchmark} measures it against the buffered file stream {@code replay}
 * uses; it did not win there (see the README), so only the benchmark uses it.
 */
final class MappedCaptureInput extends InputStream {
    private static final long CHUNK = 64L << 20;
    private static final long OVERLAP = 1L << 20;

    private final long chunk;
    private final MappedBytes bytes;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final long size;
    private long position;
    private boolean closed;

    private MappedCaptureInput(MappedBytes bytes, long chunk, long size) {
        this.bytes = bytes;
        this.chunk = chunk;
        this.size = size;
    }

    /** Maps {@code path} for reading. */
    static MappedCaptureInput open(Path path) throws IOException {
        return open(path, CHUNK);
    }

    /** Maps {@code path} in chunks of {@code chunkBytes} (a multiple of the page size). */
    static MappedCaptureInput open(Path path, long chunkBytes) throws IOException {
        final long size = Files.size(path);
        return new MappedCaptureInput(MappedBytes.mappedBytes(path.toFile(), chunkBytes, Math.min(OVERLAP, chunkBytes),
            true), chunkBytes, size);
    }

    @Override
    public int read() throws IOException {
        if (position >= size) {
            return -1;
        }
        view.wrap(bytes.addressForRead(position++), 1);
        return view.getByte(0) & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        // at most to the end of the chunk the position is in: its mapping holds that much
        final int n = (int) Math.min(Math.min(length, size - position), chunk - position % chunk);
        view.wrap(bytes.addressForRead(position), n);
        view.getBytes(0, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        final long skipped = Math.max(0, Math.min(n, size - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bytes.releaseLast();
        }
    }
}
