/**
 * The hardware of a TCP offload card, as the host sees it across PCI: the command and completion
 * descriptors the host and the card exchange (in the shape of Chelsio's CPL messages and Microsoft
 * TCP Chimney's offload calls), and the card's connection table with its fixed number of slots.
 * The card's firmware (the TCP engine that runs there) lives in host-stack; this package holds
 * only what a card's silicon and memory fix: layouts, slots, limits; and the engines that move a
 * card's bytes without any CPU: the card's DMA to host memory ({@link dev.toeless.nic.card.CardDma}),
 * its wire MAC ({@link dev.toeless.nic.card.CardMac}), and the DMA of the IP-over-PCI link to a card
 * node ({@link dev.toeless.nic.card.PciIpDma}).
 */
package dev.toeless.nic.card;
