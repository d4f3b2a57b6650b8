/**
 * Network devices as the IP layer sees them: {@link dev.toeless.stack.netdev.NetDevice} (transmit
 * header bytes plus payload page fragments with optional TSO and checksum offload; deliver
 * received packets as a header view plus payload fragments with a checksum verdict), the packet
 * descriptors {@link dev.toeless.stack.netdev.TxPacket} and {@link dev.toeless.stack.netdev.RxPacket}
 * (one of each, for every device), {@link dev.toeless.stack.netdev.ReceiveChecksum} (the host's one
 * software receive checksum), and {@link dev.toeless.stack.netdev.PciIpDevice}, one end of the
 * IP-over-PCI link to a card node. The modeled NIC's device, in every mode from {@code none} (no
 * offloads) to {@code stateless}, is its driver, {@code driver.NicDriver}.
 */
package dev.toeless.stack.netdev;
