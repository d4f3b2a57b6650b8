package dev.toeless.stack.driver;

import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.device.Nic;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.GsoType;
import dev.toeless.nic.ring.TxDescriptor;
import dev.toeless.stack.netdev.TxStatus;
import dev.toeless.tso.SoftwareGso;
import dev.toeless.tso.SuperSegment;
import dev.toeless.tso.TsoResult;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The driver's transmit side. A TCP super-segment (header template plus payload fragments) goes
 * out as the NIC's current offloads allow (the mode's set, or what {@code ethtool -K} left of it): one TSO descriptor ({@link DriverMode#STATELESS}); MSS-sized frames cut by
 * the driver with the NIC completing each checksum ({@link DriverMode#CSUM}, {@link DriverMode#CSUM_GRO});
 * or software GSO with the checksum computed by the host CPU ({@link DriverMode#NONE}). Header
 * bytes are written into the descriptor's header slot through {@link CpuTouch#writeHeader}; no
 * payload is copied, except for a frame whose payload spans more page fragments than a descriptor
 * holds ({@link TxDescriptor#MAX_FRAGS}, as a DDP stream's small FPDUs, each a header, payload and CRC, can):
 * the driver copies that frame's payload into pages of its own and sends those (as Linux drivers
 * linearize such an skb), counted in {@link DriverCounters#txLinearized()}. A super-segment with
 * more fragments than a TSO descriptor holds is cut by the driver instead.
 *
 * <p>Ownership: when {@link #sendSuperSegment} returns {@link TxStatus#SENT} the driver has taken
 * every reference in {@code payload} (the list is emptied) and releases them as the TX completions
 * come back; otherwise the caller keeps them.
 */
public final class DriverTx {
    private final Nic nic;
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final DriverQueue[] queues;
    private final DriverCounters counters;
    private final SoftwareGso gso;
    private final SuperSegment superSegment = new SuperSegment();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[NicDriver.HEADER_BUFFER_BYTES]);
    private final FragList slice = new FragList(20);
    private final TxDescriptor descriptor = new TxDescriptor();
    private final SoftwareGso.Sink gsoSink = this::postSoftwareSegment;
    private DriverQueue gsoQueue;
    /** Pages reserved for the frames of the current super-segment that must be linearized. */
    private int[] linearPages = new int[8];
    private int linearPagesCount;
    private int linearPagesTaken;

    DriverTx(Nic nic, CpuTouch cpu, DriverQueue[] queues, DriverCounters counters, SoftwareGso gso) {
        this.nic = nic;
        this.memory = nic.memory();
        this.cpu = cpu;
        this.queues = queues;
        this.counters = counters;
        this.gso = gso;
    }

    /**
     * Sends a TCP super-segment on queue {@code queueId}.
     *
     * @param header  Ethernet + IP + TCP header template, {@code [0, headerLength)}; lengths and
     *                checksums in it are don't-care (the driver or the NIC fills them per frame)
     * @param payload the payload fragments, each with one page reference (taken on SENT)
     */
    public TxStatus sendSuperSegment(int queueId, DirectBuffer header, int headerLength, int l3Offset, int l4Offset,
                                   boolean ipv6, int mssBytes, FragList payload, long nowNs) {
        final DriverQueue q = queues[queueId];
        if (headerLength > NicDriver.HEADER_BUFFER_BYTES || l3Offset < 14 || l4Offset < l3Offset + 20
            || l4Offset + 20 > headerLength || mssBytes <= 0) {
            return TxStatus.MALFORMED;
        }
        final long bytes = payload.totalBytes();
        final int frames = bytes == 0 ? 1 : (int) ((bytes + mssBytes - 1) / mssBytes);
        final OffloadFeatures features = nic.features();
        final boolean tso = features.tso() && frames > 1 && payload.count() <= TxDescriptor.MAX_FRAGS;
        final int descriptors = tso ? 1 : frames;
        final DescriptorRing ring = q.nicQueue.txRing();
        if (ring.freeSlots() < descriptors || q.freeTxSlots() < descriptors) {
            counters.txBusy++;
            return TxStatus.BUSY;
        }
        if (!tso && !reserveLinearPages(payload, mssBytes, frames)) {
            counters.txLinearizeAllocFail++;
            return TxStatus.BUSY;
        }
        if (tso) {
            scratch.putBytes(0, header, 0, headerLength);
            TcpHeaderEdit.seedPartial(scratch, l3Offset, l4Offset, headerLength, ipv6, 0);
            final int slot = post(q, scratch, headerLength, TxDescriptor.FLAG_TSO | TxDescriptor.FLAG_CSUM_PARTIAL, l4Offset,
                mssBytes, ipv6 ? GsoType.TCPV6 : GsoType.TCPV4, payload);
            q.txFrags(slot).clear();
            for (int i = 0; i < payload.count(); i++) {
                q.txFrags(slot).add(payload.pfn(i), payload.offset(i), payload.length(i));
            }
            payload.clear();
        } else if (features.txChecksum()) {
            segmentForChecksumOffload(q, header, headerLength, l3Offset, l4Offset, ipv6, mssBytes, payload, frames);
            payload.releaseAll(memory);
        } else {
            superSegment.set(l3Offset, l4Offset, headerLength, ipv6, mssBytes);
            for (int i = 0; i < payload.count(); i++) {
                superSegment.payload().add(payload.pfn(i), payload.offset(i), payload.length(i));
            }
            gsoQueue = q;
            final TsoResult r = gso.segment(header, superSegment, gsoSink);
            gsoQueue = null;
            superSegment.payload().clear();
            if (r != TsoResult.OK) {
                releaseUnusedLinearPages();
                return TxStatus.MALFORMED;
            }
            payload.releaseAll(memory);
        }
        releaseUnusedLinearPages();
        cpu.cost().charge(CostOp.DRIVER_TX_PACKET);
        cpu.cost().charge(CostOp.DOORBELL);
        nic.txDoorbell(queueId, nowNs);
        return TxStatus.SENT;
    }

    /**
     * Reserves the pages that the frames of a super-segment cut into {@code frames} frames of
     * {@code mss} bytes need for their payload to be copied into, one set per frame whose payload
     * spans more than {@link TxDescriptor#MAX_FRAGS} fragments. False (nothing kept) when host
     * memory cannot supply them.
     */
    private boolean reserveLinearPages(FragList payload, int mss, int frames) {
        linearPagesCount = 0;
        linearPagesTaken = 0;
        if (payload.count() <= TxDescriptor.MAX_FRAGS) {
            return true;
        }
        final long total = payload.totalBytes();
        long done = 0;
        for (int i = 0; i < frames; i++) {
            final int bytes = (int) Math.min(mss, total - done);
            slice.clear();
            payload.slice(done, bytes, slice);
            if (slice.count() > TxDescriptor.MAX_FRAGS) {
                for (int need = pagesFor(bytes); need > 0; need--) {
                    final int pfn = memory.allocate();
                    if (pfn == HostMemory.NO_PAGE) {
                        slice.clear();
                        releaseUnusedLinearPages();
                        return false;
                    }
                    if (linearPagesCount == linearPages.length) {
                        linearPages = java.util.Arrays.copyOf(linearPages, linearPages.length * 2);
                    }
                    linearPages[linearPagesCount++] = pfn;
                }
            }
            done += bytes;
        }
        slice.clear();
        return true;
    }

    private static int pagesFor(int bytes) {
        return (bytes + HostMemory.PAGE_SIZE - 1) / HostMemory.PAGE_SIZE;
    }

    private void releaseUnusedLinearPages() {
        while (linearPagesTaken < linearPagesCount) {
            memory.release(linearPages[linearPagesTaken++]);
        }
        linearPagesCount = 0;
        linearPagesTaken = 0;
    }

    /**
     * The fragments a descriptor gets for one frame's payload {@code frags}, each with a reference
     * for the descriptor's slot in {@code dst}: the same fragments, or, when they are more than a
     * descriptor holds, reserved pages the payload is copied into by the CPU.
     */
    private void fragmentsForFrame(FragList frags, FragList dst) {
        if (frags.count() <= TxDescriptor.MAX_FRAGS) {
            retainInto(dst, frags);
            return;
        }
        counters.txLinearized++;
        dst.clear();
        int page = -1;
        int pageUsed = HostMemory.PAGE_SIZE;
        for (int i = 0; i < frags.count(); i++) {
            int from = frags.offset(i);
            int left = frags.length(i);
            while (left > 0) {
                if (pageUsed == HostMemory.PAGE_SIZE) {
                    page = linearPages[linearPagesTaken++];
                    pageUsed = 0;
                    dst.add(page, 0, 0);
                }
                final int n = Math.min(left, HostMemory.PAGE_SIZE - pageUsed);
                cpu.copy(frags.pfn(i), from, page, pageUsed, n);
                dst.extendLast(page, pageUsed, n);
                pageUsed += n;
                from += n;
                left -= n;
            }
        }
    }

    /**
     * Sends one complete frame as it is (ARP, ICMP, neighbour discovery): no segmentation and no
     * checksum offload. The frame is copied into a header slot, so it may be at most
     * {@link NicDriver#HEADER_BUFFER_BYTES} long.
     */
    public TxStatus sendFrame(int queueId, DirectBuffer frame, int length, long nowNs) {
        final DriverQueue q = queues[queueId];
        if (length < 14 || length > NicDriver.HEADER_BUFFER_BYTES) {
            return TxStatus.MALFORMED;
        }
        if (q.nicQueue.txRing().freeSlots() < 1 || q.freeTxSlots() < 1) {
            counters.txBusy++;
            return TxStatus.BUSY;
        }
        slice.clear();
        final int slot = post(q, frame, length, 0, 0, 0, GsoType.NONE, slice);
        q.txFrags(slot).clear();
        cpu.cost().charge(CostOp.DRIVER_TX_PACKET);
        cpu.cost().charge(CostOp.DOORBELL);
        nic.txDoorbell(queueId, nowNs);
        return TxStatus.SENT;
    }

    private void segmentForChecksumOffload(DriverQueue q, DirectBuffer header, int headerLength, int l3, int l4,
                                           boolean ipv6, int mss, FragList payload, int frames) {
        final long total = payload.totalBytes();
        long done = 0;
        for (int i = 0; i < frames; i++) {
            final int bytes = (int) Math.min(mss, total - done);
            scratch.putBytes(0, header, 0, headerLength);
            TcpHeaderEdit.segment(scratch, l3, l4, headerLength, ipv6, i, frames, done, bytes);
            TcpHeaderEdit.seedPartial(scratch, l3, l4, headerLength, ipv6, bytes);
            slice.clear();
            payload.slice(done, bytes, slice);
            final int slot = q.acquireTxSlot();
            fragmentsForFrame(slice, q.txFrags(slot));
            post(q, slot, scratch, headerLength, TxDescriptor.FLAG_CSUM_PARTIAL, l4, 0, GsoType.NONE, q.txFrags(slot));
            done += bytes;
        }
    }

    /** One software GSO segment: its header already carries the CPU-computed checksum. */
    private void postSoftwareSegment(DirectBuffer segmentHeader, int headerLength, FragList frags) {
        counters.txSoftwareSegments++;
        final int slot = gsoQueue.acquireTxSlot();
        fragmentsForFrame(frags, gsoQueue.txFrags(slot));
        // the finished header goes straight into the header slot (no stop in the scratch buffer)
        post(gsoQueue, slot, segmentHeader, headerLength, 0, 0, 0, GsoType.NONE, gsoQueue.txFrags(slot));
    }

    private void retainInto(FragList dst, FragList src) {
        dst.clear();
        for (int i = 0; i < src.count(); i++) {
            memory.retain(src.pfn(i));
            dst.add(src.pfn(i), src.offset(i), src.length(i));
        }
    }

    /** Writes {@code header} into a new header slot and produces one descriptor; returns the slot. */
    private int post(DriverQueue q, DirectBuffer header, int headerLength, int flags, int csumStart, int gsoSize,
                     GsoType gsoType, FragList frags) {
        final int slot = q.acquireTxSlot();
        post(q, slot, header, headerLength, flags, csumStart, gsoSize, gsoType, frags);
        return slot;
    }

    /**
     * Writes {@code header[0, headerLength)} into header slot {@code slot} and produces one descriptor
     * with {@code frags}, at most {@link TxDescriptor#MAX_FRAGS} of them (a frame is never sent short).
     */
    private void post(DriverQueue q, int slot, DirectBuffer header, int headerLength, int flags, int csumStart,
                      int gsoSize, GsoType gsoType, FragList frags) {
        final int pfn = q.txHeaderPfn(slot);
        final int offset = q.txHeaderOffset(slot);
        cpu.writeHeader(header, 0, headerLength, pfn, offset);
        final DescriptorRing ring = q.nicQueue.txRing();
        descriptor.wrap(ring.buffer(), ring.produce()).clear()
            .headerAddress(HostMemory.address(pfn, offset))
            .headerLength(headerLength)
            .flags(flags)
            .csumStart(csumStart)
            .csumOffset(TcpHeaderEdit.TCP_CHECKSUM_OFFSET)
            .gsoSize(gsoSize)
            .gsoType(gsoType)
            .cookie(slot);
        for (int i = 0; i < frags.count(); i++) {
            if (!descriptor.addFrag(frags.pfn(i), frags.offset(i), frags.length(i))) {
                throw new IllegalStateException("a frame of " + frags.count() + " fragments for a descriptor of "
                    + TxDescriptor.MAX_FRAGS);
            }
        }
        counters.txDescriptors++;
        cpu.cost().charge(CostOp.TX_DESCRIPTOR);
    }
}
