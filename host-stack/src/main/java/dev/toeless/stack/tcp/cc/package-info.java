/**
 * Congestion control behind one interface, chosen per connection by name: {@link
 * dev.toeless.stack.tcp.cc.NewReno} (RFC 5681, RFC 3465, RFC 6582) and {@link
 * dev.toeless.stack.tcp.cc.Cubic} (RFC 9438), created by {@link
 * dev.toeless.stack.tcp.cc.CongestionControls}. During fast recovery the window is ssthresh (what
 * the RFC 6675 pipe is compared with); RFC 6582's temporary inflation for senders without SACK is
 * kept by the sender, which sees the duplicate ACKs.
 */
package dev.toeless.stack.tcp.cc;
