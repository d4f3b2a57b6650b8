package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;

import static dev.toeless.nic.wire.WireBytes.buffer;
import static dev.toeless.nic.wire.WireBytes.hex;
import static dev.toeless.nic.wire.WireBytes.hexOf;
import static org.assertj.core.api.Assertions.assertThat;

class HeaderCodecTest {
    private static final long MAC_A = MacAddress.parse("d2:28:54:2c:4a:8f");
    private static final long MAC_B = MacAddress.parse("9a:9c:9f:9d:30:19");

    /** Every prefix shorter than {@code full} is refused with a status, never an exception. */
    private static void everyTruncationFails(byte[] bytes, int full, BiFunction<DirectBuffer, Integer, Parsed<?>> parse) {
        for (int n = 0; n < full; n++) {
            final byte[] cut = java.util.Arrays.copyOf(bytes, n);
            final Parsed<?> r = parse.apply(new UnsafeBuffer(cut), n);
            assertThat(r.isOk()).as("length %d", n).isFalse();
        }
    }

    @Test
    void ethernetUntaggedParsesAndEmits() {
        final UnsafeBuffer frame = buffer(WireBytes.V4_SYN);
        final EthernetRepr eth = EthernetRepr.parse(frame, 0, frame.capacity()).orElseThrow();
        assertThat(eth).isEqualTo(new EthernetRepr(MAC_B, MAC_A, EthernetRepr.NO_VLAN, EthernetHeader.TYPE_IPV4));
        assertThat(MacAddress.toString(eth.dst())).isEqualTo("9a:9c:9f:9d:30:19");
        final UnsafeBuffer out = new UnsafeBuffer(new byte[14]);
        assertThat(eth.emit(out, 0)).isEqualTo(14);
        assertThat(hexOf(out, 0, 14)).isEqualTo(WireBytes.V4_SYN.substring(0, 28));
        everyTruncationFails(hex(WireBytes.V4_SYN), 14, (b, n) -> EthernetRepr.parse(b, 0, n));
    }

    @Test
    void ethernetWithOneVlanTag() {
        final byte[] tagged = hex("9a9c9f9d3019d228542c4a8f" + "8100" + "6064" + "86dd");
        final EthernetRepr eth = EthernetRepr.parse(new UnsafeBuffer(tagged), 0, tagged.length).orElseThrow();
        assertThat(eth.vlanTci()).isEqualTo(0x6064);
        assertThat(new EthernetHeader().wrap(new UnsafeBuffer(tagged), 0, 18).vlanId()).isEqualTo(100);
        assertThat(eth.etherType()).isEqualTo(EthernetHeader.TYPE_IPV6);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[18]);
        eth.emit(out, 0);
        assertThat(out.byteArray()).isEqualTo(tagged);
        everyTruncationFails(tagged, 18, (b, n) -> EthernetRepr.parse(b, 0, n));
        final byte[] doubleTag = hex("9a9c9f9d3019d228542c4a8f" + "8100" + "0064" + "8100");
        assertThat(EthernetRepr.parse(new UnsafeBuffer(doubleTag), 0, 18).status()).isEqualTo(ParseStatus.UNKNOWN_ETHERTYPE);
    }

    @Test
    void arpRequestAndReply() {
        // who-has 10.77.0.2 tell 10.77.1.1
        final String request = "0001" + "0800" + "06" + "04" + "0001" + "d228542c4a8f" + "0a4d0101" + "000000000000" + "0a4d0002";
        final ArpRepr arp = ArpRepr.parse(buffer(request), 0, 28).orElseThrow();
        assertThat(arp).isEqualTo(ArpRepr.request(MAC_A, Ipv4Address.parse("10.77.1.1"), Ipv4Address.parse("10.77.0.2")));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[28]);
        ArpRepr.reply(MAC_B, Ipv4Address.parse("10.77.0.2"), MAC_A, Ipv4Address.parse("10.77.1.1")).emit(out, 0);
        assertThat(hexOf(out, 0, 28)).isEqualTo("0001080006040002" + "9a9c9f9d3019" + "0a4d0002" + "d228542c4a8f" + "0a4d0101");
        everyTruncationFails(hex(request), 28, (b, n) -> ArpRepr.parse(b, 0, n));
        final byte[] ipx = hex(request);
        ipx[3] = 0x37;
        assertThat(ArpRepr.parse(new UnsafeBuffer(ipx), 0, 28).status()).isEqualTo(ParseStatus.BAD_FIELD);
    }

    @Test
    void ipv4HeaderFromALinuxSyn() {
        final UnsafeBuffer frame = buffer(WireBytes.V4_SYN);
        final Ipv4Repr ip = Ipv4Repr.parse(frame, 14, frame.capacity() - 14).orElseThrow();
        assertThat(Ipv4Address.toString(ip.src())).isEqualTo("10.77.1.1");
        assertThat(Ipv4Address.toString(ip.dst())).isEqualTo("10.77.0.2");
        assertThat(ip.protocol()).isEqualTo(6);
        assertThat(ip.ttl()).isEqualTo(63);
        assertThat(ip.identification()).isEqualTo(0x0863);
        assertThat(ip.dontFragment()).isTrue();
        assertThat(ip.isFragment()).isFalse();
        assertThat(ip.payloadLength()).isEqualTo(40);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[20]);
        ip.emit(out, 0);
        assertThat(hexOf(out, 0, 20)).isEqualTo(WireBytes.V4_SYN.substring(28, 68));
        everyTruncationFails(hex(WireBytes.V4_SYN.substring(28)), 60, (b, n) -> Ipv4Repr.parse(b, 0, n));
    }

    @Test
    void ipv4OptionsFragmentsAndBadHeaders() {
        final byte[] options = hex("94040000"); // router alert
        final Ipv4Repr frag = new Ipv4Repr(Ipv4Address.of(192, 0, 2, 1), Ipv4Address.of(198, 51, 100, 7), 17, 5, 0, 77,
            false, true, 1480, options, 8);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[32]);
        assertThat(frag.emit(out, 0)).isEqualTo(24);
        assertThat(hexOf(out, 0, 1)).isEqualTo("46");
        final Ipv4Repr back = Ipv4Repr.parse(out, 0, 32).orElseThrow();
        assertThat(back).isEqualTo(frag);
        assertThat(back.isFragment()).isTrue();
        assertThat(new Ipv4Header().wrap(out, 0, 32).fragmentOffsetBytes()).isEqualTo(1480);

        // an option whose length runs past the header
        final Ipv4Repr overrun = new Ipv4Repr(1, 2, 17, 5, 0, 0, false, false, 0, hex("01940800"), 0);
        overrun.emit(out, 0);
        assertThat(Ipv4Repr.parse(out, 0, 24).status()).isEqualTo(ParseStatus.OPTION_OVERRUN);

        final byte[] h = hex(WireBytes.V4_SYN.substring(28, 68) + "00".repeat(40));
        h[0] = 0x65;
        assertThat(Ipv4Repr.parse(new UnsafeBuffer(h), 0, 60).status()).isEqualTo(ParseStatus.BAD_IP_VERSION);
        h[0] = 0x44;
        assertThat(Ipv4Repr.parse(new UnsafeBuffer(h), 0, 60).status()).isEqualTo(ParseStatus.BAD_IHL);
        h[0] = 0x45;
        h[3] = 0x10; // total length 16 < header
        assertThat(Ipv4Repr.parse(new UnsafeBuffer(h), 0, 60).status()).isEqualTo(ParseStatus.BAD_LENGTH);
        h[3] = 0x3c;
        h[8] = 0x40; // TTL changed, checksum stale
        assertThat(Ipv4Repr.parse(new UnsafeBuffer(h), 0, 60).status()).isEqualTo(ParseStatus.BAD_IP_CHECKSUM);
    }

    @Test
    void ipv6HeaderFromALinuxSyn() {
        final UnsafeBuffer frame = buffer(WireBytes.V6_SYN);
        final Ipv6Repr ip = Ipv6Repr.parse(frame, 14, frame.capacity() - 14).orElseThrow();
        assertThat(ip.src()).isEqualTo(Ipv6Address.parse("fd77:1::1"));
        assertThat(ip.dst()).isEqualTo(Ipv6Address.parse("fd77::2"));
        assertThat(ip.nextHeader()).isEqualTo(6);
        assertThat(ip.payloadLength()).isEqualTo(40);
        assertThat(ip.flowLabel()).isEqualTo(0xe9a68);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[40]);
        ip.emit(out, 0);
        assertThat(hexOf(out, 0, 40)).isEqualTo(WireBytes.V6_SYN.substring(28, 108));
        everyTruncationFails(hex(WireBytes.V6_SYN.substring(28)), 80, (b, n) -> Ipv6Repr.parse(b, 0, n));
    }

    @Test
    void ipv6ExtensionHeadersAreWalkedToTheTransport() {
        // hop-by-hop (8, PadN) -> routing (8) -> destination options (16) -> TCP
        final String hbh = "2b" + "00" + "0104000000000000".substring(0, 12);
        final String routing = "3c" + "00" + "000000000000";
        final String dest = "06" + "01" + "0104" + "00000000" + "0000000000000000";
        final byte[] chain = hex(hbh + routing + dest);
        final Ipv6Extensions walk = new Ipv6Extensions();
        assertThat(walk.walk(new UnsafeBuffer(chain), 0, chain.length, 0)).isEqualTo(ParseStatus.OK);
        assertThat(walk.upperProtocol()).isEqualTo(6);
        assertThat(walk.upperOffset()).isEqualTo(32);
        assertThat(walk.headerCount()).isEqualTo(3);
        for (int n = 0; n < chain.length; n++) {
            assertThat(walk.walk(new UnsafeBuffer(chain), 0, n, 0)).as("cut at %d", n).isEqualTo(ParseStatus.TRUNCATED);
        }
        // first fragment walks on; a later fragment stops
        final byte[] first = hex("06000001" + "12345678");
        assertThat(walk.walk(new UnsafeBuffer(first), 0, 8, Ipv6Header.NEXT_FRAGMENT)).isEqualTo(ParseStatus.OK);
        assertThat(walk.isFragment()).isTrue();
        assertThat(walk.moreFragments()).isTrue();
        assertThat(walk.fragmentId()).isEqualTo(0x12345678L);
        final byte[] later = hex("060005a8" + "12345678");
        assertThat(walk.walk(new UnsafeBuffer(later), 0, 8, Ipv6Header.NEXT_FRAGMENT)).isEqualTo(ParseStatus.FRAGMENT);
        assertThat(walk.fragmentOffsetBytes()).isEqualTo(1448);
        // destination options whose PadN runs past the header
        final byte[] badPad = hex("0600" + "0105" + "00000000");
        assertThat(walk.walk(new UnsafeBuffer(badPad), 0, 8, Ipv6Header.NEXT_DEST_OPTIONS)).isEqualTo(ParseStatus.OPTION_OVERRUN);
        // a chain of destination options longer than the bound
        final byte[] loop = hex("3c00000000000000".repeat(12));
        assertThat(walk.walk(new UnsafeBuffer(loop), 0, loop.length, 60)).isEqualTo(ParseStatus.EXT_HEADER_LIMIT);
        // hop-by-hop anywhere but first
        final byte[] lateHbh = hex("0000000000000000" + "0600000000000000");
        assertThat(walk.walk(new UnsafeBuffer(lateHbh), 0, 16, 60)).isEqualTo(ParseStatus.EXT_HEADER_LIMIT);
    }

    @Test
    void tcpHeaderWithLinuxSynOptions() {
        final UnsafeBuffer frame = buffer(WireBytes.V4_SYN);
        final TcpRepr tcp = TcpRepr.parse(frame, 34, 40).orElseThrow();
        assertThat(tcp.srcPort()).isEqualTo(37336);
        assertThat(tcp.dstPort()).isEqualTo(6000);
        assertThat(tcp.seq()).isEqualTo(0x07f1cdd5L);
        assertThat(tcp.flags()).isEqualTo(TcpHeader.SYN);
        assertThat(tcp.window()).isEqualTo(64240);
        assertThat(tcp.options()).isEqualTo(new TcpOptions(1460, 10, true, true, 0x282ae78aL, 0, List.of()));
        // Linux's SYN layout is the order TcpOptions emits, so the bytes come back exactly.
        final UnsafeBuffer out = new UnsafeBuffer(new byte[40]);
        tcp.emit(out, 0);
        out.putShort(TcpHeader.CHECKSUM_OFFSET, frame.getShort(34 + TcpHeader.CHECKSUM_OFFSET));
        assertThat(hexOf(out, 0, 40)).isEqualTo(WireBytes.V4_SYN.substring(68));
        everyTruncationFails(hex(WireBytes.V4_SYN.substring(68)), 40, (b, n) -> TcpRepr.parse(b, 0, n));
    }

    /** Found by the tcp-options fuzz target: legal options whose padded layout would need 44 bytes. */
    @Test
    void timestampsWindowScaleAndThreeSackBlocksFitUnpadded() {
        // TS(10) WS(3) SACK 3 blocks(26): 39 bytes, as a peer may send them; padded they would take 44
        final byte[] opts = hex("080a0000000700000009" + "030307" + "051a" + "000000010000000200000003000000040000000500000006"
            + "00");
        final TcpOptionsView view = new TcpOptionsView();
        assertThat(view.parse(new UnsafeBuffer(opts), 0, opts.length)).isEqualTo(ParseStatus.OK);
        final TcpOptions value = TcpOptions.of(view);
        assertThat(value.bufferLength()).isEqualTo(40);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[40]);
        assertThat(value.emit(out, 0)).isEqualTo(40);
        assertThat(view.parse(out, 0, 40)).isEqualTo(ParseStatus.OK);
        assertThat(TcpOptions.of(view)).isEqualTo(value);
        assertThat(value.sackBlocks()).hasSize(3);
    }

    @Test
    void tcpOptionsSackUnknownKindsAndOverruns() {
        final TcpOptionsView view = new TcpOptionsView();
        // NOP NOP SACK(2 blocks) | unknown kind 30 len 4 | EOL
        final byte[] opts = hex("0101" + "0512" + "00000064000000c8" + "0000012c00000190" + "1e040000" + "00000000");
        assertThat(view.parse(new UnsafeBuffer(opts), 0, opts.length)).isEqualTo(ParseStatus.OK);
        assertThat(view.sackCount()).isEqualTo(2);
        assertThat(view.sackLeft(1)).isEqualTo(300);
        assertThat(view.sackRight(1)).isEqualTo(400);
        assertThat(view.unknownCount()).isEqualTo(1);
        assertThat(view.mss()).isEqualTo(TcpOptionsView.NONE);
        // MSS whose length runs past the header
        assertThat(view.parse(new UnsafeBuffer(hex("01010204")), 0, 4)).isEqualTo(ParseStatus.OPTION_OVERRUN);
        // a kind with no length byte at the end
        assertThat(view.parse(new UnsafeBuffer(hex("010101" + "08")), 0, 4)).isEqualTo(ParseStatus.OPTION_OVERRUN);
        // length 0 would loop forever; it is an overrun
        assertThat(view.parse(new UnsafeBuffer(hex("1e000000")), 0, 4)).isEqualTo(ParseStatus.OPTION_OVERRUN);
        // MSS with length 3
        assertThat(view.parse(new UnsafeBuffer(hex("02030500")), 0, 4)).isEqualTo(ParseStatus.BAD_FIELD);
        // window scale above 14 is clamped (RFC 7323)
        assertThat(view.parse(new UnsafeBuffer(hex("01030310")), 0, 4)).isEqualTo(ParseStatus.OK);
        assertThat(view.windowScale()).isEqualTo(14);
        // data offset below five words
        final byte[] seg = hex(WireBytes.V4_SYN.substring(68));
        seg[12] = 0x40;
        assertThat(TcpRepr.parse(new UnsafeBuffer(seg), 0, 40).status()).isEqualTo(ParseStatus.BAD_DATA_OFFSET);
    }

    @Test
    void udpHeader() {
        final String dns = "d431" + "0035" + "000c" + "0000" + "cafebabe";
        final UdpRepr udp = UdpRepr.parse(buffer(dns), 0, 12).orElseThrow();
        assertThat(udp).isEqualTo(new UdpRepr(54321, 53, 4));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[8]);
        udp.emit(out, 0);
        assertThat(hexOf(out, 0, 8)).isEqualTo(dns.substring(0, 16));
        everyTruncationFails(hex(dns), 12, (b, n) -> UdpRepr.parse(b, 0, n));
        assertThat(UdpRepr.parse(buffer("d43100350004000000"), 0, 9).status()).isEqualTo(ParseStatus.BAD_LENGTH);
    }

    @Test
    void icmpv4EchoAndFragmentationNeeded() {
        // ping: type 8, id 0x1234, seq 1, "hi"
        final String echo = "0800" + "7d61" + "12340001" + "6869";
        final Icmpv4Repr ping = Icmpv4Repr.parse(buffer(echo), 0, 10).orElseThrow();
        assertThat(ping).isEqualTo(Icmpv4Repr.echoRequest(0x1234, 1, "hi".getBytes()));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[10]);
        ping.emit(out, 0);
        assertThat(hexOf(out, 0, 10)).isEqualTo(echo);
        everyTruncationFails(hex(echo), 10, (b, n) -> Icmpv4Repr.parse(b, 0, n));
        final byte[] quoted = hex(WireBytes.V4_SYN.substring(28, 28 + 56));
        final Icmpv4Repr needFrag = Icmpv4Repr.fragmentationNeeded(1400, quoted);
        final UnsafeBuffer msg = new UnsafeBuffer(new byte[needFrag.bufferLength()]);
        needFrag.emit(msg, 0);
        final Icmpv4Repr back = Icmpv4Repr.parse(msg, 0, msg.capacity()).orElseThrow();
        assertThat(back.nextHopMtu()).isEqualTo(1400);
        assertThat(back.isError()).isTrue();
        assertThat(new IcmpHeader().wrap(msg, 0, msg.capacity()).v4NextHopMtu()).isEqualTo(1400);
        msg.putByte(9, (byte) (msg.getByte(9) ^ 0x5a));
        assertThat(Icmpv4Repr.parse(msg, 0, msg.capacity()).status()).isEqualTo(ParseStatus.BAD_CHECKSUM);
    }

    @Test
    void icmpv6NeighborDiscoveryEchoAndPacketTooBig() {
        final Ipv6Address a = Ipv6Address.parse("fe80::1");
        final Ipv6Address b = Ipv6Address.parse("fe80::2");
        final Icmpv6Repr ns = Icmpv6Repr.neighborSolicitation(b, MAC_A);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        assertThat(ns.emit(out, 0, a, b.solicitedNode())).isEqualTo(32);
        assertThat(hexOf(out, 0, 32)).startsWith("8700").endsWith("0101d228542c4a8f");
        assertThat(Icmpv6Repr.parse(out, 0, 32, a, b.solicitedNode()).orElseThrow()).isEqualTo(ns);
        assertThat(Icmpv6Repr.parse(out, 0, 32, a, b).status()).isEqualTo(ParseStatus.BAD_CHECKSUM);
        final byte[] nsBytes = new byte[32];
        out.getBytes(0, nsBytes);
        everyTruncationFails(nsBytes, 32, (buf, n) -> Icmpv6Repr.parse(buf, 0, n, a, b.solicitedNode()));

        final Icmpv6Repr na = Icmpv6Repr.neighborAdvertisement(b, MAC_B, false, true, true);
        na.emit(out, 0, b, a);
        final Icmpv6Repr naBack = Icmpv6Repr.parse(out, 0, 32, b, a).orElseThrow();
        assertThat(naBack.linkLayerAddress()).isEqualTo(MAC_B);
        assertThat(naBack.rest()).isEqualTo(IcmpHeader.ND_FLAG_SOLICITED | IcmpHeader.ND_FLAG_OVERRIDE);

        final Icmpv6Repr echo = Icmpv6Repr.echoRequest(7, 9, new byte[] {1, 2, 3});
        echo.emit(out, 0, a, b);
        assertThat(Icmpv6Repr.parse(out, 0, 11, a, b).orElseThrow()).isEqualTo(echo);

        final Icmpv6Repr tooBig = Icmpv6Repr.packetTooBig(1280, hex(WireBytes.V6_SYN.substring(28)));
        final UnsafeBuffer big = new UnsafeBuffer(new byte[tooBig.bufferLength()]);
        tooBig.emit(big, 0, a, b);
        assertThat(Icmpv6Repr.parse(big, 0, big.capacity(), a, b).orElseThrow().mtu()).isEqualTo(1280);
        assertThat(new IcmpHeader().wrap(big, 0, big.capacity()).v6Mtu()).isEqualTo(1280);
    }

    @Test
    void addressesPrintAndParse() {
        assertThat(Ipv6Address.parse("fd77:1::1").toString()).isEqualTo("fd77:1::1");
        assertThat(Ipv6Address.parse("2001:db8:0:0:1:0:0:1").toString()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Ipv6Address.parse("2001:db8:0:1:1:1:1:1").toString()).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Ipv6Address.UNSPECIFIED.toString()).isEqualTo("::");
        assertThat(Ipv6Address.parse("ff02::1").toString()).isEqualTo("ff02::1");
        assertThat(Ipv6Address.parse("::ffff:10.77.0.2")).isEqualTo(Ipv6Address.v4Mapped(0x0A4D0002));
        assertThat(Ipv6Address.v4Mapped(0x0A4D0002).toString()).isEqualTo("::ffff:a4d:2");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Ipv6Address.parse("1::2::3"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Ipv6Address.parse("12345::"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Ipv6Address.parse("1:2:3"));
        assertThat(Ipv6Address.parse("::")).isEqualTo(Ipv6Address.UNSPECIFIED);
        assertThat(Ipv6Address.parse("fe80::2").solicitedNode()).isEqualTo(Ipv6Address.parse("ff02::1:ff00:2"));
        assertThat(MacAddress.ipv6Multicast(Ipv6Address.parse("ff02::1:ff00:2"))).isEqualTo(MacAddress.parse("33:33:ff:00:00:02"));
        assertThat(Ipv4Address.parse("10.77.0.2")).isEqualTo(0x0A4D0002);
    }
}
