package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Parses a whole Ethernet frame, L2 to L4, into a {@link ParsedFrame}, without allocating:
 * one instance per receive path, its flyweights re-pointed per frame. Every length and offset
 * is checked against the frame before it is used, so a hostile frame yields a
 * {@link ParseStatus}, never an exception and never an offset outside the frame.
 *
 * <p>Rules: one 802.1Q tag at most; the IP length field is trusted only when it fits the frame
 * (bytes after it are link padding and excluded); the IPv4 header checksum is verified when
 * the parser is built to (the NIC verifies it in hardware; a replay may not); IPv6 extension
 * headers are walked (bounded, see {@link Ipv6Extensions}); IP fragments stop at L3 with
 * {@link ParseStatus#FRAGMENT}; TCP options are decoded and must lie inside the header.
 * Transport checksums are not verified here (it touches every payload byte): see
 * {@link ParsedFrame#transportChecksumOk()}. Each outcome is counted per status ({@link #count}).
 */
public final class FrameParser {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private final boolean verifyIpChecksum;
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Ipv6Extensions extensions = new Ipv6Extensions();
    private final Ipv6Extensions quotedExtensions = new Ipv6Extensions();
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();
    private final IcmpHeader icmp = new IcmpHeader();
    private final ArpPacket arp = new ArpPacket();
    private final long[] statusCounts = new long[ParseStatus.values().length];
    /** Bytes of the frame that may be read: the end of the buffer range being parsed. */
    private int visibleEnd;
    /** In a split parse, the payload bytes that lie elsewhere (after the visible headers). */
    private int splitPayload;

    /** A parser that verifies IPv4 header checksums. */
    public FrameParser() {
        this(true);
    }

    public FrameParser(boolean verifyIpChecksum) {
        this.verifyIpChecksum = verifyIpChecksum;
    }

    /** Parses {@code buffer[offset, offset+length)} into {@code out}; returns {@code out.status()}. */
    public ParseStatus parse(DirectBuffer buffer, int offset, int length, ParsedFrame out) {
        out.reset(buffer, offset, length);
        visibleEnd = offset + length;
        splitPayload = 0;
        final ParseStatus status = parseEthernet(buffer, offset, length, out);
        out.status = status;
        statusCounts[status.ordinal()]++;
        return status;
    }

    /**
     * Parses a frame the NIC split: its headers (Ethernet to the end of the TCP or UDP header) are
     * {@code header[offset, offset+headerLength)} and its {@code payloadBytes} of payload lie in
     * pages elsewhere. Lengths in the headers are checked against the whole frame, every read
     * against the header bytes, and the payload must start exactly where the headers end; anything
     * else is {@link ParseStatus#BAD_LENGTH} or another parse error, never a read past the headers.
     * Payload offsets in {@code out} are then logical (past the header buffer's end).
     */
    public ParseStatus parseSplit(DirectBuffer header, int offset, int headerLength, int payloadBytes,
                                  ParsedFrame out) {
        out.reset(header, offset, headerLength);
        visibleEnd = offset + headerLength;
        splitPayload = Math.max(0, payloadBytes);
        ParseStatus status = payloadBytes < 0 ? ParseStatus.BAD_LENGTH
            : parseEthernet(header, offset, headerLength, out);
        final boolean transport = out.l4 == ParsedFrame.L4.TCP || out.l4 == ParsedFrame.L4.UDP;
        if (status == ParseStatus.OK && (payloadBytes > 0 || transport)
            && (out.payloadOffset != visibleEnd || out.ipEnd != visibleEnd + payloadBytes)) {
            status = ParseStatus.BAD_LENGTH; // the split point must be where the headers end
        }
        splitPayload = 0;
        out.status = status;
        statusCounts[status.ordinal()]++;
        return status;
    }

    /** Frames this parser has returned {@code status} for, since it was built. */
    public long count(ParseStatus status) {
        return statusCounts[status.ordinal()];
    }

    /** Frames parsed with any status. */
    public long frames() {
        long n = 0;
        for (long c : statusCounts) {
            n += c;
        }
        return n;
    }

    private ParseStatus parseEthernet(DirectBuffer buffer, int offset, int length, ParsedFrame out) {
        if (length < EthernetHeader.HEADER_LENGTH || offset < 0 || length > buffer.capacity() - offset) {
            return ParseStatus.TRUNCATED;
        }
        ethernet.wrap(buffer, offset, length);
        // Two overlapping big-endian words cover the 14 bytes: destination, source, outer type.
        final long front = buffer.getLong(offset, BE);
        final long back = buffer.getLong(offset + EthernetHeader.HEADER_LENGTH - Long.BYTES, BE);
        out.dstMac = front >>> 16;
        out.srcMac = back >>> 16;
        int type = (int) back & 0xFFFF;
        int l3 = offset + EthernetHeader.HEADER_LENGTH;
        if (type == EthernetHeader.TYPE_VLAN) {
            if (length < EthernetHeader.VLAN_HEADER_LENGTH) {
                return ParseStatus.TRUNCATED;
            }
            out.vlanTci = ethernet.vlanTci();
            l3 = offset + EthernetHeader.VLAN_HEADER_LENGTH;
            type = ethernet.etherType();
        }
        out.etherType = type;
        final int end = offset + length;
        out.l3Offset = l3;
        return switch (type) {
            case EthernetHeader.TYPE_IPV4 -> parseIpv4(buffer, l3, end, out);
            case EthernetHeader.TYPE_IPV6 -> parseIpv6(buffer, l3, end, out);
            case EthernetHeader.TYPE_ARP -> parseArp(buffer, l3, end, out);
            default -> ParseStatus.UNKNOWN_ETHERTYPE;
        };
    }

    private ParseStatus parseArp(DirectBuffer buffer, int l3, int end, ParsedFrame out) {
        out.l3 = ParsedFrame.L3.ARP;
        if (end - l3 < ArpPacket.LENGTH) {
            return ParseStatus.TRUNCATED;
        }
        arp.wrap(buffer, l3, end - l3);
        if (!arp.isEthernetIpv4()) {
            return ParseStatus.BAD_FIELD;
        }
        out.l3HeaderLength = ArpPacket.LENGTH;
        out.ipEnd = l3 + ArpPacket.LENGTH;
        out.srcLow = 0xFFFF_0000_0000L | (arp.senderIp() & 0xFFFF_FFFFL);
        out.dstLow = 0xFFFF_0000_0000L | (arp.targetIp() & 0xFFFF_FFFFL);
        return ParseStatus.OK;
    }

    private ParseStatus parseIpv4(DirectBuffer buffer, int l3, int end, ParsedFrame out) {
        out.l3 = ParsedFrame.L3.IPV4;
        if (end - l3 < Ipv4Header.MIN_HEADER_LENGTH) {
            return ParseStatus.TRUNCATED;
        }
        ipv4.wrap(buffer, l3, end - l3);
        // The fixed header's first 16 bytes in two big-endian words: version and IHL, DSCP, total
        // length, identification, flags and fragment offset; TTL, protocol, checksum, source.
        final long first = buffer.getLong(l3, BE);
        final long second = buffer.getLong(l3 + Long.BYTES, BE);
        if ((first >>> 60) != 4) {
            return ParseStatus.BAD_IP_VERSION;
        }
        final int hl = (int) (first >>> 54) & 0x3C;
        if (hl < Ipv4Header.MIN_HEADER_LENGTH) {
            return ParseStatus.BAD_IHL;
        }
        if (hl > end - l3) {
            return ParseStatus.TRUNCATED;
        }
        final int total = (int) (first >>> 32) & 0xFFFF;
        if (total < hl) {
            return ParseStatus.BAD_LENGTH;
        }
        if (total > end - l3 + splitPayload) {
            return ParseStatus.TRUNCATED;
        }
        if (verifyIpChecksum && !ipv4.checksumOk()) {
            return ParseStatus.BAD_IP_CHECKSUM;
        }
        if (hl > Ipv4Header.MIN_HEADER_LENGTH && ipv4.checkOptions() != ParseStatus.OK) {
            return ParseStatus.OPTION_OVERRUN;
        }
        out.l3HeaderLength = hl;
        out.ipEnd = l3 + total;
        out.ttl = (int) (second >>> 56);
        out.srcLow = 0xFFFF_0000_0000L | (second & 0xFFFF_FFFFL);
        out.dstLow = 0xFFFF_0000_0000L | (ipv4.dst() & 0xFFFF_FFFFL);
        out.ipProtocol = (int) (second >>> 48) & 0xFF;
        if (((int) first & (Ipv4Header.FLAG_MF | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0) {
            out.fragment = true;
            return ParseStatus.FRAGMENT;
        }
        return parseTransport(buffer, l3 + hl, out);
    }

    private ParseStatus parseIpv6(DirectBuffer buffer, int l3, int end, ParsedFrame out) {
        out.l3 = ParsedFrame.L3.IPV6;
        if (end - l3 < Ipv6Header.HEADER_LENGTH) {
            return ParseStatus.TRUNCATED;
        }
        ipv6.wrap(buffer, l3, end - l3);
        if (ipv6.version() != 6) {
            return ParseStatus.BAD_IP_VERSION;
        }
        final int payload = ipv6.payloadLength();
        if (payload > end - l3 - Ipv6Header.HEADER_LENGTH + splitPayload) {
            return ParseStatus.TRUNCATED;
        }
        out.ipEnd = l3 + Ipv6Header.HEADER_LENGTH + payload;
        out.ttl = ipv6.hopLimit();
        out.srcHigh = ipv6.srcHigh();
        out.srcLow = ipv6.srcLow();
        out.dstHigh = ipv6.dstHigh();
        out.dstLow = ipv6.dstLow();
        final ParseStatus walk = extensions.walk(buffer, l3 + Ipv6Header.HEADER_LENGTH,
            Math.min(out.ipEnd, visibleEnd), ipv6.nextHeader());
        out.fragment = extensions.isFragment();
        if (walk != ParseStatus.OK && walk != ParseStatus.FRAGMENT) {
            return walk;
        }
        out.ipProtocol = extensions.upperProtocol();
        out.l3HeaderLength = extensions.upperOffset() - l3;
        if (out.fragment) {
            return ParseStatus.FRAGMENT;
        }
        return parseTransport(buffer, extensions.upperOffset(), out);
    }

    private ParseStatus parseTransport(DirectBuffer buffer, int l4, ParsedFrame out) {
        final int l4Length = out.ipEnd - l4;
        out.l4Offset = l4;
        if (splitPayload > 0 && out.ipProtocol != Ipv4Header.PROTOCOL_TCP && out.ipProtocol != Ipv4Header.PROTOCOL_UDP) {
            return ParseStatus.BAD_LENGTH; // only TCP and UDP are ever split
        }
        return switch (out.ipProtocol) {
            case Ipv4Header.PROTOCOL_TCP -> parseTcp(buffer, l4, l4Length, out);
            case Ipv4Header.PROTOCOL_UDP -> parseUdp(buffer, l4, l4Length, out);
            case Ipv4Header.PROTOCOL_ICMP -> out.l3 == ParsedFrame.L3.IPV4
                ? parseIcmp(buffer, l4, l4Length, out, ParsedFrame.L4.ICMPV4) : other(l4, l4Length, out);
            case Ipv6Header.NEXT_ICMPV6 -> out.l3 == ParsedFrame.L3.IPV6
                ? parseIcmp(buffer, l4, l4Length, out, ParsedFrame.L4.ICMPV6) : other(l4, l4Length, out);
            default -> other(l4, l4Length, out);
        };
    }

    private static ParseStatus other(int l4, int l4Length, ParsedFrame out) {
        out.l4 = ParsedFrame.L4.OTHER;
        out.payloadOffset = l4;
        out.payloadLength = l4Length;
        return ParseStatus.OK;
    }

    private ParseStatus parseTcp(DirectBuffer buffer, int l4, int l4Length, ParsedFrame out) {
        out.l4 = ParsedFrame.L4.TCP;
        if (l4Length < TcpHeader.MIN_HEADER_LENGTH || l4 + TcpHeader.MIN_HEADER_LENGTH > visibleEnd) {
            return ParseStatus.TRUNCATED;
        }
        tcp.wrap(buffer, l4, l4Length);
        // The fixed header's first 16 bytes in two big-endian words: ports and sequence number;
        // acknowledgment number, data offset, flags and window.
        final long first = buffer.getLong(l4, BE);
        final long second = buffer.getLong(l4 + Long.BYTES, BE);
        final int hl = ((int) (second >>> 24) & 0xF0) >>> 2;
        if (hl < TcpHeader.MIN_HEADER_LENGTH || hl > l4Length || l4 + hl > visibleEnd) {
            return ParseStatus.BAD_DATA_OFFSET;
        }
        out.srcPort = (int) (first >>> 48);
        out.dstPort = (int) (first >>> 32) & 0xFFFF;
        out.tcpSeq = first & 0xFFFF_FFFFL;
        out.tcpAck = second >>> 32;
        out.tcpFlags = (int) (second >>> 16) & 0xFF;
        out.tcpWindow = (int) second & 0xFFFF;
        final ParseStatus options = out.tcpOptions.parse(buffer, l4 + TcpHeader.OPTIONS_OFFSET, hl - TcpHeader.MIN_HEADER_LENGTH);
        if (options != ParseStatus.OK) {
            return options;
        }
        out.l4HeaderLength = hl;
        out.payloadOffset = l4 + hl;
        out.payloadLength = l4Length - hl;
        return ParseStatus.OK;
    }

    private ParseStatus parseUdp(DirectBuffer buffer, int l4, int l4Length, ParsedFrame out) {
        out.l4 = ParsedFrame.L4.UDP;
        if (l4Length < UdpHeader.HEADER_LENGTH || l4 + UdpHeader.HEADER_LENGTH > visibleEnd) {
            return ParseStatus.TRUNCATED;
        }
        udp.wrap(buffer, l4, l4Length);
        final int datagram = udp.datagramLength();
        // The UDP length wins over a longer IP payload (trailing bytes are not UDP data); longer never fits.
        if (datagram < UdpHeader.HEADER_LENGTH || datagram > l4Length) {
            return ParseStatus.BAD_LENGTH;
        }
        out.srcPort = udp.srcPort();
        out.dstPort = udp.dstPort();
        out.l4HeaderLength = UdpHeader.HEADER_LENGTH;
        out.payloadOffset = l4 + UdpHeader.HEADER_LENGTH;
        out.payloadLength = datagram - UdpHeader.HEADER_LENGTH;
        return ParseStatus.OK;
    }

    private ParseStatus parseIcmp(DirectBuffer buffer, int l4, int l4Length, ParsedFrame out, ParsedFrame.L4 kind) {
        out.l4 = kind;
        if (l4Length < IcmpHeader.HEADER_LENGTH) {
            return ParseStatus.TRUNCATED;
        }
        icmp.wrap(buffer, l4, l4Length);
        out.icmpType = icmp.type();
        out.icmpCode = icmp.code();
        out.l4HeaderLength = IcmpHeader.HEADER_LENGTH;
        out.payloadOffset = l4 + IcmpHeader.HEADER_LENGTH;
        out.payloadLength = l4Length - IcmpHeader.HEADER_LENGTH;
        final boolean v6 = kind == ParsedFrame.L4.ICMPV6;
        if (v6 ? out.icmpType < 128 : out.icmpType == IcmpHeader.V4_DEST_UNREACHABLE || out.icmpType == IcmpHeader.V4_TIME_EXCEEDED) {
            findQuote(buffer, out.payloadOffset, out.ipEnd, v6, out);
        }
        return ParseStatus.OK;
    }

    /**
     * Locates the transport header quoted by an ICMP error, so the stack can find the flow. A
     * quote too short to hold the IP header and eight transport bytes leaves the offsets at -1;
     * it is not an error of the ICMP message itself.
     */
    private void findQuote(DirectBuffer buffer, int quote, int end, boolean v6, ParsedFrame out) {
        if (v6) {
            if (end - quote < Ipv6Header.HEADER_LENGTH || (buffer.getByte(quote) & 0xF0) != 0x60) {
                return;
            }
            out.quotedL3Offset = quote;
            final int next = buffer.getByte(quote + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF;
            if (quotedExtensions.walk(buffer, quote + Ipv6Header.HEADER_LENGTH, end, next) != ParseStatus.OK) {
                return;
            }
            out.quotedProtocol = quotedExtensions.upperProtocol();
            if (end - quotedExtensions.upperOffset() >= 8) {
                out.quotedL4Offset = quotedExtensions.upperOffset();
            }
            return;
        }
        if (end - quote < Ipv4Header.MIN_HEADER_LENGTH || (buffer.getByte(quote) & 0xF0) != 0x40) {
            return;
        }
        out.quotedL3Offset = quote;
        final int hl = (buffer.getByte(quote) & 0x0F) << 2;
        out.quotedProtocol = buffer.getByte(quote + Ipv4Header.PROTOCOL_OFFSET) & 0xFF;
        final boolean laterFragment = (buffer.getShort(quote + Ipv4Header.FLAGS_FRAGMENT_OFFSET, BE) & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0;
        if (hl >= Ipv4Header.MIN_HEADER_LENGTH && !laterFragment && end - quote - hl >= 8) {
            out.quotedL4Offset = quote + hl;
        }
    }
}
