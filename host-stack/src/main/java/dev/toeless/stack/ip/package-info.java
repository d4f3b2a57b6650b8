/**
 * IPv4 and IPv6 for one host: {@link dev.toeless.stack.ip.IpLayer} (input validation, filter
 * hooks, routing, path MTU, neighbour resolution, qdisc, counted drops) and
 * {@link dev.toeless.stack.ip.ControlPlane} (ARP, neighbour discovery, ICMP and ICMPv6 echo and
 * errors, RST and unreachable answers).
 */
package dev.toeless.stack.ip;
