/**
 * Netfilter-like packet filtering for the host stack's IP layer: three hook chains (PREROUTING,
 * INPUT, OUTPUT) of ordered rules matching family, addresses with prefixes, protocol, port
 * ranges, TCP flags, a virtual-time rate and a seeded probability, with ACCEPT / DROP / REJECT
 * targets, per-rule counters and chain policies. Rules are written in a subset of iptables'
 * syntax, documented in {@link dev.toeless.stack.filter.RuleParser}, and can be changed while
 * traffic flows. The IP layer fills a {@link dev.toeless.stack.filter.FilterPacket} from any
 * parser and calls {@link dev.toeless.stack.filter.PacketFilter#evaluate}; on a REJECT verdict it
 * sends the TCP RST or ICMP error itself.
 */
package dev.toeless.stack.filter;
