/**
 * The SYN-flood scenario: spoofed SYNs at a multiple of the rate of legitimate clients against a
 * listening server, in virtual time from one seed. The server under attack is a
 * {@link dev.toeless.bench.sim.flood.FloodedServer} attachment (the host stack, or a TOE card).
 */
package dev.toeless.bench.sim.flood;
