package dev.toeless.nic.mem;

import java.nio.ByteBuffer;

/**
 * Rule fixture: what a careless change to {@code dev.toeless.nic.mem} could add, a public method
 * handing out a byte view of a page. The zero-touch rule must catch host code that calls it.
 */
public final class LeakyView {
    private LeakyView() {
    }

    public static ByteBuffer pageBytes(HostMemory memory, int pfn) {
        return memory.slice(pfn, 0, HostMemory.PAGE_SIZE);
    }
}
