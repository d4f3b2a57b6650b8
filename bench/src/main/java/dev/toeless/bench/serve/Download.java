package dev.toeless.bench.serve;

import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.vfs.source.FileSource;
import dev.toeless.vfs.source.FragmentConsumer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * One file on its way out: a {@link FileSource} reads it into pages by disk DMA and the pages go to
 * the connection's {@link Outbox} by reference, so the NIC segments them (TSO in {@code stateless})
 * and no host CPU touches a byte in a mode with transmit checksum offload.
 */
final class Download implements FragmentConsumer {
    private final FileSource source;
    private String sha256;
    private Outbox target;

    Download(ServeContext ctx, Path path) throws IOException {
        final HostMemory memory = ctx.host().memory();
        this.source = FileSource.open(path, memory, new DiskDma(memory), ctx.filePool());
    }

    long lengthBytes() {
        return source.lengthBytes();
    }

    /** The SHA-256 of the bytes the disk read and sent: known once the file has all been read. */
    String sha256() {
        if (sha256 == null) {
            sha256 = HexFormat.of().formatHex(source.sha256());
        }
        return sha256;
    }

    boolean exhausted() {
        return source.exhausted();
    }

    /** Reads the next page into {@code outbox}; false when the file pool has no page free just now. */
    boolean pumpInto(Outbox outbox) throws IOException {
        target = outbox;
        return source.pump(this, 1) == 1;
    }

    @Override
    public void accept(long streamOffset, int pfn, int pageOffset, int lengthBytes) {
        target.queuePage(pfn, pageOffset, lengthBytes);
    }

    void close() {
        try {
            source.close();
        } catch (IOException e) {
            // a read-only file: nothing is lost when its close fails
        }
    }
}
