package dev.toeless.stack.driver;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.stack.netdev.RxPacket;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.toeless.nic.wire.TcpHeader.FIN;
import static dev.toeless.nic.wire.TcpHeader.PSH;
import static dev.toeless.nic.wire.TcpHeader.RST;
import static dev.toeless.nic.wire.TcpHeader.SYN;
import static dev.toeless.nic.wire.TcpHeader.URG;

/**
 * Software GRO in the driver's poll, by Linux's {@code tcp_gro_receive} rules: a TCP segment is
 * merged into the held packet when it is the same flow, starts where the held payload ends, has
 * the same ACK, the same flags apart from PSH, and byte-identical options; PSH on the new segment
 * merges and then flushes; SYN, FIN, RST, URG or a bad checksum never merge. The merged packet's
 * IP length (and IPv4 header checksum) is fixed up, as {@code tcp_gro_complete} does. One packet
 * is held per queue; any other flow flushes it, and the poll flushes at its end.
 *
 * <p>Ownership: merging moves the new segment's fragment references into the held packet; a
 * fragment that continues the held packet's last one in the same page joins it, and its now
 * redundant page reference is given back.
 */
final class Gro {
    private final HostMemory memory;
    /** Linux's MAX_SKB_FRAGS. */
    static final int MAX_FRAGS = 17;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    /** Where flushed and unmergeable packets go. */
    interface Deliver {
        void deliver(RxPacket packet, long nowNs);
    }

    private final Deliver deliver;
    private RxPacket held;
    private RxPacket spare = new RxPacket();
    private long merged;
    private long flushes;

    Gro(Deliver deliver, HostMemory memory) {
        this.memory = memory;
        this.deliver = deliver;
    }

    /** Offers a packet; returns the packet object the driver should fill next. */
    RxPacket offer(RxPacket packet, long nowNs) {
        if (held != null) {
            if (canMerge(held, packet)) {
                merge(held, packet);
                if ((flags(packet) & PSH) != 0) {
                    flush(nowNs);
                }
                packet.clear();
                return packet;
            }
            flush(nowNs);
        }
        if (holdable(packet)) {
            held = packet;
            final RxPacket next = spare;
            spare = null;
            next.clear();
            return next;
        }
        deliver.deliver(packet, nowNs);
        return packet;
    }

    void flush(long nowNs) {
        if (held == null) {
            return;
        }
        flushes++;
        final RxPacket p = held;
        held = null;
        deliver.deliver(p, nowNs);
        spare = p;
    }

    /** Releases the held packet's pages without delivering it (queue shutdown). */
    void dropHeld(HostMemory memory) {
        if (held != null) {
            held.releaseFragments(memory);
            spare = held;
            held = null;
        }
    }

    long merged() {
        return merged;
    }

    long flushes() {
        return flushes;
    }

    private static boolean holdable(RxPacket p) {
        return isTcp(p) && p.checksum() == ChecksumStatus.GOOD && p.payloadBytes() > 0
            && (flags(p) & (FIN | SYN | RST | URG | PSH)) == 0;
    }

    private static int flags(RxPacket p) {
        return p.parsed().tcpFlags();
    }

    private static boolean isTcp(RxPacket p) {
        return p.parsed().isOk() && p.parsed().isTcp();
    }

    private static boolean canMerge(RxPacket held, RxPacket p) {
        final ParsedFrame a = held.parsed();
        final ParsedFrame b = p.parsed();
        if (!isTcp(p) || p.checksum() != ChecksumStatus.GOOD || p.payloadBytes() == 0
            || a.isIpv6() != b.isIpv6() || a.l3Offset() != b.l3Offset() || a.l4Offset() != b.l4Offset()
            || held.headerLength() != p.headerLength()) {
            return false;
        }
        final DirectBuffer x = held.header();
        final DirectBuffer y = p.header();
        final int l3 = a.l3Offset();
        final int l4 = a.l4Offset();
        final int addrFrom = a.isIpv6() ? l3 + 8 : l3 + 12;
        final int addrTo = a.isIpv6() ? l3 + 40 : l3 + 20;
        if (!same(x, y, addrFrom, addrTo) || !same(x, y, l4, l4 + 4) || !same(x, y, l4 + 8, l4 + 12)
            || !same(x, y, l4 + 20, held.headerLength())) {
            return false;
        }
        if (((flags(held) ^ flags(p)) & ~PSH) != 0 || (flags(p) & (FIN | SYN | RST | URG)) != 0) {
            return false;
        }
        final int heldSeq = x.getInt(l4 + 4, BE);
        if (y.getInt(l4 + 4, BE) != heldSeq + (int) held.payloadBytes()) {
            return false;
        }
        final long ipLength = held.headerLength() - l3 + held.payloadBytes() + p.payloadBytes();
        return held.fragments().count() + p.fragments().count() - (continues(held.fragments(), p.fragments()) ? 1 : 0)
            <= MAX_FRAGS && ipLength <= 65_535;
    }

    private static boolean same(DirectBuffer x, DirectBuffer y, int from, int to) {
        for (int i = from; i < to; i++) {
            if (x.getByte(i) != y.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code next}'s first fragment directly continues {@code held}'s last one in the same page. */
    private static boolean continues(FragList held, FragList next) {
        if (held.count() == 0 || next.count() == 0) {
            return false;
        }
        final int last = held.count() - 1;
        return held.pfn(last) == next.pfn(0) && held.offset(last) + held.length(last) == next.offset(0);
    }

    private void merge(RxPacket held, RxPacket p) {
        final FragList dst = held.fragments();
        final FragList src = p.fragments();
        final int added = (int) src.totalBytes();
        for (int i = 0; i < src.count(); i++) {
            // a page the NIC accumulated holds consecutive segments: their fragments join, one reference goes
            if (dst.extendLast(src.pfn(i), src.offset(i), src.length(i))) {
                memory.release(src.pfn(i));
            } else {
                dst.add(src.pfn(i), src.offset(i), src.length(i));
            }
        }
        src.clear();
        held.segments(held.segments() + p.segments());
        held.flags(held.flags() | RxPacket.FLAG_GRO);
        final ParsedFrame h = held.parsed();
        h.appendSegment(added, flags(p) & PSH);
        final MutableDirectBuffer header = held.header();
        final int l3 = h.l3Offset();
        if (h.isIpv6()) {
            header.putShort(l3 + 4, (short) (held.headerLength() - l3 - 40 + held.payloadBytes()), BE);
        } else {
            header.putShort(l3 + 2, (short) (held.headerLength() - l3 + held.payloadBytes()), BE);
            header.putShort(l3 + 10, (short) 0);
            header.putShort(l3 + 10, (short) InternetChecksum.checksum(header, l3, h.l4Offset() - l3), BE);
        }
        final int l4 = h.l4Offset();
        header.putByte(l4 + 13, (byte) (header.getByte(l4 + 13) | (flags(p) & PSH)));
        merged++;
    }
}
