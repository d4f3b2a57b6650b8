package dev.toeless.stack.driver;

import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.Ipv4Repr;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.wire.Ipv6Header;
import dev.toeless.nic.wire.Ipv6Repr;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.netdev.TxStatus;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Plays a TCP sender's transmit path for driver tests: cuts a byte stream into super-segments
 * (header template from the wire Repr classes, payload in pages filled through the test's
 * CpuTouch) and posts them through a driver, running the simulation when the rings are busy.
 */
final class BulkSender {
    static final long MAC_A = 0x02_00_00_00_00_0AL;
    static final long MAC_B = 0x02_00_00_00_00_0BL;
    /** The MSS of a 1500-byte MTU: IPv4 1460 less a 12-byte timestamp option's worth, as Linux bulk flows see. */
    static final int MSS_V4 = 1448;
    /** IPv6's header is 20 bytes longer. */
    static final int MSS_V6 = 1428;
    /** Link time of one full super-segment at 10 Gb/s, to pace the sender without draining the link. */
    private static final long PACE_NS = 55_000;

    private final TestHost host;
    private final EventScheduler scheduler;
    private final boolean ipv6;
    private final int srcPort;
    private final int dstPort;
    private final long isn;
    final UnsafeBuffer header = new UnsafeBuffer(new byte[128]);
    private final FragList payload = new FragList(20);
    int superSegments;
    private Runnable midway = () -> { };

    /** Runs {@code action} once, halfway through the stream (e.g. an ethtool -K). */
    BulkSender midway(Runnable action) {
        this.midway = action;
        return this;
    }

    BulkSender(TestHost host, EventScheduler scheduler, boolean ipv6, int srcPort, int dstPort, long isn) {
        this.host = host;
        this.scheduler = scheduler;
        this.ipv6 = ipv6;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.isn = isn;
    }

    static final int V4_A = 0x0A00_0001;
    static final int V4_B = 0x0A00_0002;
    static final Ipv6Address V6_A = Ipv6Address.parse("fd00::a");
    static final Ipv6Address V6_B = Ipv6Address.parse("fd00::b");

    /** A segment from A's port 40000 to B's {@code dstPort}, window 65535, no options. */
    static TcpRepr segmentFromA(int dstPort, long seq, long ack, int flags) {
        return new TcpRepr(40_000, dstPort, seq, ack, flags, 65535, 0, null);
    }

    /** {@code tcp} and its payload from A to B over IPv4, as wire bytes in {@code buffer}; returns the frame's length. */
    static int frameToB(MutableDirectBuffer buffer, TcpRepr tcp, byte[] payload) {
        return Frames.tcpV4(buffer, 0, MAC_B, MAC_A, EthernetRepr.NO_VLAN, V4_A, V4_B, tcp, payload);
    }

    int l3() {
        return EthernetHeader.HEADER_LENGTH;
    }

    int l4() {
        return l3() + (ipv6 ? Ipv6Header.HEADER_LENGTH : Ipv4Header.MIN_HEADER_LENGTH);
    }

    /** Writes the header template for a segment starting at stream offset {@code offset}. */
    int template(long offset, int payloadBytes, int flags) {
        final TcpRepr tcp = new TcpRepr(srcPort, dstPort, isn + 1 + offset, 1, flags, 65535, 0, null);
        int at = EthernetRepr.of(MAC_B, MAC_A, ipv6 ? EthernetHeader.TYPE_IPV6 : EthernetHeader.TYPE_IPV4)
            .emit(header, 0);
        final int l4Length = tcp.headerLength() + payloadBytes;
        at += ipv6 ? Ipv6Repr.of(V6_A, V6_B, Ipv6Header.NEXT_TCP, l4Length).emit(header, at)
            : Ipv4Repr.of(V4_A, V4_B, Ipv4Header.PROTOCOL_TCP, l4Length).emit(header, at);
        at += tcp.emit(header, at);
        return at;
    }

    private long sent;

    /** Sends all of {@code data}, running the simulation between bursts. */
    void sendAll(byte[] data) {
        while (sendNext(data)) {
            scheduler.runUntil(scheduler.nowNs() + PACE_NS);
        }
        scheduler.runAll(10_000_000);
    }

    /** Posts the next super-segment of {@code data}; false when the stream is done. */
    boolean sendNext(byte[] data) {
        if (sent >= data.length) {
            return false;
        }
        final int mss = ipv6 ? MSS_V6 : MSS_V4;
        final int bytes = (int) Math.min(44L * mss, data.length - sent);
        fill(data, (int) sent, bytes);
        final int headerLength = template(sent, bytes, TcpHeader.ACK);
        TxStatus status;
        while ((status = host.driver.tx().sendSuperSegment(0, header, headerLength, l3(), l4(), ipv6, mss, payload,
            scheduler.nowNs())) == TxStatus.BUSY) {
            scheduler.runUntil(scheduler.nowNs() + 10_000);
        }
        if (status != TxStatus.SENT) {
            payload.releaseAll(host.memory);
            throw new IllegalStateException("send failed: " + status);
        }
        superSegments++;
        final boolean crossedHalf = sent < data.length / 2 && sent + bytes >= data.length / 2;
        sent += bytes;
        if (crossedHalf) {
            midway.run();
        }
        return sent < data.length;
    }

    /** Interleaves several streams super-segment by super-segment, pacing the link for all of them. */
    static void sendInterleaved(EventScheduler scheduler, BulkSender[] senders, byte[][] data) {
        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < senders.length; i++) {
                more |= senders[i].sendNext(data[i]);
            }
            scheduler.runUntil(scheduler.nowNs() + PACE_NS * senders.length);
        }
        scheduler.runAll(10_000_000);
    }

    private void fill(byte[] data, int from, int bytes) {
        payload.clear();
        int done = 0;
        while (done < bytes) {
            final int pfn = host.txPool.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                throw new IllegalStateException("tx pool empty");
            }
            final int take = Math.min(HostMemory.PAGE_SIZE, bytes - done);
            host.testCpu.copyIn(data, from + done, take, pfn, 0);
            payload.add(pfn, 0, take);
            done += take;
        }
    }
}
