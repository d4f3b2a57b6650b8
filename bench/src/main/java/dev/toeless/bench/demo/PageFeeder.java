package dev.toeless.bench.demo;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.vfs.source.FileSource;

import java.io.IOException;

/**
 * A file's pages into a socket by reference, sendfile-style, as fast as the socket takes them: one
 * page is held back while the socket is full, and the source's pool refills as pages are
 * acknowledged. Ownership: a page taken from the source is the socket's once {@code send} takes it;
 * the page held back is the feeder's until then ({@link #abandon} gives it back).
 */
public final class PageFeeder {
    private final FileSource source;
    private final StreamSocket socket;
    private final HostMemory memory;
    private int pendingPfn = -1;
    private int pendingOffset;
    private int pendingLength;

    public PageFeeder(FileSource source, StreamSocket socket, HostMemory memory) {
        this.source = source;
        this.socket = socket;
        this.memory = memory;
    }

    /**
     * Sends pages until the socket or the source's pool is full; true when the whole file is sent
     * (the caller then shuts its side of the connection down).
     */
    public boolean feed() throws IOException {
        while (true) {
            if (pendingPfn < 0) {
                if (source.exhausted()) {
                    return true;
                }
                if (source.pump((off, pfn, pageOffset, len) -> {
                    pendingPfn = pfn;
                    pendingOffset = pageOffset;
                    pendingLength = len;
                }, 1) == 0) {
                    return false; // pool empty: pages come back as they are acknowledged
                }
            }
            if (!socket.send(pendingPfn, pendingOffset, pendingLength)) {
                return false;
            }
            pendingPfn = -1;
        }
    }

    /** The transfer is over: gives back the page not yet sent. */
    public void abandon() {
        if (pendingPfn >= 0) {
            memory.release(pendingPfn);
            pendingPfn = -1;
        }
    }
}
