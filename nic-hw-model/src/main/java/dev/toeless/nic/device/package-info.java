/**
 * The modeled NIC as a device: {@link dev.toeless.nic.device.Nic} with its queue pairs
 * ({@link dev.toeless.nic.device.NicQueue}: RX header, page and completion rings, TX and TX
 * completion rings, interrupt coalescing), the receive pipeline (parse, checksum verification,
 * RSS, header split) and the transmit pipeline (header DMA, TSO or TX checksum, send).
 *
 * <p>Two service interfaces let other modules plug in without this module depending on them:
 * {@link dev.toeless.nic.device.PayloadPlacement} (where split payload goes: the packed baseline
 * here, receive page accumulation in {@code rx-page-accum}) and
 * {@link dev.toeless.nic.device.TxOffloadEngine} (TSO and TX checksum in {@code tx-segmentation}).
 */
package dev.toeless.nic.device;
