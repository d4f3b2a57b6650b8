package dev.toeless.nic.device;

import dev.toeless.nic.mem.HostMemory;

/**
 * Where a receive queue's payload placement gets empty pages: the pages the driver posted to the
 * RX page ring. Each page handed out comes with the one reference the driver gave the NIC when it
 * posted it; {@link HostMemory#NO_PAGE} means the ring is empty (a counted drop, not an error).
 */
@FunctionalInterface
public interface RxPageSupply {
    /** One page with one reference for the caller, or {@link HostMemory#NO_PAGE}. */
    int takePage();
}
