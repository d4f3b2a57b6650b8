package dev.toeless.nic.feature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The set of offloads a NIC has switched on: one immutable value handed to the pipelines, so a
 * stage asks {@code features.has(Offload.TSO)} instead of reading scattered flags, and a change
 * at run time ({@link #apply(String)}, like {@code ethtool -K eth0 tso off}) swaps the whole
 * value between packets.
 *
 * <p>Dependencies are kept as Linux keeps them: TSO needs TX checksum offload (turning TX
 * checksumming off turns TSO off, and TSO cannot be turned on without it), and page
 * accumulation needs header split (the NIC must know where headers end), and hardware GRO
 * needs RX checksum offload (Linux drops {@code NETIF_F_GRO_HW} without {@code NETIF_F_RXCSUM})
 * and page accumulation (it coalesces the accumulated fragments of a flow). A request the
 * dependencies forbid is not an error; the resulting value simply has the feature off, as
 * {@code ethtool} reports "[requested on]".
 *
 * @param bits one bit per {@link Offload}, by ordinal
 */
public record OffloadFeatures(int bits) {
    private static final int ALL_BITS = (1 << Offload.values().length) - 1;

    public OffloadFeatures {
        bits = fixDependencies(bits & ALL_BITS);
    }

    /** Every offload on (the stateless mode). */
    public static OffloadFeatures all() {
        return new OffloadFeatures(ALL_BITS);
    }

    /** Every offload off (the host does everything in software). */
    public static OffloadFeatures none() {
        return new OffloadFeatures(0);
    }

    /** Exactly the given offloads (minus any whose dependency is missing). */
    public static OffloadFeatures of(Offload... offloads) {
        int b = 0;
        for (Offload o : offloads) {
            b |= o.bit();
        }
        return new OffloadFeatures(b);
    }

    public boolean has(Offload offload) {
        return (bits & offload.bit()) != 0;
    }

    public boolean rxChecksum() {
        return has(Offload.RX_CHECKSUM);
    }

    public boolean txChecksum() {
        return has(Offload.TX_CHECKSUM);
    }

    public boolean tso() {
        return has(Offload.TSO);
    }

    public boolean headerSplit() {
        return has(Offload.HEADER_SPLIT);
    }

    public boolean pageAccum() {
        return has(Offload.PAGE_ACCUM);
    }

    public boolean rxHash() {
        return has(Offload.RX_HASH);
    }

    /** Hardware GRO: the NIC coalesces consecutive segments of a flow into one completion. */
    public boolean rxGroHw() {
        return has(Offload.RX_GRO_HW);
    }

    /** This value with one offload switched (dependencies applied). */
    public OffloadFeatures with(Offload offload, boolean on) {
        return new OffloadFeatures(on ? bits | offload.bit() : bits & ~offload.bit());
    }

    /**
     * Applies an {@code ethtool -K} style request: pairs of name and {@code on}/{@code off},
     * e.g. {@code "tso off"} or {@code "rx-checksum on page-accum off"}; names may be long or
     * short ({@link Offload#byName(String)}). The pairs apply left to right, dependencies last.
     *
     * @throws IllegalArgumentException for an unknown name, a value other than on/off, or an odd
     *                                  number of words (this is configuration, not a packet path)
     */
    public OffloadFeatures apply(String request) {
        final String[] words = request.trim().split("\\s+");
        if (request.isBlank() || words.length % 2 != 0) {
            throw new IllegalArgumentException("expected pairs of <feature> on|off: \"" + request + "\"");
        }
        int b = bits;
        for (int i = 0; i < words.length; i += 2) {
            final Offload o = Offload.byName(words[i]);
            if (o == null) {
                throw new IllegalArgumentException("unknown offload \"" + words[i] + "\"; known: " + knownNames());
            }
            b = switch (words[i + 1].toLowerCase(Locale.ROOT)) {
                case "on" -> b | o.bit();
                case "off" -> b & ~o.bit();
                default -> throw new IllegalArgumentException(
                    "offload " + words[i] + " wants on or off, not \"" + words[i + 1] + "\"");
            };
        }
        return new OffloadFeatures(b);
    }

    /** Starts from nothing and applies the request: {@code parse("tso on tx-checksum on")}. */
    public static OffloadFeatures parse(String request) {
        return none().apply(request);
    }

    /** The state as {@code ethtool -k} lists it, one {@code name: on|off} line per offload. */
    public String format() {
        final StringBuilder sb = new StringBuilder();
        for (Offload o : Offload.values()) {
            sb.append(o.longName()).append(": ").append(has(o) ? "on" : "off").append('\n');
        }
        return sb.toString();
    }

    private static int fixDependencies(int b) {
        if ((b & Offload.TX_CHECKSUM.bit()) == 0) {
            b &= ~Offload.TSO.bit();
        }
        if ((b & Offload.HEADER_SPLIT.bit()) == 0) {
            b &= ~Offload.PAGE_ACCUM.bit();
        }
        if ((b & Offload.RX_CHECKSUM.bit()) == 0 || (b & Offload.PAGE_ACCUM.bit()) == 0) {
            b &= ~Offload.RX_GRO_HW.bit(); // as Linux drops GRO_HW without RXCSUM; it coalesces accumulated pages
        }
        return b;
    }

    private static String knownNames() {
        final List<String> names = new ArrayList<>();
        for (Offload o : Offload.values()) {
            names.add(o.shortName());
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        final List<String> on = new ArrayList<>();
        for (Offload o : Offload.values()) {
            if (has(o)) {
                on.add(o.shortName());
            }
        }
        return "OffloadFeatures" + on;
    }
}
