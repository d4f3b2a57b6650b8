package dev.toeless.vfs.writeback;

import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The disk: writes dirty page runs of its files to real files straight from page memory, one
 * write at a time, taking the virtual time {@link WritebackConfig} says (so a slow disk can be
 * modeled), round-robin between files with work. The bytes move by {@link DiskDma}, the disk
 * controller's access, so they are never host CPU touches.
 *
 * <p>How: a batch of up to {@code maxPagesPerIo} consecutive pages is written with one gathering
 * {@link FileChannel} write at the batch's file position, then its pages are released. This was
 * chosen over Chronicle Bytes {@code MappedBytes} after {@code WritebackBenchmark} (bench module):
 * writing into a mapping means the host CPU copies every payload byte from the page into the
 * mapping (it has to go through {@code CpuTouch} and would count one copy per byte, ruining the
 * zero-touch receive this models), and the gathering write from page memory was also the faster:
 * 64 MiB made durable in 63-120 ms against 182-343 ms for the mapped copy plus msync, and 152-224 ms
 * for one positional write per page (noisy shared machine; details in the benchmark's Javadoc). A real kernel
 * would DMA these pages with O_DIRECT; FileChannel from the same memory is the closest honest
 * stand-in, and it never lets the model's host CPU touch the bytes.
 *
 * <p>The real write happens when the modeled write completes, so pages stay dirty (holding back
 * the receive window) for as long as the modeled disk is busy with them. Single-threaded; all work
 * runs on the {@link EventScheduler}.
 */
public final class Writeback {
    private final EventScheduler scheduler;
    private final HostMemory memory;
    private final DiskDma dma;
    private final WritebackConfig config;
    private final WriteBatch batch;
    private final ArrayDeque<DirtySource> queue = new ArrayDeque<>();
    private final Set<DirtySource> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Runnable completion = this::complete;
    private DirtySource current;
    private long writes;
    private long bytesWritten;
    private long failures;
    private long busyNs;

    public Writeback(EventScheduler scheduler, HostMemory memory, DiskDma dma, WritebackConfig config) {
        this.scheduler = scheduler;
        this.memory = memory;
        this.dma = dma;
        this.config = config;
        this.batch = new WriteBatch(config.maxPagesPerIo());
    }

    public WritebackConfig config() {
        return config;
    }

    public DiskDma dma() {
        return dma;
    }

    /** Tells the disk that {@code source} may have pages ready; starts a write if the disk is idle. */
    public void kick(DirtySource source) {
        if (source != current && queued.add(source)) {
            queue.add(source);
        }
        if (current == null) {
            startNext();
        }
    }

    /** True while a write is in flight. */
    public boolean busy() {
        return current != null;
    }

    private void startNext() {
        while (current == null && !queue.isEmpty()) {
            final DirtySource source = queue.poll();
            queued.remove(source);
            if (!source.active()) {
                continue;
            }
            if (source.nextBatch(batch)) {
                current = source;
                final long durationNs = config.durationNs(batch.bytes());
                busyNs += durationNs;
                scheduler.after(durationNs, completion);
            }
        }
    }

    private void complete() {
        final DirtySource source = current;
        final long nowNs = scheduler.nowNs();
        if (!source.active()) {
            batch.releaseAll(memory);
            current = null;
            source.dropped(batch, nowNs);
            startNext();
            return;
        }
        IOException error = null;
        try {
            write(source.channel());
        } catch (IOException e) {
            error = e;
        }
        batch.releaseAll(memory);
        current = null;
        if (error == null) {
            writes++;
            bytesWritten += batch.bytes();
            source.written(batch, nowNs);
            if (source.active()) {
                kick(source);
            }
        } else {
            failures++;
            source.failed(batch, error, nowNs);
        }
        startNext();
    }

    private void write(FileChannel channel) throws IOException {
        channel.position(batch.fileOffset());
        dma.gather(channel, batch.pfns(), batch.offsets(), batch.lengths(), batch.count());
    }

    /** Writes completed. */
    public long writes() {
        return writes;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public long failures() {
        return failures;
    }

    /** Virtual time the disk spent writing. */
    public long busyNs() {
        return busyNs;
    }
}
