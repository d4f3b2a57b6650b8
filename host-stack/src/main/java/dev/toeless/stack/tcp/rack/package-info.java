/**
 * RACK (RFC 8985): loss detection by time. {@link dev.toeless.stack.tcp.rack.SentSegments} holds
 * when each outstanding range was last sent and whether it is SACKed, lost or retransmitted;
 * {@link dev.toeless.stack.tcp.rack.Rack} holds the most recently sent delivered segment, the RTT
 * it measured and the reordering window, and judges each older segment.
 */
package dev.toeless.stack.tcp.rack;
