/**
 * Our stack against real peers: {@link dev.toeless.bench.peers.KernelTiming} times a bulk transfer
 * between our stack and the Linux kernel's TCP over a TAP device, each way, through a lossy modeled
 * link, in wall time; {@code toeless peers timing} prints the medians and the ratio.
 */
package dev.toeless.bench.peers;
