/**
 * Descriptor rings between driver and NIC: fixed layouts as flyweights (RX header buffer, RX
 * page, RX completion, TX, TX completion), the producer/consumer ring with doorbells, the RX page
 * ring the driver fills, and the interrupt coalescing policy.
 */
package dev.toeless.nic.ring;
