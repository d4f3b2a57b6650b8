package dev.toeless.nic.device;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.link.FrameOutput;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.GsoType;
import dev.toeless.nic.ring.TxCompletionDescriptor;
import dev.toeless.nic.ring.TxDescriptor;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.stats.NicStatistics;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The NIC's transmit pipeline: for each published TX descriptor, validate it, DMA the header
 * into device memory, then segment (TSO), complete the checksum (CHECKSUM_PARTIAL) or send as
 * is, and write a TX completion carrying the descriptor's cookie so the driver can release the
 * pages it lent. Descriptors wait in the ring while the TX completion ring is full. A bad
 * descriptor is an error completion, never an exception.
 */
final class TxPath {
    private static final int ETHERTYPE_VLAN = 0x8100;

    private final HostMemory memory;
    private final DmaEngine dma;
    private final NicStatistics stats;
    private final TxOffloadEngine engine;
    private final int maxFrameBytes;
    private final TxDescriptor descriptor = new TxDescriptor();
    private final TxCompletionDescriptor completion = new TxCompletionDescriptor();
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[NicConfig.MAX_HEADER_BYTES]);
    private final UnsafeBuffer frame;
    private final FragList frags = new FragList(TxDescriptor.MAX_FRAGS);
    private final TxOffloadEngine.FrameOut out = this::sendSegment;
    private FrameOutput output;
    private DeviceBus bus = DeviceBus.NONE;
    private int segments;
    private long bytes;

    TxPath(HostMemory memory, DmaEngine dma, NicStatistics stats, TxOffloadEngine engine, int maxFrameBytes) {
        this.memory = memory;
        this.dma = dma;
        this.stats = stats;
        this.engine = engine;
        this.maxFrameBytes = maxFrameBytes;
        this.frame = new UnsafeBuffer(new byte[maxFrameBytes]);
    }

    void bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
    }

    void port(Link.Port linkPort) {
        this.output = (buffer, offset, length) -> {
            linkPort.send(buffer, offset, length); // the link counts its own drops
            return true;
        };
    }

    void output(FrameOutput frameOutput) {
        this.output = frameOutput;
    }

    void process(NicQueue q, OffloadFeatures features, long nowNs) {
        final DescriptorRing ring = q.txRing();
        final DescriptorRing done = q.txCompletionRing();
        boolean wrote = false;
        while (ring.pending() > 0 && done.freeSlots() > 0) {
            descriptor.wrap(ring.buffer(), ring.peek());
            bus.descriptorFetch(1, TxDescriptor.LENGTH);
            segments = 0;
            bytes = 0;
            final int status = transmit(features);
            final int cookie = descriptor.cookie();
            ring.consume();
            completion.wrap(done.buffer(), done.produce()).cookie(cookie).status(status).segments(segments)
                .bytes(bytes);
            bus.completionWrite(TxCompletionDescriptor.LENGTH);
            done.doorbell();
            wrote = true;
        }
        if (wrote) {
            q.completionWritten(nowNs);
        }
    }

    private int transmit(OffloadFeatures features) {
        final int headerLength = descriptor.headerLength();
        final int fragCount = descriptor.fragCount();
        if (fragCount > TxDescriptor.MAX_FRAGS || headerLength < 14 || headerLength > NicConfig.MAX_HEADER_BYTES) {
            return malformed();
        }
        // a frame sent whole is built in the frame buffer: its header is fetched straight to the front
        // of it (one that does not fit is refused as too big before the buffer is read)
        final boolean tso = descriptor.hasFlag(TxDescriptor.FLAG_TSO);
        final UnsafeBuffer headerTo = tso || headerLength > frame.capacity() ? header : frame;
        if (!dma.fromHost(descriptor.headerAddress(), headerLength, headerTo, 0)) {
            stats.increment(NicCounter.TX_DMA_ERRORS);
            return TxCompletionDescriptor.STATUS_DMA_ERROR;
        }
        frags.clear();
        for (int i = 0; i < fragCount; i++) {
            final int pfn = descriptor.fragPfn(i);
            final int offset = descriptor.fragOffset(i);
            final int length = descriptor.fragLength(i);
            if (offset + length > HostMemory.PAGE_SIZE) {
                return malformed();
            }
            if (!memory.isPage(pfn)) {
                stats.increment(NicCounter.TX_DMA_ERRORS);
                return TxCompletionDescriptor.STATUS_DMA_ERROR;
            }
            frags.add(pfn, offset, length);
        }
        if (tso) {
            return segment(features, headerLength);
        }
        return single(features, headerLength);
    }

    private int segment(OffloadFeatures features, int headerLength) {
        final GsoType type = GsoType.ofCode(descriptor.gsoTypeCode());
        if (!features.tso() || engine == null || type == null || type == GsoType.NONE) {
            return malformed();
        }
        if (headerLength + frags.totalBytes() > 65_536) {
            stats.increment(NicCounter.TX_DROPPED_MALFORMED);
            return TxCompletionDescriptor.STATUS_TOO_BIG;
        }
        final int l3 = (header.getShort(12, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF) == ETHERTYPE_VLAN ? 18 : 14;
        final int status = engine.segment(header, headerLength, l3, descriptor.csumStart(), type == GsoType.TCPV6,
            descriptor.gsoSize(), descriptor.hasFlag(TxDescriptor.FLAG_FIXED_ID), frags, out);
        if (status == TxCompletionDescriptor.STATUS_OK) {
            stats.increment(NicCounter.TX_TSO_PACKETS);
            stats.add(NicCounter.TX_TSO_SEGMENTS, segments);
        } else if (status == TxCompletionDescriptor.STATUS_DMA_ERROR) {
            stats.increment(NicCounter.TX_DMA_ERRORS);
        } else {
            stats.increment(NicCounter.TX_DROPPED_MALFORMED);
        }
        return status;
    }

    private int single(OffloadFeatures features, int headerLength) {
        final long total = headerLength + frags.totalBytes();
        if (total > maxFrameBytes) {
            stats.increment(NicCounter.TX_DROPPED_MALFORMED);
            return TxCompletionDescriptor.STATUS_TOO_BIG;
        }
        int at = headerLength; // the header is already at the front of the frame buffer
        for (int i = 0; i < frags.count(); i++) {
            if (!dma.fromHost(frags.address(i), frags.length(i), frame, at)) {
                stats.increment(NicCounter.TX_DMA_ERRORS);
                return TxCompletionDescriptor.STATUS_DMA_ERROR;
            }
            at += frags.length(i);
        }
        if (descriptor.hasFlag(TxDescriptor.FLAG_CSUM_PARTIAL)) {
            if (!features.txChecksum() || engine == null
                || !engine.checksum(frame, at, descriptor.csumStart(), descriptor.csumOffset())) {
                return malformed();
            }
            stats.increment(NicCounter.TX_CSUM_OFFLOAD);
        }
        sendSegment(frame, 0, at);
        return TxCompletionDescriptor.STATUS_OK;
    }

    private void sendSegment(DirectBuffer buffer, int offset, int length) {
        segments++;
        bytes += length;
        stats.increment(NicCounter.TX_PACKETS);
        stats.add(NicCounter.TX_BYTES, length);
        if (output != null) {
            output.send(buffer, offset, length); // a link or TAP counts its own drops
        }
    }

    private int malformed() {
        stats.increment(NicCounter.TX_DROPPED_MALFORMED);
        return TxCompletionDescriptor.STATUS_MALFORMED;
    }
}
