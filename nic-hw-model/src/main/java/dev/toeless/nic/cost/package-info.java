/**
 * The cost model in virtual time: what a placement's CPUs and its PCI Express link spend on each
 * operation, charged the same way for the host, the NIC and (later) a TOE card. A
 * {@link dev.toeless.nic.cost.CostProfile} names every parameter with its unit and its source (or
 * the word {@code estimate}); a {@link dev.toeless.nic.cost.CpuModel} keeps each core's busy-until
 * time; a {@link dev.toeless.nic.cost.PciLink} carries and counts the device's DMA, descriptors,
 * completions, interrupts and doorbells. The model code calls two narrow seams,
 * {@link dev.toeless.nic.cost.CostMeter} (host CPU work) and {@link dev.toeless.nic.cost.DeviceBus}
 * (a device's bus traffic), whose default implementations charge nothing.
 *
 * <p>Everything here is deterministic: no wall clock, no randomness; time is picoseconds in a
 * {@code long}, so charges add up exactly.
 */
package dev.toeless.nic.cost;
