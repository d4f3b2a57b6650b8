package dev.toeless.nic.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile-input and round-trip properties of the parser. jqwik prints the seed of a failing
 * run; replay it with {@code @Property(seed = "...")}.
 */
class FrameParserPropertiesTest {
    private static final long MAC_A = 0x0200_0000_000AL;
    private static final long MAC_B = 0x0200_0000_000BL;

    private final FrameParser parser = new FrameParser();
    private final ParsedFrame frame = new ParsedFrame();

    @Provide
    Arbitrary<TcpOptions> tcpOptions() {
        final Arbitrary<Integer> mss = Arbitraries.oneOf(Arbitraries.just(TcpOptionsView.NONE), Arbitraries.integers().between(0, 0xFFFF));
        final Arbitrary<Integer> ws = Arbitraries.integers().between(TcpOptionsView.NONE, TcpOptionsView.MAX_WINDOW_SCALE);
        final Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        final Arbitrary<List<TcpOptions.SackBlock>> sacks = Combinators.combine(u32, u32).as(TcpOptions.SackBlock::new)
            .list().ofMaxSize(TcpOptionsView.MAX_SACK_BLOCKS);
        return Combinators.combine(mss, ws, Arbitraries.of(true, false), Arbitraries.of(true, false), u32, u32, sacks)
            .as((m, w, sp, ts, val, ecr, blocks) -> {
                List<TcpOptions.SackBlock> fitting = blocks;
                while (length(m, w, sp, ts, fitting.size()) > 40) {
                    fitting = fitting.subList(0, fitting.size() - 1);
                }
                return new TcpOptions(m, w, sp, ts, ts ? val : 0, ts ? ecr : 0, fitting);
            });
    }

    private static int length(int mss, int ws, boolean sp, boolean ts, int sacks) {
        return (mss >= 0 ? 4 : 0) + (ts ? 12 : sp ? 4 : 0) + (ws >= 0 ? 4 : 0) + (sacks > 0 ? 4 + 8 * sacks : 0);
    }

    @Provide
    Arbitrary<TcpRepr> tcpHeaders() {
        final Arbitrary<Integer> port = Arbitraries.integers().between(0, 0xFFFF);
        final Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        return Combinators.combine(port, port, u32, u32, Arbitraries.integers().between(0, 0xFF), port, tcpOptions())
            .as((sp, dp, seq, ack, flags, window, options) -> new TcpRepr(sp, dp, seq, ack, flags, window, 0, options));
    }

    private static byte[] frameBytes(TcpRepr tcp, byte[] payload, boolean ipv6, boolean vlan) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[2048]);
        final int tci = vlan ? 0x0123 : EthernetRepr.NO_VLAN;
        final int length = ipv6
            ? Frames.tcpV6(b, 0, MAC_B, MAC_A, tci, Ipv6Address.parse("2001:db8::1"), Ipv6Address.parse("2001:db8::2"), tcp, payload)
            : Frames.tcpV4(b, 0, MAC_B, MAC_A, tci, Ipv4Address.parse("192.0.2.1"), Ipv4Address.parse("192.0.2.2"), tcp, payload);
        return Arrays.copyOf(b.byteArray(), length);
    }

    @Property(tries = 400)
    void tcpHeadersSurviveEmitAndParse(@ForAll("tcpHeaders") TcpRepr tcp) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[tcp.bufferLength()]);
        assertThat(tcp.emit(b, 0)).isEqualTo(tcp.bufferLength());
        assertThat(TcpRepr.parse(b, 0, b.capacity()).orElseThrow()).isEqualTo(tcp);
    }

    @Property(tries = 400)
    void wholeTcpFramesRoundTripThroughTheParser(@ForAll("tcpHeaders") TcpRepr tcp, @ForAll @Size(max = 1400) byte[] payload,
                                                 @ForAll boolean ipv6, @ForAll boolean vlan) {
        final byte[] bytes = frameBytes(tcp, payload, ipv6, vlan);
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        assertThat(parser.parse(b, 0, bytes.length, frame)).isEqualTo(ParseStatus.OK);
        assertThat(frame.transportChecksumOk()).isTrue();
        assertThat(frame.payloadLength()).isEqualTo(payload.length);
        assertThat(frame.srcPort()).isEqualTo(tcp.srcPort());
        assertThat(frame.tcpSeq()).isEqualTo(tcp.seq());
        assertThat(TcpOptions.of(frame.tcpOptions())).isEqualTo(tcp.options());
        final byte[] got = new byte[frame.payloadLength()];
        b.getBytes(frame.payloadOffset(), got);
        assertThat(got).isEqualTo(payload);
    }

    /**
     * The frame sits in a buffer exactly its (cut) length, so a read past the end would throw:
     * mutated and truncated frames must give a status, and any offsets they report stay inside.
     */
    @Property(tries = 2000)
    void mutatedAndTruncatedFramesNeverThrowNorPointOutside(@ForAll("tcpHeaders") TcpRepr tcp,
                                                            @ForAll @Size(max = 200) byte[] payload,
                                                            @ForAll boolean ipv6, @ForAll boolean vlan,
                                                            @ForAll @Size(max = 6) List<@IntRange(max = 10_000) Integer> positions,
                                                            @ForAll @Size(max = 6) List<Byte> values,
                                                            @ForAll @IntRange(max = 2000) int cutTo) {
        final byte[] valid = frameBytes(tcp, payload, ipv6, vlan);
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            valid[positions.get(i) % valid.length] = values.get(i);
        }
        final byte[] bytes = Arrays.copyOf(valid, Math.min(cutTo, valid.length));
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final ParseStatus status = parser.parse(b, 0, bytes.length, frame);
        assertThat(status).isNotNull();
        assertThat(frame.ipEnd()).isLessThanOrEqualTo(bytes.length);
        if (status == ParseStatus.OK) {
            assertThat(frame.payloadOffset()).isBetween(0, bytes.length);
            assertThat(frame.payloadOffset() + frame.payloadLength()).isLessThanOrEqualTo(frame.ipEnd());
            if (frame.l4Offset() >= 0) {
                assertThat(frame.l4Offset() + frame.l4HeaderLength()).isLessThanOrEqualTo(frame.ipEnd());
                frame.transportChecksumOk();
            }
            if (frame.quotedL4Offset() >= 0) {
                assertThat(frame.quotedL4Offset() + 8).isLessThanOrEqualTo(frame.ipEnd());
            }
        }
    }

    /** Random bytes, with a valid-looking Ethernet type so the deeper layers get exercised. */
    @Property(tries = 2000)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] junk, @ForAll("etherTypes") int etherType,
                               @ForAll @IntRange(max = 64) int nextHeader) {
        final byte[] bytes = Arrays.copyOf(junk, Math.max(junk.length, 0));
        if (bytes.length >= 14) {
            bytes[12] = (byte) (etherType >>> 8);
            bytes[13] = (byte) etherType;
        }
        if (bytes.length >= 21 && etherType == EthernetHeader.TYPE_IPV6) {
            bytes[14] = (byte) (0x60 | (bytes[14] & 0x0F));
            bytes[20] = (byte) nextHeader;
        }
        final ParseStatus status = parser.parse(new UnsafeBuffer(bytes), 0, bytes.length, frame);
        if (status == ParseStatus.OK && frame.payloadOffset() >= 0) {
            assertThat(frame.payloadOffset() + frame.payloadLength()).isLessThanOrEqualTo(bytes.length);
        }
    }

    @Provide
    Arbitrary<Integer> etherTypes() {
        return Arbitraries.of(EthernetHeader.TYPE_IPV4, EthernetHeader.TYPE_IPV6, EthernetHeader.TYPE_ARP,
            EthernetHeader.TYPE_VLAN, 0x88CC);
    }
}
