/**
 * The host's driver for the modeled NIC: ring fill from page pools, a budgeted NAPI-like poll
 * that turns completions into {@link dev.toeless.stack.driver.RxPacket} views for a
 * {@link dev.toeless.stack.driver.PacketReceiver}, software checksum and GRO where the mode asks,
 * alignment hints, and the transmit side ({@link dev.toeless.stack.driver.DriverTx}: TSO, driver
 * segmentation with checksum offload, or software GSO). The driver moves page references and
 * header bytes; it never copies payload. {@link dev.toeless.stack.driver.DriverMode} names the
 * compared configurations.
 */
package dev.toeless.stack.driver;
