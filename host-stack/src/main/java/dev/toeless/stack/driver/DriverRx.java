package dev.toeless.stack.driver;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.stack.netdev.RxPacket;

/**
 * The driver's receive side for one completion: builds the {@link RxPacket} the IP layer gets,
 * parsing its headers once.
 *
 * <p>A header-split frame's headers are copied out of the header buffer (counted as header bytes)
 * and parsed where they land, {@link FrameParser#parseSplit}; the payload fragments' page
 * references move into the packet untouched. An unsplit frame (a whole frame in one page) is
 * handled the same way with the headers copied out of the page and the payload left in place
 * after them. A frame that is not TCP (ARP, ICMP, neighbour discovery) is small control traffic:
 * its payload is gathered behind its headers through {@link CpuTouch#copyHeader} (counted as
 * header bytes) and the whole frame is parsed, so the control plane can read it whole.
 *
 * <p>Ownership: on every refusal the completion's pages are released here and the packet holds
 * none; otherwise the packet holds one reference per fragment.
 */
final class DriverRx {
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final DriverCounters counters;
    private final FrameParser parser = new FrameParser(); // verifies the IPv4 header checksum in every mode

    DriverRx(CpuTouch cpu, DriverCounters counters) {
        this.memory = cpu.memory();
        this.cpu = cpu;
        this.counters = counters;
    }

    /** The driver's parser, with its per-status counts. */
    FrameParser parser() {
        return parser;
    }

    /**
     * Fills {@code p} from {@code completion}; false (pages released, header buffer returned) when
     * the completion is refused.
     */
    boolean build(DriverQueue q, RxCompletionDescriptor completion, RxPacket p) {
        final int flags = completion.flags();
        final int headerIndex = completion.headerBufferIndex();
        final int fragCount = Math.min(completion.fragCount(), RxCompletionDescriptor.MAX_FRAGS);
        if ((flags & RxCompletionDescriptor.FLAG_ERROR) != 0) {
            counters.rxErrorCompletions++;
            q.returnHeaderBuffer(headerIndex);
            return false;
        }
        p.clear().checksum(completion.checksumStatus()).hash(completion.rssHash(), completion.hashType()).flags(flags);
        final int headerLength = completion.headerLength();
        if ((flags & RxCompletionDescriptor.FLAG_SPLIT) != 0) {
            if (!q.isHeaderBuffer(headerIndex) || headerLength > NicDriver.HEADER_BUFFER_BYTES) {
                counters.rxBadDescriptor++;
                releaseFrags(completion, fragCount);
                q.returnHeaderBuffer(headerIndex);
                return false;
            }
            cpu.copyHeader(q.headerPfn(headerIndex), q.headerOffset(headerIndex), headerLength, p.header(), 0);
            q.returnHeaderBuffer(headerIndex);
            for (int i = 0; i < fragCount; i++) {
                p.fragments().add(completion.fragPfn(i), completion.fragOffset(i), completion.fragLength(i));
            }
            if ((flags & RxCompletionDescriptor.FLAG_COALESCED) != 0) {
                // hardware GRO: one header for several segments, as software GRO would have merged them
                p.segments(completion.segments()).flags(flags | RxPacket.FLAG_GRO);
            }
        } else if (!unsplit(completion, p, fragCount, headerLength)) {
            return false;
        }
        p.headerLength(headerLength);
        final ParsedFrame parsed = p.parsed();
        final ParseStatus status = parser.parseSplit(p.header(), 0, headerLength, (int) p.payloadBytes(), parsed);
        if (status == ParseStatus.OK && parsed.isTcp()) {
            return true;
        }
        return gatherWhole(p);
    }

    /** A whole frame in one page: headers copied out of it, payload left in place after them. */
    private boolean unsplit(RxCompletionDescriptor completion, RxPacket p, int fragCount, int headerLength) {
        if (fragCount != 1 || headerLength > Math.min(NicDriver.HEADER_BUFFER_BYTES, completion.fragLength(0))) {
            counters.rxBadDescriptor++;
            releaseFrags(completion, fragCount);
            return false;
        }
        final int pfn = completion.fragPfn(0);
        final int offset = completion.fragOffset(0);
        final int length = completion.fragLength(0);
        if (headerLength > 0) {
            cpu.copyHeader(pfn, offset, headerLength, p.header(), 0);
        }
        if (length > headerLength) {
            p.fragments().add(pfn, offset + headerLength, length - headerLength);
        } else {
            memory.release(pfn);
        }
        return true;
    }

    /** Not a well-formed TCP segment: the payload joins the header bytes and the whole frame is parsed. */
    private boolean gatherWhole(RxPacket p) {
        final int headerLength = p.headerLength();
        final FragList in = p.fragments();
        if (headerLength + in.totalBytes() > RxPacket.HEADER_CAPACITY) {
            counters.rxTooLong++;
            p.releaseFragments(memory);
            return false;
        }
        int at = headerLength;
        for (int i = 0; i < in.count(); i++) {
            cpu.copyHeader(in.pfn(i), in.offset(i), in.length(i), p.header(), at);
            at += in.length(i);
        }
        p.releaseFragments(memory);
        p.headerLength(at);
        if (parser.parse(p.header(), 0, at, p.parsed()) != ParseStatus.OK) {
            counters.rxMalformed++; // the IP layer drops it and counts the reason
        }
        return true;
    }

    void releaseFrags(RxCompletionDescriptor completion, int fragCount) {
        for (int i = 0; i < fragCount; i++) {
            final int pfn = completion.fragPfn(i);
            if (memory.isPage(pfn) && memory.refCount(pfn) > 0) {
                memory.release(pfn);
            }
        }
    }
}
