package dev.toeless.stack.netdev;

/**
 * What a {@link NetDevice} can do for the stack. The stack asks a device only for what it
 * announces here and does the rest in software.
 *
 * @param txChecksum   fills the transport checksum from {@link TxPacket#checksumStart()} / offset
 * @param rxChecksum   verifies received transport checksums (GOOD or BAD)
 * @param tso          cuts a TCP packet larger than the MTU into segments of {@link TxPacket#gsoSizeBytes()}
 * @param maxTsoBytes  the largest packet it accepts for segmentation
 */
public record DeviceFeatures(boolean txChecksum, boolean rxChecksum, boolean tso, int maxTsoBytes) {
    /** A plain NIC: the stack computes and verifies every checksum and segments everything. */
    public static final DeviceFeatures NONE = new DeviceFeatures(false, false, false, 0);
}
