package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every header {@code Repr} over some bytes: parsing gives a result, never an exception, and a
 * value that parsed emits bytes that parse back to the same value (a fuzz target's oracle).
 */
final class ReprRoundTrips {
    private ReprRoundTrips() {
    }

    static void all(DirectBuffer b, int offset, int length, Ipv6Address src, Ipv6Address dst) {
        final Parsed<EthernetRepr> eth = EthernetRepr.parse(b, offset, length);
        if (eth.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[eth.value().bufferLength()]);
            eth.value().emit(out, 0);
            assertThat(EthernetRepr.parse(out, 0, out.capacity()).value()).isEqualTo(eth.value());
        }
        final Parsed<ArpRepr> arp = ArpRepr.parse(b, offset, length);
        if (arp.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[arp.value().bufferLength()]);
            arp.value().emit(out, 0);
            assertThat(ArpRepr.parse(out, 0, out.capacity()).value()).isEqualTo(arp.value());
        }
        final Parsed<Ipv4Repr> v4 = Ipv4Repr.parse(b, offset, length);
        if (v4.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[v4.value().headerLength() + v4.value().payloadLength()]);
            v4.value().emit(out, 0);
            assertThat(Ipv4Repr.parse(out, 0, out.capacity()).value()).isEqualTo(v4.value());
        }
        final Parsed<Ipv6Repr> v6 = Ipv6Repr.parse(b, offset, length);
        if (v6.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[Ipv6Header.HEADER_LENGTH + v6.value().payloadLength()]);
            v6.value().emit(out, 0);
            assertThat(Ipv6Repr.parse(out, 0, out.capacity()).value()).isEqualTo(v6.value());
        }
        tcp(b, offset, length);
        final Parsed<UdpRepr> udp = UdpRepr.parse(b, offset, length);
        if (udp.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[UdpHeader.HEADER_LENGTH + udp.value().payloadLength()]);
            udp.value().emit(out, 0);
            assertThat(UdpRepr.parse(out, 0, out.capacity()).value()).isEqualTo(udp.value());
        }
        final Parsed<Icmpv4Repr> icmp4 = Icmpv4Repr.parse(b, offset, length);
        if (icmp4.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[icmp4.value().bufferLength()]);
            icmp4.value().emit(out, 0);
            assertThat(Icmpv4Repr.parse(out, 0, out.capacity()).value()).isEqualTo(icmp4.value());
        }
        final Parsed<Icmpv6Repr> icmp6 = Icmpv6Repr.parse(b, offset, length, src, dst);
        if (icmp6.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[icmp6.value().bufferLength()]);
            icmp6.value().emit(out, 0, src, dst);
            assertThat(Icmpv6Repr.parse(out, 0, out.capacity(), src, dst).value()).isEqualTo(icmp6.value());
        }
        assertThat(new Ipv6Extensions().walk(b, offset, offset + length, Ipv6Header.NEXT_HOP_BY_HOP)).isNotNull();
    }

    static void tcp(DirectBuffer b, int offset, int length) {
        final Parsed<TcpRepr> tcp = TcpRepr.parse(b, offset, length);
        if (tcp.isOk()) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[tcp.value().headerLength()]);
            tcp.value().emit(out, 0);
            assertThat(TcpRepr.parse(out, 0, out.capacity()).value()).isEqualTo(tcp.value());
        }
    }
}
