/** Proportional Rate Reduction (RFC 6937): how much a sender may send on each ACK during recovery. */
package dev.toeless.stack.tcp.prr;
