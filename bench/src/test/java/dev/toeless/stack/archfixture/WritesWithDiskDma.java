package dev.toeless.stack.archfixture;

import dev.toeless.nic.mem.DiskDma;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** Rule fixture: the TCP stack driving the disk controller, which only the file sink may do. */
public final class WritesWithDiskDma {
    private WritesWithDiskDma() {
    }

    public static void write(DiskDma dma, FileChannel channel, int pfn) throws IOException {
        dma.write(channel, 0, pfn, 0, 4096);
    }
}
