/**
 * The host's driver for the modeled NIC, which is also the IP layer's network device
 * ({@link dev.toeless.stack.driver.NicDriver}): ring fill from page pools, a budgeted NAPI-like
 * poll that turns each completion into the one {@link dev.toeless.stack.netdev.RxPacket} the IP
 * layer gets ({@link dev.toeless.stack.driver.DriverRx}: one header copy, one parse), GRO where
 * the mode asks, alignment hints, and the transmit side ({@link dev.toeless.stack.driver.DriverTx}:
 * TSO, driver segmentation with checksum offload, or software GSO). The driver moves page
 * references and header bytes; it never copies payload. {@link dev.toeless.stack.driver.DriverMode}
 * names the compared configurations.
 */
package dev.toeless.stack.driver;
