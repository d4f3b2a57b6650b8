package dev.toeless.bench.demo;

import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.disk.DiskFaults;

import java.nio.file.Path;

/**
 * One file transfer to run: host A sends a file to host B over one simulated link, both hosts
 * with the modeled NIC in {@code mode} (or both with a TOE card in {@code toe}).
 *
 * @param sizeBytes       bytes of generated content (ignored when {@code sourceFile} is given)
 * @param sourceFile      a real file to send, or null for generated content
 * @param outDir          where B writes the file (a subfolder per mode)
 * @param linkBitsPerSecond the link's rate
 * @param mtuBytes        the link MTU
 * @param lossRate        frame loss probability on the link, both directions (as many frames are reordered)
 * @param seed            the simulation's one random seed
 * @param pcap            capture of the wire, or null
 * @param diskBytesPerSecond host B's disk bandwidth (writeback), in virtual time
 * @param diskFaults      failures host B's disk will have
 * @param cost            the cost model host B is charged with
 * @param windowBytes     both hosts' TCP send and receive buffers, 0 for the hosts' default (256 KiB)
 * @param dirtyLimitPages the most dirty pages host B's file may hold (its page cache's dirty limit),
 *                        0 for {@link SinkConfig#DEFAULT_DIRTY_LIMIT_PAGES} (64 MiB)
 */
public record TransferSpec(DemoMode mode, long sizeBytes, Path sourceFile, Path outDir, long linkBitsPerSecond,
                           int mtuBytes, double lossRate, long seed, Path pcap, long diskBytesPerSecond,
                           DiskFaults diskFaults, CostSetup cost, int windowBytes,
                           int dirtyLimitPages) {
    /** A disk fast enough not to be the bottleneck at 10 Gbit/s. */
    public static final long FAST_DISK_BYTES_PER_SECOND = 4_000_000_000L;

    /** A disk that is not the bottleneck: at least {@link #FAST_DISK_BYTES_PER_SECOND}, twice the link's rate. */
    public static long fastDiskFor(long linkBitsPerSecond) {
        return Math.max(FAST_DISK_BYTES_PER_SECOND, linkBitsPerSecond / 4);
    }

    public TransferSpec(DriverMode mode, long sizeBytes, Path sourceFile, Path outDir, long linkBitsPerSecond,
                        int mtuBytes, double lossRate, long seed, Path pcap) {
        this(DemoMode.of(mode), sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap);
    }

    public TransferSpec(DemoMode mode, long sizeBytes, Path sourceFile, Path outDir, long linkBitsPerSecond,
                        int mtuBytes, double lossRate, long seed, Path pcap) {
        this(mode, sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap,
            fastDiskFor(linkBitsPerSecond), DiskFaults.NONE, CostSetup.defaults(), 0, 0);
    }

    public TransferSpec withDisk(long bytesPerSecond, DiskFaults faults) {
        return new TransferSpec(mode, sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap,
            bytesPerSecond, faults, cost, windowBytes, dirtyLimitPages);
    }

    public TransferSpec withCost(CostSetup setup) {
        return new TransferSpec(mode, sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap,
            diskBytesPerSecond, diskFaults, setup, windowBytes, dirtyLimitPages);
    }

    public TransferSpec withWindow(int bytes) {
        return new TransferSpec(mode, sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap,
            diskBytesPerSecond, diskFaults, cost, bytes, dirtyLimitPages);
    }

    /** Host B's page cache dirty limit in pages, 0 for the default (64 MiB). */
    public TransferSpec withDirtyLimitPages(int pages) {
        return new TransferSpec(mode, sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap,
            diskBytesPerSecond, diskFaults, cost, windowBytes, pages);
    }

    /** Host B's page cache dirty limit in pages. */
    public int sinkDirtyLimitPages() {
        return dirtyLimitPages > 0 ? dirtyLimitPages : SinkConfig.DEFAULT_DIRTY_LIMIT_PAGES;
    }

    /**
     * Pages of host B's file page cache: the dirty limit, and as many clean pages again that stay
     * cached after writeback (see {@link dev.toeless.nic.mem.PagePool#coldFirst}), so that a copy into
     * the cache lands in a page last touched one dirty limit ago, not in the page just written back.
     */
    public int sinkPoolPages() {
        return sinkDirtyLimitPages() + 64;
    }

    /**
     * Host B as the receiver of this transfer: its memory grows by the page cache's pool and by
     * the dirty limit again for its receive pool, since pages flipped into the page cache stay out
     * of the receive pool until they are written back (as Linux refills its rings from all of
     * memory, not from a pool the page cache drains).
     */
    public HostConfig receiver(HostConfig host) {
        final int dirty = sinkDirtyLimitPages();
        return host.withMemory(host.memoryPages() + sinkPoolPages() + dirty, host.rxPoolPages() + dirty,
            host.sendPoolPages());
    }
}
