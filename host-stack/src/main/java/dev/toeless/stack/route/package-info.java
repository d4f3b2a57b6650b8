/**
 * Routing for the host: a small longest-prefix-match table for IPv4 and IPv6 with on-link and
 * gateway routes and per-route MTUs, and a per-destination path-MTU cache fed by ICMP "fragmentation
 * needed" and ICMPv6 "packet too big" (RFC 1191, RFC 8201), expiring in virtual time.
 */
package dev.toeless.stack.route;
