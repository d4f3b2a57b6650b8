package dev.toeless.nic.wire;

/**
 * A transport 4-tuple as a value, for tables and control paths. IPv4 addresses are v4-mapped
 * ({@link Ipv6Address#v4Mapped(int)}) so one type serves both families.
 */
public record FlowTuple(Ipv6Address src, Ipv6Address dst, int srcPort, int dstPort) {
    public FlowTuple reversed() {
        return new FlowTuple(dst, src, dstPort, srcPort);
    }
}
