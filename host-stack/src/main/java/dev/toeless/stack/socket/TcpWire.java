package dev.toeless.stack.socket;

import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.Ipv6Header;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptionsView;
import dev.toeless.nic.wire.TransportChecksum;
import dev.toeless.stack.ip.IpLayer;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.tcp.TcpSegment;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Translates between TCP on the wire and the engine's {@link TcpSegment}: a received frame's
 * header fields and options become a segment whose fragments are the packet's payload pages; a
 * segment the engine emits becomes TCP header bytes (options in Linux's order and alignment)
 * behind the IP header in a {@link TxPacket}, its fragments the packet's, with the checksum
 * computed in software over the payload through {@link CpuTouch} when the device does not
 * offload it. No allocation per segment.
 */
final class TcpWire {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private final IpLayer ip;
    private final CpuTouch cpu;
    private final TcpHeader tcp = new TcpHeader();

    TcpWire(IpLayer ip, CpuTouch cpu) {
        this.ip = ip;
        this.cpu = cpu;
    }

    /** Fills {@code seg} from the frame; the packet's fragment references move to {@code seg}. */
    static void toSegment(ParsedFrame f, RxPacket rx, TcpSegment seg) {
        seg.clear();
        seg.header((int) f.tcpSeq(), (int) f.tcpAck(), f.tcpFlags(), f.tcpWindow());
        final TcpOptionsView o = f.tcpOptions();
        if (o.mss() != TcpOptionsView.NONE) {
            seg.mssOption(o.mss());
        }
        if (o.windowScale() != TcpOptionsView.NONE) {
            seg.windowScaleOption(o.windowScale());
        }
        seg.sackPermitted(o.sackPermitted());
        if (o.hasTimestamps()) {
            seg.timestamps((int) o.tsVal(), (int) o.tsEcr());
        }
        for (int i = 0; i < o.sackCount(); i++) {
            seg.addSackBlock((int) o.sackLeft(i), (int) o.sackRight(i));
        }
        for (int i = 0; i < rx.fragmentCount(); i++) {
            seg.addFragment(rx.fragmentPfn(i), rx.fragmentOffset(i), rx.fragmentLength(i));
        }
        if (rx.gsoSizeBytes() > 0) {
            seg.gsoSizeBytes(rx.gsoSizeBytes());
        }
        rx.forgetFragments();
    }

    /**
     * Sends {@code seg} from {@code (localHi, localLo):localPort} to the remote end. Takes the
     * segment's fragment references (they pass to the packet); the segment is borrowed. A
     * super-segment (the engine's TSO output) goes to a TSO device with {@code mssBytes} as the
     * segment size; a device without TSO never gets one, since the engine is configured without.
     */
    void transmit(long nowNs, boolean v6, long localHi, long localLo, int localPort,
                  long remoteHi, long remoteLo, int remotePort, TcpSegment seg, int mssBytes) {
        final TxPacket p = ip.allocatePacket();
        if (p == null) {
            seg.releaseFragments(cpu.memory());
            return;
        }
        cpu.cost().charge(seg.payloadBytes() == 0 ? CostOp.PURE_ACK : CostOp.TCP_FAST_PATH);
        // SACK blocks ride only as far as the MTU leaves room (a full data segment carries fewer)
        final int ipHeader = v6 ? Ipv6Header.HEADER_LENGTH : Ipv4Header.MIN_HEADER_LENGTH;
        final boolean superSegment = mssBytes > 0 && seg.payloadBytes() > mssBytes && ip.device().features().tso();
        final long segmentPayload = superSegment ? mssBytes : seg.payloadBytes();
        final int maxOptions = (int) Math.max(0, Math.min(40, ip.device().mtuBytes() - ipHeader
            - TcpHeader.MIN_HEADER_LENGTH - segmentPayload));
        final int optionBytes = optionLength(seg, maxOptions);
        final int tcpLength = TcpHeader.MIN_HEADER_LENGTH + optionBytes;
        final int l4Length = (int) (tcpLength + seg.payloadBytes());
        final int l4 = v6
            ? ip.writeIpv6(p, localHi, localLo, remoteHi, remoteLo, Ipv6Header.NEXT_TCP, 64, l4Length)
            : ip.writeIpv4(p, (int) remoteLo, Ipv4Header.PROTOCOL_TCP, l4Length);
        final MutableDirectBuffer b = p.header();
        tcp.wrap(b, l4, tcpLength).srcPort(localPort).dstPort(remotePort).seq(seg.seq() & 0xFFFF_FFFFL)
            .ack(seg.ack() & 0xFFFF_FFFFL).headerLength(tcpLength).flags(seg.flags()).window(seg.windowField() & 0xFFFF)
            .checksum(0).urgentPointer(0);
        final long optionWords = writeOptions(seg, b, l4 + TcpHeader.MIN_HEADER_LENGTH, optionBytes);
        p.headerLength(l4 + tcpLength);
        if (superSegment) {
            p.gsoSizeBytes(mssBytes);
        }
        for (int i = 0; i < seg.fragmentCount(); i++) {
            p.addFragment(seg.fragmentPfn(i), seg.fragmentOffset(i), seg.fragmentLength(i));
        }
        seg.forgetFragments();
        final long pseudo = TransportChecksum.pseudoHeaderSum(b, IpLayer.ETH_HEADER_BYTES, v6, Ipv4Header.PROTOCOL_TCP, l4Length);
        if (ip.device().features().txChecksum()) {
            b.putShort(l4 + TcpHeader.CHECKSUM_OFFSET, (short) InternetChecksum.fold(pseudo), BE);
            p.checksum(l4, TcpHeader.CHECKSUM_OFFSET);
        } else {
            // the header's words from the values just written: reading them back would wait for the stores
            long sum = pseudo + optionWords + (localPort & 0xFFFF) + (remotePort & 0xFFFF) + words(seg.seq())
                + words(seg.ack()) + (((tcpLength >>> 2) << 4 & 0xFF) << 8 | (seg.flags() & 0xFF))
                + (seg.windowField() & 0xFFFF);
            int streamOffset = tcpLength;
            for (int i = 0; i < p.fragmentCount(); i++) {
                final long piece = cpu.checksum(p.fragmentPfn(i), p.fragmentOffset(i), p.fragmentLength(i), 0);
                sum = InternetChecksum.sumAt(piece, streamOffset, sum);
                streamOffset += p.fragmentLength(i);
            }
            b.putShort(l4 + TcpHeader.CHECKSUM_OFFSET, (short) InternetChecksum.finish(sum), BE);
        }
        ip.output(nowNs, p, v6, remoteHi, remoteLo, Ipv4Header.PROTOCOL_TCP, localPort, remotePort, seg.flags());
    }

    static int optionLength(TcpSegment seg, int maxBytes) {
        int n = seg.mssOption() != TcpSegment.NONE ? 4 : 0;
        n += seg.hasTimestamps() ? 12 : seg.sackPermitted() ? 4 : 0;
        n += seg.windowScaleOption() != TcpSegment.NONE ? 4 : 0;
        final int blocks = sackBlocks(seg, maxBytes - n);
        n += blocks > 0 ? 4 + 8 * blocks : 0;
        return n;
    }

    private static int sackBlocks(TcpSegment seg, int roomBytes) {
        return Math.max(0, Math.min(seg.sackBlockCount(), (roomBytes - 4) / 8));
    }

    /** The two 16-bit words of {@code v}, added. */
    private static long words(int v) {
        return (v >>> 16) + (v & 0xFFFF);
    }

    /** Writes the options; returns the sum of their 16-bit words (for the checksum). */
    private static long writeOptions(TcpSegment seg, MutableDirectBuffer b, int at, int optionBytes) {
        final int start = at;
        long sum = 0;
        if (seg.mssOption() != TcpSegment.NONE) {
            sum += put(b, at, TcpOptionsView.KIND_MSS << 24 | 4 << 16 | (seg.mssOption() & 0xFFFF));
            at += 4;
        }
        if (seg.hasTimestamps()) {
            final int lead = seg.sackPermitted()
                ? TcpOptionsView.KIND_SACK_PERMITTED << 8 | 2 : TcpOptionsView.KIND_NOP << 8 | TcpOptionsView.KIND_NOP;
            sum += put(b, at, lead << 16 | TcpOptionsView.KIND_TIMESTAMPS << 8 | 10);
            sum += put(b, at + 4, seg.tsVal());
            sum += put(b, at + 8, seg.tsEcr());
            at += 12;
        } else if (seg.sackPermitted()) {
            sum += put(b, at, TcpOptionsView.KIND_NOP << 24 | TcpOptionsView.KIND_NOP << 16
                | TcpOptionsView.KIND_SACK_PERMITTED << 8 | 2);
            at += 4;
        }
        if (seg.windowScaleOption() != TcpSegment.NONE) {
            sum += put(b, at, TcpOptionsView.KIND_NOP << 24 | TcpOptionsView.KIND_WINDOW_SCALE << 16 | 3 << 8
                | seg.windowScaleOption());
            at += 4;
        }
        final int blocks = sackBlocks(seg, optionBytes - (at - start));
        if (blocks > 0) {
            sum += put(b, at, TcpOptionsView.KIND_NOP << 24 | TcpOptionsView.KIND_NOP << 16 | TcpOptionsView.KIND_SACK << 8
                | (2 + 8 * blocks));
            at += 4;
            for (int i = 0; i < blocks; i++) {
                sum += put(b, at, seg.sackLeft(i));
                sum += put(b, at + 4, seg.sackRight(i));
                at += 8;
            }
        }
        return sum;
    }

    /** Writes {@code v} big-endian at {@code at}; returns the sum of its two 16-bit words. */
    private static long put(MutableDirectBuffer b, int at, int v) {
        b.putInt(at, v, BE);
        return words(v);
    }
}
