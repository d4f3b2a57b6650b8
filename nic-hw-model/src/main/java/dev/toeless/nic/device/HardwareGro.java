package dev.toeless.nic.device;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.wire.ParsedFrame;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static dev.toeless.nic.wire.TcpHeader.FIN;
import static dev.toeless.nic.wire.TcpHeader.PSH;
import static dev.toeless.nic.wire.TcpHeader.RST;
import static dev.toeless.nic.wire.TcpHeader.SYN;
import static dev.toeless.nic.wire.TcpHeader.URG;

/**
 * Hardware GRO ({@code rx-gro-hw}): the NIC coalesces the completions of consecutive in-order
 * segments of one flow into one completion with one header, as mlx5's SHAMPO and bnxt's TPA do.
 * One aggregation session per queue: the first segment's headers are kept in the device (no DMA
 * yet), each segment's payload goes through the queue's accumulating placement as before, and the
 * fragments join the session's; when the session ends the fixed-up header (IP length, IPv4 header
 * checksum, PSH as the last segment had it, as {@code tcp_gro_complete} leaves it) is written to
 * the header buffer once and one completion names every fragment and the segment count.
 *
 * <p>The merge rules are Linux's {@code tcp_gro_receive}, as the driver's software GRO applies
 * them: same link, IP and TCP header bytes apart from the IP length, ID and checksum, the TCP
 * sequence number, window, checksum and PSH; the sequence number continues the session; a good
 * checksum; payload. A segment with PSH joins and ends the session; SYN, FIN, RST, URG, a bad
 * checksum, another flow, a gap or a full session (the completion's {@value
 * RxCompletionDescriptor#MAX_FRAGS} fragments, 64 KiB of IP packet, 255 segments) end it before
 * the segment, which then goes alone or opens the next session. A timer ends a session that waits
 * ({@link #TIMEOUT_NS}), so the host never waits for a segment that does not come.
 *
 * <p>Only TCP payload placed by the accumulating placement is coalesced (page accumulation keeps
 * a flow's consecutive segments in the same page, so their fragments join). Ownership: a
 * session's fragments hold the references the placement gave; a fragment that continues the
 * session's last one in the same page joins it and its now redundant reference is given back, so
 * the completion still hands one reference per fragment. Nothing here allocates per frame.
 */
final class HardwareGro {
    /**
     * How long a session may stay open: mlx5's LRO/SHAMPO session timeout,
     * {@code MLX5E_DEFAULT_LRO_TIMEOUT} (32 us) in drivers/net/ethernet/mellanox/mlx5/core/en.h.
     */
    static final long TIMEOUT_NS = 32_000;
    /** Segments per completion: the count travels in one byte of the completion. */
    static final int MAX_SEGMENTS = 255;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final int BAD_FLAGS = FIN | SYN | RST | URG;

    /** What ends a session: writes its completion (done by the RX path, which owns the rings). */
    interface Closer {
        void close(int queueId, Session session, long nowNs);
    }

    /** One queue's open session, or none; reused, never reallocated. */
    static final class Session {
        final int queueId;
        final UnsafeBuffer header = new UnsafeBuffer(new byte[NicConfig.MAX_HEADER_BYTES]);
        final FragList frags = FragList.forMaxPayload();
        final FragList scratch = FragList.forMaxPayload();
        final EventScheduler.Alarm timer;
        boolean open;
        int headerLength;
        int l3Offset;
        int l4Offset;
        boolean ipv6;
        int bufferId;
        long address;
        int nextSeq;
        int segments;
        int pshSeen;
        int hash;
        int hashType;

        Session(int queueId, EventScheduler.Alarm timer) {
            this.queueId = queueId;
            this.timer = timer;
        }

        int payloadBytes() {
            return (int) frags.totalBytes();
        }

        /** Fixes the kept header for the coalesced packet: IP length and checksum, PSH. */
        void fixHeader() {
            if (ipv6) {
                header.putShort(l3Offset + 4, (short) (headerLength - l3Offset - 40 + payloadBytes()), BE);
            } else {
                header.putShort(l3Offset + 2, (short) (headerLength - l3Offset + payloadBytes()), BE);
                header.putShort(l3Offset + 10, (short) 0);
                header.putShort(l3Offset + 10, (short) InternetChecksum.checksum(header, l3Offset, l4Offset - l3Offset),
                    BE);
            }
            header.putByte(l4Offset + 13, (byte) (header.getByte(l4Offset + 13) | pshSeen));
        }
    }

    private final Session[] sessions;

    HardwareGro(int queues, EventScheduler scheduler, Closer closer) {
        this.sessions = new Session[queues];
        for (int i = 0; i < queues; i++) {
            final int id = i;
            final Session[] self = new Session[1];
            final EventScheduler.Alarm timer = scheduler.alarm(() -> closer.close(id, self[0], scheduler.nowNs()));
            self[0] = new Session(id, timer);
            sessions[i] = self[0];
        }
    }

    Session session(int queueId) {
        return sessions[queueId];
    }

    /** True when a segment may open a session: good TCP payload with none of the flags that end one. */
    static boolean opens(ParsedFrame parsed, boolean checksumGood, int tcpFlags) {
        return checksumGood && parsed.isTcp() && parsed.payloadLength() > 0 && (tcpFlags & (BAD_FLAGS | PSH)) == 0;
    }

    /** Most fragments a payload of {@code length} bytes can take in 4 KiB pages. */
    static int worstFragments(int length) {
        return (length + HostMemory.PAGE_SIZE - 1) / HostMemory.PAGE_SIZE + 1;
    }

    /** True when the segment continues {@code s} and fits in it. */
    static boolean joins(Session s, ParsedFrame parsed, DirectBuffer frame, int offset, boolean checksumGood,
                         int tcpFlags) {
        if (!s.open || !checksumGood || !parsed.isTcp() || parsed.payloadLength() <= 0
            || (tcpFlags & BAD_FLAGS) != 0 || parsed.headerLength() != s.headerLength
            || parsed.l3Offset() - offset != s.l3Offset || parsed.l4Offset() - offset != s.l4Offset
            || parsed.isIpv6() != s.ipv6 || (int) parsed.tcpSeq() != s.nextSeq
            || s.segments >= MAX_SEGMENTS
            || s.frags.count() + worstFragments(parsed.payloadLength()) > RxCompletionDescriptor.MAX_FRAGS
            || (long) s.headerLength - s.l3Offset + s.payloadBytes() + parsed.payloadLength() > 65_535) {
            return false;
        }
        final int l3 = s.l3Offset;
        final int l4 = s.l4Offset;
        final UnsafeBuffer h = s.header;
        // link header; IP version/traffic class (v4: version, IHL, TOS) and the fields after the length
        final boolean ipSame = s.ipv6
            ? same(h, frame, offset, 0, l3 + 4) && same(h, frame, offset, l3 + 6, l3 + 40)
            : same(h, frame, offset, 0, l3 + 2) && same(h, frame, offset, l3 + 6, l3 + 10)
            && same(h, frame, offset, l3 + 12, l3 + 20);
        // ports, ACK, data offset and flags but PSH, options
        return ipSame && same(h, frame, offset, l4, l4 + 4) && same(h, frame, offset, l4 + 8, l4 + 13)
            && ((h.getByte(l4 + 13) ^ frame.getByte(offset + l4 + 13)) & ~PSH) == 0
            && same(h, frame, offset, l4 + 20, s.headerLength);
    }

    /** Whether bytes {@code [from, to)} of the kept header equal the frame's: eight at a time, then one by one. */
    private static boolean same(DirectBuffer kept, DirectBuffer frame, int offset, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            if (kept.getLong(i) != frame.getLong(offset + i)) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (kept.getByte(i) != frame.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** Opens {@code s} with the segment's headers (kept in the device) and its placed fragments. */
    static void open(Session s, ParsedFrame parsed, DirectBuffer frame, int offset, int bufferId, long address,
                     int hash, int hashType, FragList placed, long nowNs) {
        s.open = true;
        s.headerLength = parsed.headerLength();
        s.l3Offset = parsed.l3Offset() - offset;
        s.l4Offset = parsed.l4Offset() - offset;
        s.ipv6 = parsed.isIpv6();
        s.header.putBytes(0, frame, offset, s.headerLength);
        s.bufferId = bufferId;
        s.address = address;
        s.hash = hash;
        s.hashType = hashType;
        s.segments = 1;
        s.pshSeen = 0;
        s.nextSeq = (int) parsed.tcpSeq() + parsed.payloadLength();
        s.frags.clear();
        s.frags.addAll(placed);
        placed.clear();
        s.timer.arm(nowNs + TIMEOUT_NS);
    }

    /** Adds a joining segment's placed fragments to {@code s}. */
    static void append(Session s, HostMemory memory, ParsedFrame parsed, int tcpFlags, FragList placed) {
        for (int i = 0; i < placed.count(); i++) {
            if (s.frags.extendLast(placed.pfn(i), placed.offset(i), placed.length(i))) {
                s.frags.orFlags(s.frags.count() - 1, placed.flags(i));
                memory.release(placed.pfn(i)); // one reference per fragment handed to the host
            } else {
                s.frags.add(placed.pfn(i), placed.offset(i), placed.length(i), placed.flags(i));
            }
        }
        placed.clear();
        s.segments++;
        s.pshSeen |= tcpFlags & PSH;
        s.nextSeq += parsed.payloadLength();
    }

    /** Ends the session without a completion (device reset): its pages go back. */
    void reset(HostMemory memory) {
        for (Session s : sessions) {
            s.timer.cancel();
            if (s.open) {
                s.frags.releaseAll(memory);
                s.open = false;
            }
        }
    }
}
