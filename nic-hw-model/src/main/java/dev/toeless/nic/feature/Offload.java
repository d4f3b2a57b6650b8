package dev.toeless.nic.feature;

import java.util.List;

/**
 * One offload a NIC can switch at run time, with the names {@code ethtool -k} prints and the
 * short names {@code ethtool -K} accepts.
 */
public enum Offload {
    RX_CHECKSUM("rx-checksumming", "rx-checksum", "rx"),
    TX_CHECKSUM("tx-checksumming", "tx-checksum", "tx"),
    TSO("tcp-segmentation-offload", "tso"),
    HEADER_SPLIT("tcp-data-split", "header-split", "hds"),
    PAGE_ACCUM("rx-page-accumulation", "page-accum"),
    RX_HASH("receive-hashing", "rx-hash", "rxhash"),
    RX_GRO_HW("rx-gro-hw", "rx-gro-hw", "gro-hw");

    private final String longName;
    private final List<String> names;

    Offload(String longName, String... aliases) {
        this.longName = longName;
        this.names = List.of(aliases);
    }

    /** The name as {@code ethtool -k} lists it. */
    public String longName() {
        return longName;
    }

    /** The short name used in this project's configuration ({@code "tso"}, {@code "page-accum"}). */
    public String shortName() {
        return names.get(0);
    }

    int bit() {
        return 1 << ordinal();
    }

    /** The offload with this long or short name (case-insensitive), or null. */
    public static Offload byName(String name) {
        for (Offload o : values()) {
            if (o.longName.equalsIgnoreCase(name)) {
                return o;
            }
            for (String alias : o.names) {
                if (alias.equalsIgnoreCase(name)) {
                    return o;
                }
            }
        }
        return null;
    }
}
