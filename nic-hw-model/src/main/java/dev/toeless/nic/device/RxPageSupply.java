package dev.toeless.nic.device;

import dev.toeless.nic.mem.HostMemory;

/**
 * Where a payload placement gets empty pages: the pages the driver posted to a receive queue's
 * RX page ring, or a {@code PagePool} ({@code pool::allocate}) where there is no ring. Each page
 * handed out comes with one reference for the caller (on the ring: the one the driver gave the
 * NIC when it posted it); {@link HostMemory#NO_PAGE} means none is available (a counted drop, not
 * an error).
 */
@FunctionalInterface
public interface RxPageSupply {
    /** One page with one reference for the caller, or {@link HostMemory#NO_PAGE}. */
    int takePage();
}
