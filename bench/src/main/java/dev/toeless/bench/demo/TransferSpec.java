package dev.toeless.bench.demo;

import dev.toeless.stack.driver.DriverMode;
import dev.toeless.vfs.disk.DiskFaults;

import java.nio.file.Path;

/**
 * One file transfer to run: host A sends a file to host B over one simulated link, both hosts
 * with the modeled NIC in {@code mode}.
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
 */
public record TransferSpec(DriverMode mode, long sizeBytes, Path sourceFile, Path outDir, long linkBitsPerSecond,
                           int mtuBytes, double lossRate, long seed, Path pcap, long diskBytesPerSecond,
                           DiskFaults diskFaults) {
    /** A disk fast enough not to be the bottleneck at 10 Gbit/s. */
    public static final long FAST_DISK_BYTES_PER_SECOND = 4_000_000_000L;

    public TransferSpec(DriverMode mode, long sizeBytes, Path sourceFile, Path outDir, long linkBitsPerSecond,
                        int mtuBytes, double lossRate, long seed, Path pcap) {
        this(mode, sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap,
            FAST_DISK_BYTES_PER_SECOND, DiskFaults.NONE);
    }

    public TransferSpec withDisk(long bytesPerSecond, DiskFaults faults) {
        return new TransferSpec(mode, sizeBytes, sourceFile, outDir, linkBitsPerSecond, mtuBytes, lossRate, seed, pcap,
            bytesPerSecond, faults);
    }
}
