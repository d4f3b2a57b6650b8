package dev.toeless.vfs.source;

import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.vfs.disk.GeneratedChannel;
import dev.toeless.vfs.disk.GeneratedContent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * The send side's file: reads a file into pages of a {@link PagePool} by {@link DiskDma} (the disk
 * controller's DMA, never a host CPU touch) and hands them out as whole-page fragments, one
 * reference each, for a zero-copy page send (TSO from page references).
 *
 * <p>Two kinds: a real file ({@link #open}), or {@link #generated} content, where "the disk"
 * produces deterministic pseudo-random bytes from a seed ({@link GeneratedChannel}, read through
 * the same disk DMA), so a transfer of any size needs no real file and its SHA-256 is known ahead.
 *
 * <p>Fragment {@code i} covers file bytes {@code [4096 i, 4096 i + 4096)} (the last may be short),
 * at page offset 0, with stream offset {@code streamBase + 4096 i}.
 */
public final class FileSource implements AutoCloseable {
    private final FileChannel channel;
    private final HostMemory memory;
    private final DiskDma dma;
    private final PagePool pool;
    private final long lengthBytes;
    private final Path path;
    private final GeneratedContent generated;
    private long streamBase;
    private long position;
    private long pageAllocFailures;
    private byte[] sha256;

    private FileSource(FileChannel channel, HostMemory memory, DiskDma dma, PagePool pool, long lengthBytes, Path path,
                       GeneratedContent generated) {
        this.channel = channel;
        this.memory = memory;
        this.dma = dma;
        this.pool = pool;
        this.lengthBytes = lengthBytes;
        this.path = path;
        this.generated = generated;
    }

    /** A real file, read into pages from {@code pool}. */
    public static FileSource open(Path file, HostMemory memory, DiskDma dma, PagePool pool) throws IOException {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new FileSource(channel, memory, dma, pool, channel.size(), file, null);
    }

    /** {@code lengthBytes} of content generated from {@code seed}, read into pages from {@code pool}. */
    public static FileSource generated(long seed, long lengthBytes, HostMemory memory, DiskDma dma, PagePool pool) {
        final GeneratedContent content = new GeneratedContent(seed);
        return new FileSource(new GeneratedChannel(content, lengthBytes), memory, dma, pool, lengthBytes, null, content);
    }

    /** Numbers the fragments from {@code streamOffset} (for a stream with a header before the file). */
    public FileSource streamBase(long streamOffset) {
        this.streamBase = streamOffset;
        return this;
    }

    public long lengthBytes() {
        return lengthBytes;
    }

    /** File bytes handed out so far. */
    public long position() {
        return position;
    }

    public boolean exhausted() {
        return position >= lengthBytes;
    }

    /** Times the pool had no page (the send side is then limited by its pages in flight). */
    public long pageAllocFailures() {
        return pageAllocFailures;
    }

    /**
     * Reads up to {@code maxPages} pages and hands each to {@code out}. Stops early at the end of
     * the file or when the pool is empty (call again once pages come back). Returns the pages
     * handed out.
     */
    public int pump(FragmentConsumer out, int maxPages) throws IOException {
        int pages = 0;
        while (pages < maxPages && position < lengthBytes) {
            final int pfn = pool.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                pageAllocFailures++;
                break;
            }
            final int want = (int) Math.min(HostMemory.PAGE_SIZE, lengthBytes - position);
            final int got;
            try {
                got = dma.read(channel, position, pfn, 0, want);
            } catch (IOException e) {
                memory.release(pfn);
                throw e;
            }
            if (got != want) {
                memory.release(pfn);
                throw new IOException((path == null ? "generated content" : path.toString()) + " ended at byte "
                    + (position + Math.max(got, 0)) + ", expected " + lengthBytes + " (the file shrank while sending)");
            }
            final long at = position;
            position += got;
            pages++;
            out.accept(streamBase + at, pfn, 0, got);
        }
        return pages;
    }

    /**
     * The SHA-256 of the whole file, known before sending: for generated content computed from the
     * seed, for a real file by the disk reading it (into a heap buffer, not page memory).
     */
    public byte[] sha256() throws IOException {
        if (sha256 == null) {
            sha256 = generated != null ? generated.sha256(lengthBytes) : readSha256();
        }
        return sha256.clone();
    }

    private byte[] readSha256() throws IOException {
        final MessageDigest digest = GeneratedContent.sha256Digest();
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long at = 0;
        while (at < lengthBytes) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), lengthBytes - at));
            final int n = channel.read(buffer, at);
            if (n <= 0) {
                throw new IOException(path + " ended at byte " + at + ", expected " + lengthBytes);
            }
            digest.update(buffer.flip());
            at += n;
        }
        return digest.digest();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
