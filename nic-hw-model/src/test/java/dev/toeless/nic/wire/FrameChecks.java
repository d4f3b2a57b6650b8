package dev.toeless.nic.wire;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of a {@link ParsedFrame} that hold for any input bytes (the fuzz targets' oracle). */
final class FrameChecks {
    private FrameChecks() {
    }

    /** An OK (or fragment) parse of {@code [offset, offset+length)} points only inside that range. */
    static void insideFrame(ParsedFrame f, int offset, int length) {
        if (f.status() != ParseStatus.OK && f.status() != ParseStatus.FRAGMENT) {
            return;
        }
        final int end = offset + length;
        assertThat(f.l3Offset()).as("L3 after Ethernet").isBetween(offset + EthernetHeader.HEADER_LENGTH, end);
        assertThat(f.ipEnd()).as("IP end inside the frame").isBetween(f.l3Offset(), end);
        if (f.status() == ParseStatus.FRAGMENT) {
            return;
        }
        assertThat(f.l3Offset() + f.l3HeaderLength()).as("L3 header inside the packet").isLessThanOrEqualTo(f.ipEnd());
        if (f.l4() == ParsedFrame.L4.NONE) {
            return;
        }
        assertThat(f.l4Offset()).as("L4 after the IP header").isEqualTo(f.l3Offset() + f.l3HeaderLength());
        assertThat(f.payloadOffset()).as("payload after the L4 header").isEqualTo(f.l4Offset() + f.l4HeaderLength());
        assertThat(f.payloadLength()).as("payload length").isNotNegative();
        assertThat(f.payloadOffset() + f.payloadLength()).as("payload inside the packet").isLessThanOrEqualTo(f.ipEnd());
        if (f.quotedL4Offset() >= 0) {
            assertThat(f.quotedL3Offset()).as("quote inside the ICMP body").isGreaterThanOrEqualTo(f.payloadOffset());
            assertThat(f.quotedL4Offset() + 8).as("quoted transport bytes inside the packet").isLessThanOrEqualTo(f.ipEnd());
        }
        if (f.isTcp()) {
            final TcpOptionsView o = f.tcpOptions();
            assertThat(o.sackCount()).isBetween(0, TcpOptionsView.MAX_SACK_BLOCKS);
            assertThat(o.windowScale()).isBetween(TcpOptionsView.NONE, TcpOptionsView.MAX_WINDOW_SCALE);
        }
    }

    /** {@code b} is {@code a} parsed {@code shift} bytes further into its buffer. */
    static void sameShifted(ParsedFrame a, ParsedFrame b, int shift) {
        assertThat(b.status()).as("status independent of the frame's place in its buffer").isEqualTo(a.status());
        if (a.status() != ParseStatus.OK) {
            return;
        }
        assertThat(b.l3()).isEqualTo(a.l3());
        assertThat(b.l4()).isEqualTo(a.l4());
        assertThat(b.l3Offset()).isEqualTo(a.l3Offset() + shift);
        assertThat(b.ipEnd()).isEqualTo(a.ipEnd() + shift);
        assertThat(b.payloadOffset()).isEqualTo(a.payloadOffset() < 0 ? -1 : a.payloadOffset() + shift);
        assertThat(b.payloadLength()).isEqualTo(a.payloadLength());
        assertThat(b.srcLow()).isEqualTo(a.srcLow());
        assertThat(b.dstHigh()).isEqualTo(a.dstHigh());
        assertThat(b.srcPort()).isEqualTo(a.srcPort());
        assertThat(b.dstPort()).isEqualTo(a.dstPort());
        assertThat(b.tcpSeq()).isEqualTo(a.tcpSeq());
        assertThat(b.tcpAck()).isEqualTo(a.tcpAck());
        assertThat(b.tcpFlags()).isEqualTo(a.tcpFlags());
        assertThat(b.vlanTci()).isEqualTo(a.vlanTci());
        assertThat(b.quotedL4Offset()).isEqualTo(a.quotedL4Offset() < 0 ? -1 : a.quotedL4Offset() + shift);
    }
}
