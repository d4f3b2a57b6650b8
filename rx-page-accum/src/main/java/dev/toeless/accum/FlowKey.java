package dev.toeless.accum;

/**
 * The key the NIC's flow cache looks a TCP flow up by: its 4-tuple (source and destination
 * address, source and destination port) with a precomputed 64-bit hash. IPv4 addresses are held in their IPv4-mapped IPv6 form
 * ({@code ::ffff:a.b.c.d}), so one key shape serves both families and a v4 flow never equals a
 * v6 one.
 *
 * <p>Mutable on purpose: the receive pipeline owns one instance and re-points it per segment
 * with {@link #setV4} or {@link #setV6}, so a lookup allocates nothing. The 64-bit hash is
 * computed once when the fields are set, and not again when they are set to what they already
 * hold (a burst of one flow). The cache copies the fields it keeps; it never holds on to the
 * instance. Control paths that want a value (equality, a map key) use the record
 * {@link dev.toeless.nic.wire.FlowTuple} instead.
 */
public final class FlowKey {
    /** The high 32 bits of the low address word of an IPv4-mapped IPv6 address. */
    static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int ports;
    private long hash;
    /** False until the first set: the zero fields then do not carry their hash yet. */
    private boolean hashed;

    /** Points this key at an IPv4 flow. Ports are 16-bit, widened with masks. */
    public FlowKey setV4(int srcAddr, int dstAddr, int srcPort, int dstPort) {
        return set(0L, V4_MAPPED_PREFIX | (srcAddr & 0xFFFF_FFFFL), 0L, V4_MAPPED_PREFIX | (dstAddr & 0xFFFF_FFFFL),
            srcPort, dstPort);
    }

    /** Points this key at an IPv6 flow; each address is given as its high and low 64 bits. */
    public FlowKey setV6(long srcHi, long srcLo, long dstHi, long dstLo, int srcPort, int dstPort) {
        return set(srcHi, srcLo, dstHi, dstLo, srcPort, dstPort);
    }

    private FlowKey set(long srcHi, long srcLo, long dstHi, long dstLo, int srcPort, int dstPort) {
        final int ports = ((srcPort & 0xFFFF) << 16) | (dstPort & 0xFFFF);
        if (hashed && ports == this.ports && srcLo == this.srcLo && dstLo == this.dstLo && srcHi == this.srcHi
            && dstHi == this.dstHi) {
            return this; // re-pointed at the flow it already holds (the common case: a burst of one flow)
        }
        this.hashed = true;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.ports = ports;
        long h = mix(srcHi ^ 0x9E37_79B9_7F4A_7C15L);
        h = mix(h ^ srcLo);
        h = mix(h ^ dstHi);
        h = mix(h ^ dstLo);
        this.hash = mix(h ^ ports);
        return this;
    }

    /** The 64-bit flow key derived from all fields (not the RSS hash). */
    public long hash() {
        return hash;
    }

    public long srcHi() {
        return srcHi;
    }

    public long srcLo() {
        return srcLo;
    }

    public long dstHi() {
        return dstHi;
    }

    public long dstLo() {
        return dstLo;
    }

    /** Source port in the high 16 bits, destination port in the low 16. */
    public int ports() {
        return ports;
    }

    public int srcPort() {
        return ports >>> 16;
    }

    public int dstPort() {
        return ports & 0xFFFF;
    }

    /** True when this is an IPv4 flow (both addresses IPv4-mapped). */
    public boolean isV4() {
        return srcHi == 0 && dstHi == 0 && (srcLo >>> 32) == 0xFFFF && (dstLo >>> 32) == 0xFFFF;
    }

    /** A copy (allocates: for tests and control paths). */
    public FlowKey copy() {
        return new FlowKey().set(srcHi, srcLo, dstHi, dstLo, srcPort(), dstPort());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        if (isV4()) {
            return v4(srcLo) + ":" + srcPort() + " -> " + v4(dstLo) + ":" + dstPort();
        }
        return "[" + Long.toHexString(srcHi) + ":" + Long.toHexString(srcLo) + "]:" + srcPort()
            + " -> [" + Long.toHexString(dstHi) + ":" + Long.toHexString(dstLo) + "]:" + dstPort();
    }

    private static String v4(long lo) {
        return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
    }
}
