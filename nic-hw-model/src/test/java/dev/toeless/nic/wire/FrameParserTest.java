package dev.toeless.nic.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.toeless.nic.wire.WireBytes.buffer;
import static dev.toeless.nic.wire.WireBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

class FrameParserTest {
    private static final long MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    private static final long MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    private static final int V4_A = Ipv4Address.parse("10.0.0.1");
    private static final int V4_B = Ipv4Address.parse("10.0.0.2");
    private static final Ipv6Address V6_A = Ipv6Address.parse("fd00::a");
    private static final Ipv6Address V6_B = Ipv6Address.parse("fd00::b");

    private final FrameParser parser = new FrameParser();
    private final ParsedFrame frame = new ParsedFrame();

    private static TcpRepr ack(long seq, TcpOptions options) {
        return new TcpRepr(40000, 80, seq, 1, TcpHeader.ACK | TcpHeader.PSH, 502, 0, options);
    }

    private ParseStatus parse(UnsafeBuffer b, int length) {
        return parser.parse(b, 0, length, frame);
    }

    @Test
    void aLinuxIpv4SynGivesTheWholeStory() {
        final UnsafeBuffer b = buffer(WireBytes.V4_SYN);
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.OK);
        assertThat(frame.l3()).isEqualTo(ParsedFrame.L3.IPV4);
        assertThat(frame.l3Offset()).isEqualTo(14);
        assertThat(frame.l4()).isEqualTo(ParsedFrame.L4.TCP);
        assertThat(frame.l4Offset()).isEqualTo(34);
        assertThat(frame.l4HeaderLength()).isEqualTo(40);
        assertThat(frame.headerLength()).isEqualTo(74);
        assertThat(frame.payloadLength()).isZero();
        assertThat(frame.srcV4()).isEqualTo(Ipv4Address.parse("10.77.1.1"));
        assertThat(frame.dstPort()).isEqualTo(6000);
        assertThat(frame.tcpFlags()).isEqualTo(TcpHeader.SYN);
        assertThat(frame.tcpOptions().mss()).isEqualTo(1460);
        assertThat(frame.tcpOptions().windowScale()).isEqualTo(10);
        assertThat(frame.flowTuple()).isEqualTo(new FlowTuple(Ipv6Address.v4Mapped(Ipv4Address.parse("10.77.1.1")),
            Ipv6Address.v4Mapped(Ipv4Address.parse("10.77.0.2")), 37336, 6000));
        assertThat(frame.transportChecksumOk()).isTrue();
    }

    @Test
    void aLinuxIpv6Syn() {
        final UnsafeBuffer b = buffer(WireBytes.V6_SYN);
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.OK);
        assertThat(frame.isIpv6()).isTrue();
        assertThat(frame.l4Offset()).isEqualTo(54);
        assertThat(frame.ttl()).isEqualTo(63);
        assertThat(new Ipv6Address(frame.srcHigh(), frame.srcLow())).isEqualTo(Ipv6Address.parse("fd77:1::1"));
        assertThat(frame.tcpOptions().mss()).isEqualTo(1440);
        assertThat(frame.transportChecksumOk()).isTrue();
    }

    @Test
    void everyTruncationOfAValidFrameIsAStatus() {
        for (String hexFrame : List.of(WireBytes.V4_SYN, WireBytes.V6_SYN)) {
            final byte[] bytes = hex(hexFrame);
            for (int n = 0; n < bytes.length; n++) {
                final UnsafeBuffer cut = new UnsafeBuffer(Arrays.copyOf(bytes, n));
                assertThat(parse(cut, n)).as("length %d", n).isNotEqualTo(ParseStatus.OK);
            }
        }
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[128]);
        final int length = Frames.tcpV4(b, 0, MAC_B, MAC_A, EthernetRepr.NO_VLAN, V4_A, V4_B, ack(5, null), new byte[] {1, 2});
        assertThat(length).isEqualTo(EthernetHeader.MIN_FRAME_LENGTH);
        assertThat(parse(b, length)).isEqualTo(ParseStatus.OK);
        assertThat(frame.payloadLength()).isEqualTo(2);
        assertThat(frame.ipEnd()).isEqualTo(14 + 20 + 20 + 2);
        assertThat(frame.transportChecksumOk()).isTrue();
    }

    @Test
    void vlanTaggedIpv6WithPayload() {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[256]);
        final byte[] payload = "hello, stateless world".getBytes();
        final int length = Frames.tcpV6(b, 0, MAC_B, MAC_A, 0x2005, V6_A, V6_B, ack(9, null), payload);
        assertThat(parse(b, length)).isEqualTo(ParseStatus.OK);
        assertThat(frame.vlanId()).isEqualTo(5);
        assertThat(frame.l3Offset()).isEqualTo(18);
        assertThat(frame.payloadOffset()).isEqualTo(18 + 40 + 20);
        assertThat(frame.payloadLength()).isEqualTo(payload.length);
        assertThat(frame.transportChecksumOk()).isTrue();
        b.putByte(frame.payloadOffset(), (byte) 'H');
        assertThat(frame.transportChecksumOk()).isFalse();
    }

    @Test
    void ipv6HopByHopBeforeTcpIsSkippedAndCountsInTheChecksumLength() {
        final TcpRepr tcp = ack(77, null);
        final byte[] payload = {42, 43, 44};
        final int l4Length = tcp.headerLength() + payload.length;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[14 + 40 + 8 + l4Length]);
        EthernetRepr.of(MAC_B, MAC_A, EthernetHeader.TYPE_IPV6).emit(b, 0);
        Ipv6Repr.of(V6_A, V6_B, Ipv6Header.NEXT_HOP_BY_HOP, 8 + l4Length).emit(b, 14);
        b.putBytes(54, hex("06" + "00" + "010400000000")); // next TCP, PadN
        tcp.emit(b, 62);
        b.putBytes(62 + tcp.headerLength(), payload);
        TransportChecksum.fill(b, 14, true, Ipv6Header.NEXT_TCP, 62, l4Length);
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.OK);
        assertThat(frame.l3HeaderLength()).isEqualTo(48);
        assertThat(frame.l4Offset()).isEqualTo(62);
        assertThat(frame.payloadLength()).isEqualTo(3);
        assertThat(frame.tcpSeq()).isEqualTo(77);
        assertThat(frame.transportChecksumOk()).isTrue();
    }

    @Test
    void ipLengthBeyondTheFrameIsTruncatedAndBelowTheHeaderIsBadLength() {
        final UnsafeBuffer b = buffer(WireBytes.V4_SYN);
        final Ipv4Header ip = new Ipv4Header().wrap(b, 14, 60);
        ip.totalLength(61).fillChecksum();
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.TRUNCATED);
        ip.totalLength(19).fillChecksum();
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.BAD_LENGTH);
        ip.totalLength(60).checksum(0x1234);
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.BAD_IP_CHECKSUM);
        assertThat(new FrameParser(false).parse(b, 0, b.capacity(), frame)).isEqualTo(ParseStatus.OK);
        assertThat(parser.count(ParseStatus.BAD_IP_CHECKSUM)).isEqualTo(1);
        assertThat(parser.frames()).isEqualTo(3);
        b.putByte(14, (byte) 0x65);
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.BAD_IP_VERSION);
        b.putByte(14, (byte) 0x43);
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.BAD_IHL);
    }

    @Test
    void ipv4AndIpv6FragmentsStopAtLayerThree() {
        final UnsafeBuffer b = buffer(WireBytes.V4_SYN);
        new Ipv4Header().wrap(b, 14, 60).flagsAndFragment(false, true, 0).fillChecksum();
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.FRAGMENT);
        assertThat(frame.isFragment()).isTrue();
        assertThat(frame.ipProtocol()).isEqualTo(6);
        assertThat(frame.payloadOffset()).isEqualTo(-1);

        // IPv6 with a fragment header (non-first fragment) before 8 bytes of data
        final UnsafeBuffer v6 = new UnsafeBuffer(new byte[14 + 40 + 16]);
        EthernetRepr.of(MAC_B, MAC_A, EthernetHeader.TYPE_IPV6).emit(v6, 0);
        Ipv6Repr.of(V6_A, V6_B, Ipv6Header.NEXT_FRAGMENT, 16).emit(v6, 14);
        v6.putBytes(54, hex("060005a9" + "0000beef"));
        assertThat(parse(v6, v6.capacity())).isEqualTo(ParseStatus.FRAGMENT);
        assertThat(frame.ipProtocol()).isEqualTo(6);
    }

    @Test
    void unknownEtherTypeAndArp() {
        final UnsafeBuffer b = buffer(WireBytes.V4_SYN);
        b.putShort(12, (short) 0x88CC); // LLDP
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.UNKNOWN_ETHERTYPE);

        final UnsafeBuffer arp = new UnsafeBuffer(new byte[60]);
        EthernetRepr.of(MacAddress.BROADCAST, MAC_A, EthernetHeader.TYPE_ARP).emit(arp, 0);
        ArpRepr.request(MAC_A, V4_A, V4_B).emit(arp, 14);
        assertThat(parse(arp, 60)).isEqualTo(ParseStatus.OK);
        assertThat(frame.l3()).isEqualTo(ParsedFrame.L3.ARP);
        assertThat(frame.dstV4()).isEqualTo(V4_B);
        assertThat(frame.l4()).isEqualTo(ParsedFrame.L4.NONE);
    }

    @Test
    void udpOverBothFamilies() {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[128]);
        int length = Frames.udpV4(b, 0, MAC_B, MAC_A, V4_A, V4_B, 5353, 53, new byte[] {9, 9, 9});
        assertThat(parse(b, length)).isEqualTo(ParseStatus.OK);
        assertThat(frame.l4()).isEqualTo(ParsedFrame.L4.UDP);
        assertThat(frame.payloadLength()).isEqualTo(3);
        assertThat(frame.transportChecksumOk()).isTrue();
        length = Frames.udpV6(b, 0, MAC_B, MAC_A, V6_A, V6_B, 5353, 53, new byte[] {9});
        assertThat(parse(b, length)).isEqualTo(ParseStatus.OK);
        assertThat(frame.transportChecksumOk()).isTrue();
        b.putShort(frame.l4Offset() + UdpHeader.CHECKSUM_OFFSET, (short) 0);
        assertThat(frame.transportChecksumOk()).as("zero UDP checksum is not allowed over IPv6").isFalse();
    }

    @Test
    void icmpv4FragmentationNeededLeadsToTheQuotedTcpFlow() {
        final byte[] original = hex(WireBytes.V4_SYN.substring(28, 28 + 56)); // IP header + 8 TCP bytes
        final Icmpv4Repr icmp = Icmpv4Repr.fragmentationNeeded(1400, original);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[128]);
        EthernetRepr.of(MAC_B, MAC_A, EthernetHeader.TYPE_IPV4).emit(b, 0);
        Ipv4Repr.of(V4_B, V4_A, Ipv4Header.PROTOCOL_ICMP, icmp.bufferLength()).emit(b, 14);
        icmp.emit(b, 34);
        final int length = 34 + icmp.bufferLength();
        assertThat(parse(b, length)).isEqualTo(ParseStatus.OK);
        assertThat(frame.l4()).isEqualTo(ParsedFrame.L4.ICMPV4);
        assertThat(frame.icmpType()).isEqualTo(IcmpHeader.V4_DEST_UNREACHABLE);
        assertThat(frame.icmpCode()).isEqualTo(IcmpHeader.V4_CODE_FRAG_NEEDED);
        assertThat(new IcmpHeader().wrap(b, frame.l4Offset(), frame.l4Length()).v4NextHopMtu()).isEqualTo(1400);
        assertThat(frame.transportChecksumOk()).isTrue();
        assertThat(frame.quotedL3Offset()).isEqualTo(42);
        assertThat(frame.quotedProtocol()).isEqualTo(6);
        final TcpHeader quoted = new TcpHeader().wrap(b, frame.quotedL4Offset(), 8);
        assertThat(quoted.srcPort()).isEqualTo(37336);
        assertThat(quoted.dstPort()).isEqualTo(6000);
        assertThat(quoted.seq()).isEqualTo(0x07f1cdd5L);
        assertThat(new Ipv4Header().wrap(b, frame.quotedL3Offset(), 20).dst()).isEqualTo(Ipv4Address.parse("10.77.0.2"));
    }

    @Test
    void icmpv6PacketTooBigAndNeighborSolicitation() {
        final byte[] original = hex(WireBytes.V6_SYN.substring(28, 28 + 96)); // IPv6 header + 8 TCP bytes
        final Icmpv6Repr tooBig = Icmpv6Repr.packetTooBig(1280, original);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[200]);
        EthernetRepr.of(MAC_B, MAC_A, EthernetHeader.TYPE_IPV6).emit(b, 0);
        Ipv6Repr.of(V6_B, V6_A, Ipv6Header.NEXT_ICMPV6, tooBig.bufferLength()).emit(b, 14);
        tooBig.emit(b, 54, V6_B, V6_A);
        assertThat(parse(b, 54 + tooBig.bufferLength())).isEqualTo(ParseStatus.OK);
        assertThat(frame.l4()).isEqualTo(ParsedFrame.L4.ICMPV6);
        assertThat(frame.transportChecksumOk()).isTrue();
        assertThat(frame.quotedProtocol()).isEqualTo(6);
        assertThat(new TcpHeader().wrap(b, frame.quotedL4Offset(), 8).srcPort()).isEqualTo(37954);

        final Icmpv6Repr ns = Icmpv6Repr.neighborSolicitation(V6_B, MAC_A);
        EthernetRepr.of(MacAddress.ipv6Multicast(V6_B.solicitedNode()), MAC_A, EthernetHeader.TYPE_IPV6).emit(b, 0);
        new Ipv6Repr(V6_A, V6_B.solicitedNode(), Ipv6Header.NEXT_ICMPV6, 255, 0, 0, ns.bufferLength()).emit(b, 14);
        ns.emit(b, 54, V6_A, V6_B.solicitedNode());
        assertThat(parse(b, 54 + ns.bufferLength())).isEqualTo(ParseStatus.OK);
        assertThat(frame.icmpType()).isEqualTo(IcmpHeader.V6_NEIGHBOR_SOLICITATION);
        assertThat(frame.ttl()).isEqualTo(255);
        assertThat(frame.quotedL3Offset()).isEqualTo(-1);
        assertThat(frame.transportChecksumOk()).isTrue();
    }

    @Test
    void tcpOptionOverrunInAFrame() {
        final UnsafeBuffer b = buffer(WireBytes.V4_SYN);
        b.putByte(34 + 20 + 7, (byte) 20); // the timestamps option claims 20 bytes, running past the header
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.OPTION_OVERRUN);
        b.putByte(34 + 12, (byte) 0x20); // data offset 2 words
        assertThat(parse(b, b.capacity())).isEqualTo(ParseStatus.BAD_DATA_OFFSET);
    }

    @Test
    void theParserAndChecksumsDoNotAllocatePerFrame() {
        final UnsafeBuffer v4 = buffer(WireBytes.V4_SYN);
        final UnsafeBuffer v6 = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(WireBytes.V6_SYN.length() / 2));
        v6.putBytes(0, hex(WireBytes.V6_SYN));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int ok = 0;
        for (int round = 0; round < 3; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                ok += parse(v4, v4.capacity()) == ParseStatus.OK && frame.transportChecksumOk() ? 1 : 0;
                ok += parser.parse(v6, 0, v6.capacity(), frame) == ParseStatus.OK && frame.transportChecksumOk() ? 1 : 0;
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 2) {
                // the first rounds warm the JIT; after that a frame costs no allocation at all
                assertThat(allocated).as("bytes allocated by 40,000 parses and checksums").isLessThan(40_000);
            }
        }
        assertThat(ok).isEqualTo(120_000);
    }
}
