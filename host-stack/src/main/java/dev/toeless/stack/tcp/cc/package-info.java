/**
 * Congestion control behind one interface, chosen per connection by name: {@link
 * dev.toeless.stack.tcp.cc.NewReno} (RFC 5681, RFC 3465, RFC 6582) and {@link
 * dev.toeless.stack.tcp.cc.Cubic} (RFC 9438), created by {@link
 * dev.toeless.stack.tcp.cc.CongestionControls}. During fast recovery a duplicate ACK is reported as
 * {@code onRecoveryAck(now, 0, inFlight)}.
 */
package dev.toeless.stack.tcp.cc;
