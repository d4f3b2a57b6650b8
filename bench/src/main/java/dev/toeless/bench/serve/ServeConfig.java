package dev.toeless.bench.serve;

import dev.toeless.stack.driver.DriverMode;

import java.nio.file.Path;

/**
 * What {@code toeless serve} runs.
 *
 * @param mode         the modeled NIC's mode
 * @param root         the folder served and written to
 * @param address      our stack's IPv4 address
 * @param prefixLength the on-link prefix shared with the Linux side
 * @param port         the TCP port listened on
 * @param linkGbit     the modeled wire's rate between our NIC and the TAP
 * @param seed         the host's random seed (initial sequence numbers and the like)
 * @param idleTimeoutNs a connection waiting this long for a request, or for more of one, is closed
 *                     (with 408 Request Timeout when a request had begun)
 */
public record ServeConfig(DriverMode mode, Path root, int address, int prefixLength, int port, double linkGbit,
                          long seed, long idleTimeoutNs) {
    /** A minute, as a browser's idle keep-alive connection may well last. */
    public static final long DEFAULT_IDLE_TIMEOUT_NS = 60_000_000_000L;
}
