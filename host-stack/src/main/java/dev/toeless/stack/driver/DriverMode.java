package dev.toeless.stack.driver;

import dev.toeless.nic.feature.Offload;
import dev.toeless.nic.feature.OffloadFeatures;

/**
 * The driver modes compared by the experiments, and what each switches. The TCP engine above is
 * the same in every mode; only where checksums, segmentation and payload placement happen moves.
 *
 * <ul>
 *   <li>{@link #NONE}: no offloads. Received payload is checksummed by the host CPU (counted),
 *       frames arrive whole with the payload left in the frame's page after the headers, and
 *       super-segments are cut by software GSO with a counted checksum pass.</li>
 *   <li>{@link #CSUM}: RX and TX checksum offload (and RSS); no TSO, no header split. The driver
 *       cuts super-segments into MSS-sized frames itself (headers only) and the NIC checksums them.</li>
 *   <li>{@link #CSUM_GRO}: {@link #CSUM} plus software GRO in the driver.</li>
 *   <li>{@link #STATELESS}: every offload: checksum, TSO, RSS, header split and receive page
 *       accumulation with alignment hints, and GRO as Linux runs it by default (the accumulated
 *       fragments of consecutive segments merge into one packet of whole pages).</li>
 * </ul>
 */
public enum DriverMode {
    NONE("none", OffloadFeatures.none(), false),
    CSUM("csum", OffloadFeatures.of(Offload.RX_CHECKSUM, Offload.TX_CHECKSUM, Offload.RX_HASH), false),
    CSUM_GRO("csum+gro", OffloadFeatures.of(Offload.RX_CHECKSUM, Offload.TX_CHECKSUM, Offload.RX_HASH), true),
    STATELESS("stateless", OffloadFeatures.all(), true);

    private final String label;
    private final OffloadFeatures features;
    private final boolean gro;

    DriverMode(String label, OffloadFeatures features, boolean gro) {
        this.label = label;
        this.features = features;
        this.gro = gro;
    }

    /** The name used on the command line and in reports. */
    public String label() {
        return label;
    }

    /** The offloads the driver switches on in the NIC. */
    public OffloadFeatures features() {
        return features;
    }

    /** Software GRO in the driver's poll. */
    public boolean gro() {
        return gro;
    }

    /** The host CPU verifies received checksums. */
    public boolean softwareRxChecksum() {
        return !features.rxChecksum();
    }

    /** The NIC segments super-segments. */
    public boolean tso() {
        return features.tso();
    }

    /** The NIC completes transmit checksums. */
    public boolean txChecksum() {
        return features.txChecksum();
    }

    /** The driver passes flows' alignment hints to the NIC. */
    public boolean hints() {
        return features.pageAccum();
    }

    /** The mode with this label ({@code "csum+gro"}), or null. */
    public static DriverMode byLabel(String label) {
        for (DriverMode m : values()) {
            if (m.label.equalsIgnoreCase(label) || m.name().equalsIgnoreCase(label)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
