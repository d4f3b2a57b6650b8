/**
 * Garzik's card (issue 13): a card that is a Linux node of its own, reached from the host over
 * PCI by IP packets without Ethernet, with a 64 KiB MTU and checksums marked unnecessary both
 * ways. {@link dev.toeless.stack.netdev.PciIpDevice} is one end of that link, a net device that
 * receives a packet across as many pages as it needs.
 */
package dev.toeless.stack.cardnode;
