package dev.toeless.nic.wire;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code ...Repr.parse} answers random bytes of any length with a result, never an exception. */
class ReprParsePropertiesTest {
    private static final Ipv6Address A = Ipv6Address.parse("fe80::1");
    private static final Ipv6Address B = Ipv6Address.parse("ff02::1:ff00:2");

    @Property(tries = 3000)
    void randomBytesAreAResultNotAnException(@ForAll @Size(max = 120) byte[] bytes) {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int n = bytes.length;
        assertThat(EthernetRepr.parse(b, 0, n)).isNotNull();
        assertThat(ArpRepr.parse(b, 0, n)).isNotNull();
        assertThat(Ipv4Repr.parse(b, 0, n)).isNotNull();
        assertThat(Ipv6Repr.parse(b, 0, n)).isNotNull();
        assertThat(TcpRepr.parse(b, 0, n)).isNotNull();
        assertThat(UdpRepr.parse(b, 0, n)).isNotNull();
        assertThat(Icmpv4Repr.parse(b, 0, n)).isNotNull();
        assertThat(Icmpv6Repr.parse(b, 0, n, A, B)).isNotNull();
        assertThat(new Ipv6Extensions().walk(b, 0, n, Ipv6Header.NEXT_HOP_BY_HOP)).isNotNull();
    }

    /** ND messages with a valid checksum but random body still parse to a result. */
    @Property(tries = 2000)
    void neighborDiscoveryWithRandomOptions(@ForAll @Size(min = 24, max = 80) byte[] bytes, @ForAll boolean advert) {
        bytes[0] = (byte) (advert ? IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT : IcmpHeader.V6_NEIGHBOR_SOLICITATION);
        bytes[1] = 0;
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        b.putShort(2, (short) 0);
        final long pseudo = TransportChecksum.pseudoHeaderV6(A.high(), A.low(), B.high(), B.low(), Ipv6Header.NEXT_ICMPV6, bytes.length);
        b.putShort(2, (short) dev.toeless.nic.csum.InternetChecksum.finish(
            dev.toeless.nic.csum.InternetChecksum.sum(b, 0, bytes.length, pseudo)), java.nio.ByteOrder.BIG_ENDIAN);
        final Parsed<Icmpv6Repr> r = Icmpv6Repr.parse(b, 0, bytes.length, A, B);
        assertThat(r.status()).isNotEqualTo(ParseStatus.BAD_CHECKSUM).isNotEqualTo(ParseStatus.TRUNCATED);
    }
}
