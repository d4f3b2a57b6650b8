/**
 * Demultiplexing of received segments: the connection table by 4-tuple and the listener table by
 * local address and port, IPv4 and IPv6, allocation-free on lookup.
 */
package dev.toeless.stack.demux;
