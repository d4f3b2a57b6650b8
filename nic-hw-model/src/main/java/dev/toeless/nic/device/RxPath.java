package dev.toeless.nic.device;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.ring.RxHeaderBufferDescriptor;
import dev.toeless.nic.rss.RssHashType;
import dev.toeless.nic.rss.RssIndirectionTable;
import dev.toeless.nic.rss.ToeplitzHash;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.stats.NicStatistics;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParsedFrame;
import org.agrona.DirectBuffer;

/**
 * The NIC's receive pipeline for one frame: parse, verify checksums (rx-checksum), pick the queue
 * by RSS (rx-hash), then either split (header-split: headers to the next posted header buffer,
 * payload through the queue's {@link PayloadPlacement}) or store the frame whole in one posted
 * page, and write the RX completion. Every drop is counted; a refused DMA is an error
 * completion; nothing here throws or allocates per frame.
 */
final class RxPath {
    private static final int NO_HEADER_BUFFER = 0xFFFF;

    private final HostMemory memory;
    private final DmaEngine dma;
    private final NicStatistics stats;
    private final ToeplitzHash toeplitz;
    private final RssIndirectionTable reta;
    private final NicQueue[] queues;
    private final FrameParser parser = new FrameParser(false);
    private final ParsedFrame parsed = new ParsedFrame();
    private final FragList frags = FragList.forMaxPayload();
    private final RxHeaderBufferDescriptor headerDescriptor = new RxHeaderBufferDescriptor();
    private final RxCompletionDescriptor completion = new RxCompletionDescriptor();
    private ChecksumStatus csum;
    private int hash;
    private RssHashType hashType;
    private DeviceBus bus = DeviceBus.NONE;
    private final HardwareGro gro;

    RxPath(HostMemory memory, DmaEngine dma, NicStatistics stats, ToeplitzHash toeplitz, RssIndirectionTable reta,
           NicQueue[] queues, EventScheduler scheduler) {
        this.memory = memory;
        this.dma = dma;
        this.stats = stats;
        this.toeplitz = toeplitz;
        this.reta = reta;
        this.queues = queues;
        this.gro = new HardwareGro(queues.length, scheduler, (id, session, nowNs) -> closeSession(session, nowNs));
    }

    /** Device reset: open hardware GRO sessions give back their pages. */
    void reset() {
        gro.reset(memory);
    }

    void bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
    }

    /** Runs the pipeline; returns the queue the frame went to, or null when it was dropped before RSS. */
    NicQueue receive(OffloadFeatures features, DirectBuffer frame, int offset, int length, long nowNs) {
        stats.increment(NicCounter.RX_PACKETS);
        stats.add(NicCounter.RX_BYTES, length);
        if (length < 14 || offset < 0 || (long) offset + length > frame.capacity()) {
            stats.increment(NicCounter.RX_DROPPED_MALFORMED);
            return null;
        }
        parser.parse(frame, offset, length, parsed);
        final boolean understood = parsed.isOk() && !parsed.isFragment()
            && (parsed.l3() == ParsedFrame.L3.IPV4 || parsed.l3() == ParsedFrame.L3.IPV6)
            && (parsed.l4() == ParsedFrame.L4.TCP || parsed.l4() == ParsedFrame.L4.UDP);
        checksum(features, understood, frame);
        rss(features);
        final NicQueue q = features.rxHash() ? queues[reta.queueFor(hash)] : queues[0];
        final HardwareGro.Session session = gro.session(q.id());
        if (session.open) {
            if (features.rxGroHw() && features.headerSplit() && understood && !bus.receiveBacklogFull()
                && joinSession(session, q, frame, offset, nowNs)) {
                return q;
            }
            closeSession(session, nowNs); // the frame does not continue it: the session's completion goes first
        }
        if (q.completionRing().freeSlots() == 0) {
            stats.increment(NicCounter.RX_DROPPED_NO_BUFFER);
            stats.increment(NicCounter.RX_MISSED);
            return q;
        }
        if (bus.receiveBacklogFull()) {
            stats.increment(NicCounter.RX_MISSED); // the packet buffer overflowed: the bus is behind
            return q;
        }
        if (features.headerSplit() && understood && parsed.headerLength() <= NicConfig.MAX_HEADER_BYTES
            && split(q, features, frame, offset, nowNs)) {
            return q;
        }
        unsplit(q, understood, frame, offset, length, nowNs);
        return q;
    }

    private void checksum(OffloadFeatures features, boolean understood, DirectBuffer frame) {
        if (!features.rxChecksum() || !understood) {
            csum = ChecksumStatus.NONE;
            stats.increment(NicCounter.RX_CSUM_NONE);
            return;
        }
        final boolean ipOk = parsed.l3() != ParsedFrame.L3.IPV4
            || InternetChecksum.verifies(InternetChecksum.sum(frame, parsed.l3Offset(), parsed.l3HeaderLength(), 0));
        if (ipOk && parsed.transportChecksumOk()) {
            csum = ChecksumStatus.GOOD;
            stats.increment(NicCounter.RX_CSUM_GOOD);
        } else {
            csum = ChecksumStatus.BAD;
            stats.increment(NicCounter.RX_CSUM_BAD);
        }
    }

    private void rss(OffloadFeatures features) {
        hash = 0;
        hashType = RssHashType.NONE;
        if (!features.rxHash() || (parsed.l3() != ParsedFrame.L3.IPV4 && parsed.l3() != ParsedFrame.L3.IPV6)
            || (parsed.l4Offset() < 0 && !parsed.isFragment())) {
            return;
        }
        final boolean ports = parsed.isOk() && !parsed.isFragment()
            && (parsed.l4() == ParsedFrame.L4.TCP || parsed.l4() == ParsedFrame.L4.UDP);
        if (parsed.l3() == ParsedFrame.L3.IPV4) {
            hash = ports ? toeplitz.hashV4(parsed.srcV4(), parsed.dstV4(), parsed.srcPort(), parsed.dstPort())
                : toeplitz.hashV4(parsed.srcV4(), parsed.dstV4());
            hashType = ports ? RssHashType.L4_IPV4 : RssHashType.IPV4;
        } else {
            hash = ports
                ? toeplitz.hashV6(parsed.srcHigh(), parsed.srcLow(), parsed.dstHigh(), parsed.dstLow(), parsed.srcPort(),
                parsed.dstPort())
                : toeplitz.hashV6(parsed.srcHigh(), parsed.srcLow(), parsed.dstHigh(), parsed.dstLow());
            hashType = ports ? RssHashType.L4_IPV6 : RssHashType.IPV6;
        }
        stats.increment(NicCounter.RX_RSS_HASHED);
    }

    /** The RSS hash a flow's frames get (for steering its alignment hint to the right queue). */
    int hashOf(FlowTuple flow) {
        final long srcHi = flow.src().high();
        final long srcLo = flow.src().low();
        if (srcHi == 0 && (srcLo >>> 32) == 0xFFFF) {
            return toeplitz.hashV4((int) srcLo, (int) flow.dst().low(), flow.srcPort(), flow.dstPort());
        }
        return toeplitz.hashV6(srcHi, srcLo, flow.dst().high(), flow.dst().low(), flow.srcPort(), flow.dstPort());
    }

    /** Header split; false when the headers do not fit the posted buffer (the frame then goes whole). */
    private boolean split(NicQueue q, OffloadFeatures features, DirectBuffer frame, int offset, long nowNs) {
        final DescriptorRing headerRing = q.headerRing();
        final int at = headerRing.peek();
        if (at == DescriptorRing.EMPTY) {
            stats.increment(NicCounter.RX_DROPPED_NO_BUFFER);
            stats.increment(NicCounter.RX_MISSED);
            return true;
        }
        bus.descriptorFetch(1, RxHeaderBufferDescriptor.LENGTH);
        headerDescriptor.wrap(headerRing.buffer(), at);
        final int headerLength = parsed.headerLength();
        if (headerLength > headerDescriptor.lengthBytes()) {
            return false;
        }
        final int bufferId = headerDescriptor.bufferId();
        final long address = headerDescriptor.address();
        headerRing.consume();
        final int tcpFlags = parsed.isTcp() ? parsed.tcpFlags() : 0;
        if (features.rxGroHw() && features.pageAccum() && q.accum != null
            && HardwareGro.opens(parsed, csum == ChecksumStatus.GOOD, tcpFlags)) {
            openSession(q, frame, offset, bufferId, address, tcpFlags, nowNs);
            return true;
        }
        if (!dma.toHost(frame, offset, headerLength, address)) {
            stats.increment(NicCounter.RX_DMA_ERRORS);
            errorCompletion(q, bufferId, Nic.RX_ERROR_HEADER_DMA, nowNs);
            return true;
        }
        final int flags = parsed.isTcp() ? parsed.tcpFlags() : 0;
        frags.clear();
        final PayloadPlacement placement = parsed.isTcp() ? q.placement(features.pageAccum()) : q.packed;
        final PlacementOutcome outcome = placement.place(parsed, frame, parsed.payloadOffset(), parsed.payloadLength(),
            flags, nowNs, frags);
        if (outcome.isDrop() || frags.count() > RxCompletionDescriptor.MAX_FRAGS) {
            frags.releaseAll(memory);
            if (outcome == PlacementOutcome.DROPPED_NO_PAGE) {
                stats.increment(NicCounter.RX_MISSED);
            }
            stats.increment(outcome == PlacementOutcome.DROPPED_DMA_ERROR ? NicCounter.RX_DMA_ERRORS
                : outcome == PlacementOutcome.DROPPED_NO_PAGE ? NicCounter.RX_DROPPED_NO_BUFFER
                : NicCounter.RX_DROPPED_MALFORMED);
            errorCompletion(q, bufferId, Nic.RX_ERROR_NO_PAYLOAD_BUFFER, nowNs);
            return true;
        }
        final int completionFlags = RxCompletionDescriptor.FLAG_SPLIT
            | (outcome == PlacementOutcome.APPENDED ? RxCompletionDescriptor.FLAG_ACCUMULATED : 0);
        writeCompletion(q, bufferId, headerLength, completionFlags);
        stats.increment(NicCounter.RX_HDS_SPLIT);
        q.completionWritten(nowNs);
        return true;
    }

    /** The first segment of a hardware GRO session: headers kept in the device, payload placed. */
    private void openSession(NicQueue q, DirectBuffer frame, int offset, int bufferId, long address, int tcpFlags,
                             long nowNs) {
        final HardwareGro.Session s = gro.session(q.id());
        final FragList placed = s.scratch;
        placed.clear();
        final PlacementOutcome outcome = q.accum.place(parsed, frame, parsed.payloadOffset(), parsed.payloadLength(),
            tcpFlags, nowNs, placed);
        if (outcome.isDrop() || placed.count() > RxCompletionDescriptor.MAX_FRAGS) {
            placed.releaseAll(memory);
            countDrop(outcome);
            errorCompletion(q, bufferId, Nic.RX_ERROR_NO_PAYLOAD_BUFFER, nowNs);
            return;
        }
        HardwareGro.open(s, parsed, frame, offset, bufferId, address, hash, hashType.code(), placed, nowNs);
        stats.increment(NicCounter.RX_HDS_SPLIT);
    }

    /**
     * A segment that continues the queue's open session joins it; true when the frame was taken
     * (joined, or dropped for want of a page after the session was ended).
     */
    private boolean joinSession(HardwareGro.Session s, NicQueue q, DirectBuffer frame, int offset, long nowNs) {
        final int tcpFlags = parsed.tcpFlags();
        if (parsed.headerLength() > NicConfig.MAX_HEADER_BYTES || q.accum == null
            || !HardwareGro.joins(s, parsed, frame, offset, csum == ChecksumStatus.GOOD, tcpFlags)) {
            return false;
        }
        final FragList placed = s.scratch;
        placed.clear();
        final PlacementOutcome outcome = q.accum.place(parsed, frame, parsed.payloadOffset(), parsed.payloadLength(),
            tcpFlags, nowNs, placed);
        if (outcome.isDrop()) {
            placed.releaseAll(memory);
            closeSession(s, nowNs);
            countDrop(outcome);
            if (q.completionRing().freeSlots() > 0) {
                errorCompletion(q, NO_HEADER_BUFFER, Nic.RX_ERROR_NO_PAYLOAD_BUFFER, nowNs);
            }
            return true;
        }
        HardwareGro.append(s, memory, parsed, tcpFlags, placed);
        stats.increment(NicCounter.RX_HDS_SPLIT);
        stats.increment(NicCounter.RX_GRO_HW_MERGED);
        if ((tcpFlags & dev.toeless.nic.wire.TcpHeader.PSH) != 0) {
            closeSession(s, nowNs);
        }
        return true;
    }

    /** Ends a session: the fixed-up header once to the header buffer, one completion for every segment. */
    private void closeSession(HardwareGro.Session s, long nowNs) {
        if (!s.open) {
            return;
        }
        s.open = false;
        s.timer.cancel();
        final NicQueue q = queues[s.queueId];
        s.fixHeader();
        if (!dma.toHost(s.header, 0, s.headerLength, s.address)) {
            s.frags.releaseAll(memory);
            stats.increment(NicCounter.RX_DMA_ERRORS);
            errorCompletion(q, s.bufferId, Nic.RX_ERROR_HEADER_DMA, nowNs);
            return;
        }
        final DescriptorRing ring = q.completionRing();
        completion.wrap(ring.buffer(), ring.produce())
            .write(s.bufferId, s.headerLength, ChecksumStatus.GOOD, s.hashType, s.hash,
                RxCompletionDescriptor.FLAG_SPLIT | RxCompletionDescriptor.FLAG_ACCUMULATED
                    | (s.segments > 1 ? RxCompletionDescriptor.FLAG_COALESCED : 0), s.frags);
        if (s.segments > 1) {
            completion.segments(s.segments);
            stats.increment(NicCounter.RX_GRO_HW_COMPLETIONS);
        }
        s.frags.clear();
        bus.completionWrite(RxCompletionDescriptor.LENGTH);
        ring.doorbell();
        q.completionWritten(nowNs);
    }

    private void countDrop(PlacementOutcome outcome) {
        if (outcome == PlacementOutcome.DROPPED_NO_PAGE) {
            stats.increment(NicCounter.RX_MISSED);
        }
        stats.increment(outcome == PlacementOutcome.DROPPED_DMA_ERROR ? NicCounter.RX_DMA_ERRORS
            : outcome == PlacementOutcome.DROPPED_NO_PAGE ? NicCounter.RX_DROPPED_NO_BUFFER
            : NicCounter.RX_DROPPED_MALFORMED);
    }

    private void unsplit(NicQueue q, boolean understood, DirectBuffer frame, int offset, int length, long nowNs) {
        // Link padding after the IP packet is not stored; a frame the parser did not understand goes whole.
        final int storeLength = parsed.isOk() ? parsed.ipEnd() - offset : length;
        if (storeLength > HostMemory.PAGE_SIZE) {
            stats.increment(NicCounter.RX_DROPPED_MALFORMED);
            return;
        }
        final int pfn = q.takePage();
        if (pfn == HostMemory.NO_PAGE) {
            stats.increment(NicCounter.RX_DROPPED_NO_BUFFER);
            stats.increment(NicCounter.RX_MISSED);
            return;
        }
        if (!dma.toHost(frame, offset, storeLength, HostMemory.address(pfn, 0))) {
            memory.release(pfn);
            stats.increment(NicCounter.RX_DMA_ERRORS);
            errorCompletion(q, NO_HEADER_BUFFER, Nic.RX_ERROR_PAGE_DMA, nowNs);
            return;
        }
        frags.clear();
        frags.add(pfn, 0, storeLength, FragList.FLAG_PAGE_CLOSED);
        // The header length tells the host where payload starts; 0 means "parse it yourself".
        final int headerLength = understood && parsed.headerLength() <= NicConfig.MAX_HEADER_BYTES
            ? parsed.headerLength() : 0;
        writeCompletion(q, NO_HEADER_BUFFER, headerLength, RxCompletionDescriptor.FLAG_UNSPLIT);
        stats.increment(NicCounter.RX_UNSPLIT);
        q.completionWritten(nowNs);
    }

    private void writeCompletion(NicQueue q, int bufferId, int headerLength, int flags) {
        final DescriptorRing ring = q.completionRing();
        completion.wrap(ring.buffer(), ring.produce())
            .write(bufferId, headerLength, csum, hashType.code(), hash, flags, frags);
        frags.clear();
        bus.completionWrite(RxCompletionDescriptor.LENGTH);
        ring.doorbell();
    }

    private void errorCompletion(NicQueue q, int bufferId, int errorCode, long nowNs) {
        final DescriptorRing ring = q.completionRing();
        completion.wrap(ring.buffer(), ring.produce()).clear()
            .headerBufferIndex(bufferId)
            .flags(RxCompletionDescriptor.FLAG_ERROR)
            .errorCode(errorCode);
        bus.completionWrite(RxCompletionDescriptor.LENGTH);
        ring.doorbell();
        q.completionWritten(nowNs);
    }
}
