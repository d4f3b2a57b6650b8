package dev.toeless.bench.replay;

import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.wire.ParsedFrame;


/**
 * One direction of one TCP connection in a capture: addresses (IPv4 v4-mapped into IPv6 form,
 * as {@link ParsedFrame} gives them) and ports, sender first.
 */
record StreamKey(boolean ipv6, long srcHigh, long srcLow, long dstHigh, long dstLow, int srcPort, int dstPort) {

    static StreamKey of(ParsedFrame f) {
        return new StreamKey(f.isIpv6(), f.srcHigh(), f.srcLow(), f.dstHigh(), f.dstLow(), f.srcPort(), f.dstPort());
    }

    /** The flow as the NIC's alignment hint names it. */
    FlowTuple tuple() {
        return new FlowTuple(new Ipv6Address(srcHigh, srcLow), new Ipv6Address(dstHigh, dstLow), srcPort, dstPort);
    }

    /** The other direction of the same connection. */
    StreamKey reversed() {
        return new StreamKey(ipv6, dstHigh, dstLow, srcHigh, srcLow, dstPort, srcPort);
    }

    /** A file name for the stream: {@code SRC.PORT_DST.PORT.bin}, IPv6 colons written as '-'. */
    String fileName() {
        return address(srcHigh, srcLow) + "." + srcPort + "_" + address(dstHigh, dstLow) + "." + dstPort + ".bin";
    }

    /** {@code SRC:PORT > DST:PORT} for reports. */
    String label() {
        return endpoint(srcHigh, srcLow, srcPort) + " > " + endpoint(dstHigh, dstLow, dstPort);
    }

    private String endpoint(long high, long low, int port) {
        return ipv6 ? "[" + text(high, low) + "]:" + port : text(high, low) + ":" + port;
    }

    private String address(long high, long low) {
        return ipv6 ? text(high, low).replace(':', '-') : text(high, low);
    }

    private String text(long high, long low) {
        return ipv6 ? new Ipv6Address(high, low).toString() : Ipv4Address.toString((int) low);
    }
}
