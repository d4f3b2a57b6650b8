package dev.toeless.vfs.source;

import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.vfs.disk.DigestingChannel;
import dev.toeless.vfs.disk.GeneratedChannel;
import dev.toeless.vfs.disk.GeneratedContent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * The send side's file: reads a file into pages of a {@link PagePool} by {@link DiskDma} (the disk
 * controller's DMA, never a host CPU touch) and hands them out as whole-page fragments, one
 * reference each, for a zero-copy page send (TSO from page references).
 *
 * <p>Two kinds: a real file ({@link #open}), or {@link #generated} content, where "the disk"
 * produces deterministic pseudo-random bytes from a seed ({@link GeneratedChannel}, read through
 * the same disk DMA), so a transfer of any size needs no real file and its SHA-256 is known ahead.
 * A real file is read once, front to back, by a disk that hashes what it reads
 * ({@link DigestingChannel}): its SHA-256 is of the bytes as sent, known once the source is
 * exhausted. A regular file's length is its size when opened (a file that shrinks while sending is
 * an error); anything else, and a file of size 0 ({@code /proc} files, pipes), is read to its end,
 * its length unknown until then.
 *
 * <p>Fragment {@code i} covers file bytes {@code [4096 i, 4096 i + 4096)} (the last may be short),
 * at page offset 0, with stream offset {@code streamBase + 4096 i}.
 */
public final class FileSource implements AutoCloseable {
    private static final long UNKNOWN = -1;

    private final FileChannel channel;
    private final HostMemory memory;
    private final DiskDma dma;
    private final PagePool pool;
    private final Path path;
    private final GeneratedContent generated;
    private final DigestingChannel digesting;
    private long lengthBytes;
    private long streamBase;
    private long position;
    private long pageAllocFailures;
    private byte[] sha256;
    private final CompletableFuture<byte[]> generatedSha256;

    private FileSource(FileChannel channel, HostMemory memory, DiskDma dma, PagePool pool, long lengthBytes, Path path,
                       GeneratedContent generated) {
        this.channel = channel;
        this.memory = memory;
        this.dma = dma;
        this.pool = pool;
        this.lengthBytes = lengthBytes;
        this.path = path;
        this.generated = generated;
        this.digesting = channel instanceof DigestingChannel d ? d : null;
        // generated content's hash is known from the seed: computed beside the transfer, not before it
        this.generatedSha256 = generated == null ? null : generated.sha256InBackground(lengthBytes);
    }

    /**
     * A real file, read into pages from {@code pool}: a regular file up to its size now, anything
     * else readable to its end.
     */
    public static FileSource open(Path file, HostMemory memory, DiskDma dma, PagePool pool) throws IOException {
        final boolean regular = Files.isRegularFile(file);
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        final long length;
        try {
            final long size = regular ? channel.size() : 0;
            length = size > 0 ? size : UNKNOWN; // a /proc file says size 0 and has bytes
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new FileSource(new DigestingChannel(channel), memory, dma, pool, length, file, null);
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

    /** The file's length: known ahead for generated content and regular files, else -1 until exhausted. */
    public long lengthBytes() {
        return lengthBytes;
    }

    /** File bytes handed out so far. */
    public long position() {
        return position;
    }

    public boolean exhausted() {
        return lengthBytes != UNKNOWN && position >= lengthBytes;
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
        while (pages < maxPages && !exhausted()) {
            final int pfn = pool.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                pageAllocFailures++;
                break;
            }
            final int want = lengthBytes == UNKNOWN ? HostMemory.PAGE_SIZE
                : (int) Math.min(HostMemory.PAGE_SIZE, lengthBytes - position);
            final int got;
            try {
                got = dma.read(channel, position, pfn, 0, want);
            } catch (IOException e) {
                memory.release(pfn);
                throw e;
            }
            if (lengthBytes == UNKNOWN && got < want) {
                lengthBytes = position + Math.max(got, 0); // the end of a file of unknown size
                if (got <= 0) {
                    memory.release(pfn);
                    break;
                }
            } else if (got != want) {
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
     * Whether {@link #sha256()} is known before sending (generated content, hashed on its own
     * thread from the start: the call waits for it) or only once exhausted.
     */
    public boolean sha256KnownAhead() {
        return generated != null;
    }

    /**
     * The SHA-256 of the whole file: for generated content computed from the seed, known ahead; for
     * a real file, of the bytes the disk read and handed out, known once the source is exhausted.
     */
    public byte[] sha256() {
        if (sha256 == null) {
            if (generated != null) {
                sha256 = generatedSha256.isCancelled() ? generated.sha256(lengthBytes) : generatedSha256.join();
            } else if (!exhausted()) {
                throw new IllegalStateException(path + ": the SHA-256 of a real file is known once it has all been read");
            } else {
                sha256 = digesting.sha256();
            }
        }
        return sha256.clone();
    }

    @Override
    public void close() throws IOException {
        if (generatedSha256 != null) {
            generatedSha256.cancel(false); // a hash nobody asked for: its thread stops
        }
        channel.close();
    }
}
