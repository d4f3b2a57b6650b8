/**
 * Socket memory accounting: a global limit with Linux's tcp_mem thresholds and memory-pressure
 * hysteresis, per-socket receive and send buffers, and the answers TCP needs from it (how much
 * window to offer, whether to keep out-of-order data, when a writer may go on). See
 * {@link dev.toeless.stack.sockmem.SocketMemory}.
 */
package dev.toeless.stack.sockmem;
