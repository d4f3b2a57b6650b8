package dev.toeless.accum;

import dev.toeless.nic.mem.HostMemory;

/**
 * Where the accumulator gets fresh pages: a {@code PagePool} ({@code pool::allocate}) or the
 * pages the driver posted to the RX page ring. Each page handed out comes with one reference
 * for the caller; {@link HostMemory#NO_PAGE} means none is available, which is a counted drop,
 * not an error.
 */
@FunctionalInterface
public interface PageSource {
    /** One page with one reference for the caller, or {@link HostMemory#NO_PAGE}. */
    int takePage();
}
