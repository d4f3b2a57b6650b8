/**
 * Neighbour resolution for both families (ARP for IPv4, neighbour discovery for IPv6) as a
 * sans-I/O state machine after RFC 4861 and Linux: entries with states and virtual-time timers,
 * a bounded queue of packets per unresolved neighbour, and callbacks that tell the caller when to
 * solicit and which packets to send or drop. See {@link dev.toeless.stack.neigh.NeighbourTable}.
 */
package dev.toeless.stack.neigh;
