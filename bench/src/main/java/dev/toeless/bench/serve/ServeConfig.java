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
 */
public record ServeConfig(DriverMode mode, Path root, int address, int prefixLength, int port, double linkGbit,
                          long seed) {
}
