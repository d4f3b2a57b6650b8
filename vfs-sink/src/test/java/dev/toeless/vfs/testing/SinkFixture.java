package dev.toeless.vfs.testing;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.vfs.disk.GeneratedContent;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.sink.SinkResult;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.PartFile;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pieces a sink test needs: host memory with an RX pool (pages the "NIC" fills by DMA) and a
 * copy pool (the sink's), a ledger, a scheduler and a disk. Fields, so PageLeakCheck sees the memory.
 */
public class SinkFixture {
    protected final HostMemory memory;
    protected final TouchLedger ledger = new TouchLedger();
    protected final CpuTouch touch;
    protected final DmaEngine nic;
    protected final DiskDma disk;
    protected final PagePool rxPool;
    protected final PagePool copyPool;
    protected final EventScheduler scheduler = new EventScheduler();
    protected final VfsCounters counters = new VfsCounters();
    protected final List<SinkResult> results = new ArrayList<>();
    protected Writeback writeback;

    protected SinkFixture() {
        this(4096);
    }

    protected SinkFixture(int pages) {
        memory = new HostMemory(pages);
        touch = new CpuTouch(memory, ledger);
        nic = new DmaEngine(memory);
        disk = new DiskDma(memory);
        rxPool = new PagePool(memory, "rx", pages / 2);
        copyPool = new PagePool(memory, "copy", pages / 4);
        writeback = new Writeback(scheduler, memory, disk, WritebackConfig.unlimited());
    }

    protected FileSink sink(SinkConfig config) {
        return new FileSink(config, touch, copyPool, writeback, counters, results::add);
    }

    /** An RX page holding {@code content[from, from+len)} at {@code pageOffset}, as the NIC writes it. */
    protected int rxPage(byte[] content, int from, int pageOffset, int len) {
        final int pfn = rxPool.allocate();
        if (pfn == HostMemory.NO_PAGE) {
            throw new IllegalStateException("test RX pool exhausted");
        }
        dmaInto(pfn, content, from, pageOffset, len);
        return pfn;
    }

    /** The NIC writes more of {@code content} into a page it already handed out. */
    protected void dmaInto(int pfn, byte[] content, int from, int pageOffset, int len) {
        if (len > 0 && !nic.toHost(new UnsafeBuffer(content), from, len, HostMemory.address(pfn, pageOffset))) {
            throw new IllegalStateException("DMA refused");
        }
    }

    protected static byte[] randomBytes(long seed, int n) {
        final byte[] out = new byte[n];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    protected static byte[] sha256(byte[] bytes) {
        return GeneratedContent.sha256Digest().digest(bytes);
    }

    protected static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    protected static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The part files of {@code name} in {@code dir} ({@code NAME.PID.N.part}). */
    protected static List<Path> partFiles(Path dir, String name) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> PartFile.isPartOf(f, dir.resolve(name))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected void drain() {
        scheduler.runAll(Long.MAX_VALUE);
    }
}
