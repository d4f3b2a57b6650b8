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
import dev.toeless.stack.ip.IpOutput;
import dev.toeless.stack.netdev.DeviceFeatures;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.tcp.TcpSegment;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Translates between TCP on the wire and the engine's {@link TcpSegment}: a received frame's
 * header fields and options become a segment whose fragments are the packet's payload pages; a
 * segment the engine emits becomes TCP header bytes (options in Linux's order and alignment)
 * behind the IP header in a {@link TxPacket}, its fragments the packet's, with the checksum left
 * partial (the pseudo-header sum in the field, Linux's CHECKSUM_PARTIAL) for the device path to
 * complete: in hardware, or by the host's one software transmit checksum when the device cannot.
 * TCP never sums payload itself. No allocation per segment.
 */
final class TcpWire {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private final IpOutput ip;
    private final CpuTouch cpu;
    private final DeviceFeatures features;
    private final TcpHeader tcp = new TcpHeader();

    /** @param features what the device offloads, handed over once: TSO decides whether super-segments go out */
    TcpWire(IpOutput ip, CpuTouch cpu, DeviceFeatures features) {
        this.ip = ip;
        this.cpu = cpu;
        this.features = features;
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
        for (int i = 0; i < rx.fragments().count(); i++) {
            seg.addFragment(rx.fragments().pfn(i), rx.fragments().offset(i), rx.fragments().length(i));
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
        if (seg.fragmentCount() > TxPacket.MAX_FRAGMENTS) { // the engine ends a segment at TcpSegment.MAX_FRAGMENTS
            throw new IllegalStateException("a segment of " + seg.fragmentCount() + " fragments, more than a packet takes ("
                + TxPacket.MAX_FRAGMENTS + ")");
        }
        final TxPacket p = ip.allocatePacket();
        if (p == null) {
            seg.releaseFragments(cpu.memory());
            return;
        }
        cpu.cost().charge(seg.payloadBytes() == 0 ? CostOp.PURE_ACK : CostOp.TCP_FAST_PATH);
        // SACK blocks ride only as far as the MTU leaves room (a full data segment carries fewer)
        final int ipHeader = v6 ? Ipv6Header.HEADER_LENGTH : Ipv4Header.MIN_HEADER_LENGTH;
        final boolean superSegment = mssBytes > 0 && seg.payloadBytes() > mssBytes && features.tso();
        final long segmentPayload = superSegment ? mssBytes : seg.payloadBytes();
        final int maxOptions = (int) Math.max(0, Math.min(40, ip.mtuBytes() - ipHeader
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
        writeOptions(seg, b, l4 + TcpHeader.MIN_HEADER_LENGTH, optionBytes);
        p.headerLength(l4 + tcpLength);
        if (superSegment) {
            p.gsoSizeBytes(mssBytes);
        }
        for (int i = 0; i < seg.fragmentCount(); i++) {
            p.addFragment(seg.fragmentPfn(i), seg.fragmentOffset(i), seg.fragmentLength(i));
        }
        seg.forgetFragments();
        // CHECKSUM_PARTIAL always: the device completes it, in hardware or by the host's one software pass
        final long pseudo = TransportChecksum.pseudoHeaderSum(b, p.l3Offset(), v6, Ipv4Header.PROTOCOL_TCP, l4Length);
        b.putShort(l4 + TcpHeader.CHECKSUM_OFFSET, (short) InternetChecksum.fold(pseudo), BE);
        p.checksum(l4, TcpHeader.CHECKSUM_OFFSET);
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

    /** Writes the options. */
    private static void writeOptions(TcpSegment seg, MutableDirectBuffer b, int at, int optionBytes) {
        final int start = at;
        if (seg.mssOption() != TcpSegment.NONE) {
            put(b, at, TcpOptionsView.KIND_MSS << 24 | 4 << 16 | (seg.mssOption() & 0xFFFF));
            at += 4;
        }
        if (seg.hasTimestamps()) {
            final int lead = seg.sackPermitted()
                ? TcpOptionsView.KIND_SACK_PERMITTED << 8 | 2 : TcpOptionsView.KIND_NOP << 8 | TcpOptionsView.KIND_NOP;
            put(b, at, lead << 16 | TcpOptionsView.KIND_TIMESTAMPS << 8 | 10);
            put(b, at + 4, seg.tsVal());
            put(b, at + 8, seg.tsEcr());
            at += 12;
        } else if (seg.sackPermitted()) {
            put(b, at, TcpOptionsView.KIND_NOP << 24 | TcpOptionsView.KIND_NOP << 16
                | TcpOptionsView.KIND_SACK_PERMITTED << 8 | 2);
            at += 4;
        }
        if (seg.windowScaleOption() != TcpSegment.NONE) {
            put(b, at, TcpOptionsView.KIND_NOP << 24 | TcpOptionsView.KIND_WINDOW_SCALE << 16 | 3 << 8
                | seg.windowScaleOption());
            at += 4;
        }
        final int blocks = sackBlocks(seg, optionBytes - (at - start));
        if (blocks > 0) {
            put(b, at, TcpOptionsView.KIND_NOP << 24 | TcpOptionsView.KIND_NOP << 16 | TcpOptionsView.KIND_SACK << 8
                | (2 + 8 * blocks));
            at += 4;
            for (int i = 0; i < blocks; i++) {
                put(b, at, seg.sackLeft(i));
                put(b, at + 4, seg.sackRight(i));
                at += 8;
            }
        }
    }

    private static void put(MutableDirectBuffer b, int at, int v) {
        b.putInt(at, v, BE);
    }
}
