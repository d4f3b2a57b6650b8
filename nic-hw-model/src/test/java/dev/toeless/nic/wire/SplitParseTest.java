package dev.toeless.nic.wire;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames whose payload the NIC put elsewhere: headers parse alone, against the whole frame's lengths. */
class SplitParseTest {
    private final FrameParser parser = new FrameParser();
    private final ParsedFrame whole = new ParsedFrame();
    private final ParsedFrame split = new ParsedFrame();

    private static byte[] tcpFrame(boolean ipv6, int payloadBytes) {
        final byte[] payload = new byte[payloadBytes];
        for (int i = 0; i < payloadBytes; i++) {
            payload[i] = (byte) (i * 7);
        }
        final TcpRepr tcp = new TcpRepr(40000, 5001, 1000, 2000, TcpHeader.ACK | TcpHeader.PSH, 512, 0,
            TcpOptions.NONE);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[2048]);
        final int n = ipv6
            ? Frames.tcpV6(b, 0, 0x0200_0000_0002L, 0x0200_0000_0001L, EthernetRepr.NO_VLAN, Ipv6Address.parse("fd00::1"),
                Ipv6Address.parse("fd00::2"), tcp, payload)
            : Frames.tcpV4(b, 0, 0x0200_0000_0002L, 0x0200_0000_0001L, EthernetRepr.NO_VLAN, Ipv4Address.parse("10.0.0.1"),
                Ipv4Address.parse("10.0.0.2"), tcp, payload);
        final byte[] out = new byte[n];
        b.getBytes(0, out);
        return out;
    }

    @Test
    void theHeadersOfASplitFrameParseAsTheWholeFrameDoes() {
        for (boolean v6 : new boolean[]{false, true}) {
            final byte[] frame = tcpFrame(v6, 1400);
            assertThat(parser.parse(new UnsafeBuffer(frame), 0, frame.length, whole)).isEqualTo(ParseStatus.OK);
            final int headerLength = whole.payloadOffset();
            final UnsafeBuffer headerOnly = new UnsafeBuffer(java.util.Arrays.copyOf(frame, headerLength));
            assertThat(parser.parseSplit(headerOnly, 0, headerLength, 1400, split)).isEqualTo(ParseStatus.OK);
            assertThat(split.payloadOffset()).isEqualTo(headerLength);
            assertThat(split.payloadLength()).isEqualTo(1400);
            assertThat(split.tcpSeq()).isEqualTo(1000);
            assertThat(split.srcPort()).isEqualTo(40000);
            assertThat(split.flowTuple()).isEqualTo(whole.flowTuple());
        }
    }

    @Test
    void aPayloadLengthThatDisagreesWithTheIpLengthIsRefused() {
        final byte[] frame = tcpFrame(false, 1000);
        parser.parse(new UnsafeBuffer(frame), 0, frame.length, whole);
        final UnsafeBuffer headerOnly = new UnsafeBuffer(java.util.Arrays.copyOf(frame, whole.payloadOffset()));
        assertThat(parser.parseSplit(headerOnly, 0, whole.payloadOffset(), 999, split)).as("IP claims more")
            .isEqualTo(ParseStatus.TRUNCATED);
        assertThat(parser.parseSplit(headerOnly, 0, whole.payloadOffset(), 2000, split)).as("IP claims less")
            .isEqualTo(ParseStatus.BAD_LENGTH);
        assertThat(parser.parseSplit(headerOnly, 0, whole.payloadOffset() - 4, 1004, split)).isNotEqualTo(ParseStatus.OK);
    }

    @Test
    void bytesAfterTheHeadersOfAPayloadlessSplitFrameAreRefused() {
        // the replayed sample that found it: an IPv6 frame with one byte beyond its TCP header
        final byte[] frame = tcpFrame(true, 100);
        final byte[] header = java.util.Arrays.copyOf(frame, 75);
        header[19] = 20; // IPv6 payload length 20: a bare TCP header, the header buffer one byte longer
        assertThat(parser.parseSplit(new UnsafeBuffer(header), 0, 75, 0, split)).isEqualTo(ParseStatus.BAD_LENGTH);
    }

    /** Random header bytes with any claimed payload length never read past the header buffer. */
    @Property(tries = 2000)
    void hostileHeadersNeverReadPastTheBuffer(@ForAll @IntRange(min = 0, max = 120) int cut,
                                              @ForAll @IntRange(min = 0, max = 70_000) int payloadBytes,
                                              @ForAll @IntRange(min = 0, max = 119) int flipAt,
                                              @ForAll @IntRange(min = 0, max = 255) int flipTo,
                                              @ForAll boolean v6) {
        final byte[] frame = tcpFrame(v6, 100);
        final int length = Math.min(cut, frame.length);
        final byte[] header = java.util.Arrays.copyOf(frame, length);
        if (flipAt < length) {
            header[flipAt] = (byte) flipTo;
        }
        final ParseStatus status = parser.parseSplit(new UnsafeBuffer(header), 0, length, payloadBytes, split);
        if (status == ParseStatus.OK && split.isTcp()) {
            assertThat(split.payloadOffset()).isEqualTo(length);
        }
    }
}
