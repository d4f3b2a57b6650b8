package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

/**
 * What {@link FrameParser} found in one Ethernet frame: a reusable, mutable result, refilled for
 * every frame (allocate one per receive path). Offsets are absolute buffer offsets. Fields past
 * the layer where parsing stopped are left at their reset values (-1 offsets, NONE kinds).
 * Addresses use the house forms: MAC as long, IPv4 as int, IPv6 as two longs; the unified
 * {@code src/dstHigh/Low} accessors give IPv4 as v4-mapped IPv6 so flow tables need one key type.
 * The frame does not own the buffer; it is valid until the buffer is reused.
 */
public final class ParsedFrame {
    /** Network layer found in the frame. */
    public enum L3 { NONE, ARP, IPV4, IPV6 }

    /** Transport layer found in the frame. */
    public enum L4 { NONE, TCP, UDP, ICMPV4, ICMPV6, OTHER }

    public static final int NO_VLAN = -1;

    ParseStatus status = ParseStatus.TRUNCATED;
    DirectBuffer buffer;
    int frameOffset;
    int frameLength;
    long dstMac;
    long srcMac;
    int vlanTci;
    int etherType;
    L3 l3 = L3.NONE;
    int l3Offset;
    int l3HeaderLength;
    int ipEnd;
    int ttl;
    boolean fragment;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    L4 l4 = L4.NONE;
    int ipProtocol;
    int l4Offset;
    int l4HeaderLength;
    int payloadOffset;
    int payloadLength;
    int srcPort;
    int dstPort;
    long tcpSeq;
    long tcpAck;
    int tcpFlags;
    int tcpWindow;
    int icmpType;
    int icmpCode;
    int quotedL3Offset;
    int quotedL4Offset;
    int quotedProtocol;
    final TcpOptionsView tcpOptions = new TcpOptionsView();

    void reset(DirectBuffer buffer, int offset, int length) {
        this.status = ParseStatus.TRUNCATED;
        this.buffer = buffer;
        this.frameOffset = offset;
        this.frameLength = length;
        dstMac = 0;
        srcMac = 0;
        vlanTci = NO_VLAN;
        etherType = 0;
        l3 = L3.NONE;
        l3Offset = -1;
        l3HeaderLength = 0;
        ipEnd = offset + length;
        ttl = 0;
        fragment = false;
        srcHigh = 0;
        srcLow = 0;
        dstHigh = 0;
        dstLow = 0;
        l4 = L4.NONE;
        ipProtocol = -1;
        l4Offset = -1;
        l4HeaderLength = 0;
        payloadOffset = -1;
        payloadLength = 0;
        srcPort = 0;
        dstPort = 0;
        tcpSeq = 0;
        tcpAck = 0;
        tcpFlags = 0;
        tcpWindow = 0;
        icmpType = -1;
        icmpCode = -1;
        quotedL3Offset = -1;
        quotedL4Offset = -1;
        quotedProtocol = -1;
    }

    public ParseStatus status() {
        return status;
    }

    public boolean isOk() {
        return status == ParseStatus.OK;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int frameOffset() {
        return frameOffset;
    }

    public int frameLength() {
        return frameLength;
    }

    public long dstMac() {
        return dstMac;
    }

    public long srcMac() {
        return srcMac;
    }

    public boolean hasVlan() {
        return vlanTci != NO_VLAN;
    }

    /** The 802.1Q TCI, or {@link #NO_VLAN}. */
    public int vlanTci() {
        return vlanTci;
    }

    public int vlanId() {
        return vlanTci == NO_VLAN ? NO_VLAN : vlanTci & 0x0FFF;
    }

    public int etherType() {
        return etherType;
    }

    public L3 l3() {
        return l3;
    }

    public boolean isIpv6() {
        return l3 == L3.IPV6;
    }

    public int l3Offset() {
        return l3Offset;
    }

    /** IP header bytes: IPv4 with options, IPv6 with all extension headers. */
    public int l3HeaderLength() {
        return l3HeaderLength;
    }

    /** End of the IP packet as its length field says (less than the frame end when padded). */
    public int ipEnd() {
        return ipEnd;
    }

    /** TTL or hop limit. */
    public int ttl() {
        return ttl;
    }

    public boolean isFragment() {
        return fragment;
    }

    public int srcV4() {
        return (int) srcLow;
    }

    public int dstV4() {
        return (int) dstLow;
    }

    public long srcHigh() {
        return srcHigh;
    }

    public long srcLow() {
        return srcLow;
    }

    public long dstHigh() {
        return dstHigh;
    }

    public long dstLow() {
        return dstLow;
    }

    public L4 l4() {
        return l4;
    }

    public boolean isTcp() {
        return l4 == L4.TCP;
    }

    /** IPv4 protocol or IPv6 upper-layer next header; -1 before L3. */
    public int ipProtocol() {
        return ipProtocol;
    }

    public int l4Offset() {
        return l4Offset;
    }

    public int l4HeaderLength() {
        return l4HeaderLength;
    }

    /** Transport bytes covered by the checksum: from the L4 header to the end of the IP packet. */
    public int l4Length() {
        return l4Offset < 0 ? 0 : ipEnd - l4Offset;
    }

    /** All header bytes from the start of the frame to the payload. */
    public int headerLength() {
        return payloadOffset < 0 ? 0 : payloadOffset - frameOffset;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload bytes (TCP/UDP data, ICMP body); never counts Ethernet padding. */
    public int payloadLength() {
        return payloadLength;
    }

    /**
     * Records that the next segment of the flow, {@code bytes} of payload, was merged behind this
     * frame's (a receive merge, GRO, that rewrote the IP length and OR-ed in {@code tcpFlagBits},
     * PSH): the IP packet ends that much later. The header bytes are the merger's to fix; this
     * keeps the parse in step with them without a second parse.
     */
    public void appendSegment(int bytes, int tcpFlagBits) {
        ipEnd += bytes;
        payloadLength += bytes;
        tcpFlags |= tcpFlagBits;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    public long tcpSeq() {
        return tcpSeq;
    }

    public long tcpAck() {
        return tcpAck;
    }

    public int tcpFlags() {
        return tcpFlags;
    }

    public int tcpWindow() {
        return tcpWindow;
    }

    /** The TCP options of this frame (valid when {@link #isTcp()}); owned by this result. */
    public TcpOptionsView tcpOptions() {
        return tcpOptions;
    }

    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** For an ICMP error: offset of the quoted IP header, else -1. */
    public int quotedL3Offset() {
        return quotedL3Offset;
    }

    /**
     * For an ICMP error quoting enough of a packet: offset of the quoted transport header (its
     * first 8 bytes are present: ports, and the TCP sequence number), else -1.
     */
    public int quotedL4Offset() {
        return quotedL4Offset;
    }

    public int quotedProtocol() {
        return quotedProtocol;
    }

    /** The 4-tuple (v4-mapped for IPv4); allocates, control paths only. */
    public FlowTuple flowTuple() {
        return new FlowTuple(new Ipv6Address(srcHigh, srcLow), new Ipv6Address(dstHigh, dstLow), srcPort, dstPort);
    }

    /** Verifies the transport (or ICMP) checksum of an OK, non-fragment IP frame. */
    public boolean transportChecksumOk() {
        if (status != ParseStatus.OK || l4Offset < 0 || fragment || TransportChecksum.checksumFieldOffset(ipProtocol) < 0) {
            return false;
        }
        // UDP's own length says what its checksum covers; for the others it is the rest of the IP packet.
        final int covered = l4 == L4.UDP ? l4HeaderLength + payloadLength : l4Length();
        return TransportChecksum.verify(buffer, l3Offset, l3 == L3.IPV6, ipProtocol, l4Offset, covered);
    }

    @Override
    public String toString() {
        return "ParsedFrame[" + status + " " + l3 + "/" + l4 + " l3@" + l3Offset + " l4@" + l4Offset + " payload@"
            + payloadOffset + "+" + payloadLength + " ports " + srcPort + ">" + dstPort + "]";
    }
}
