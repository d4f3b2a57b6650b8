package dev.toeless.nic.device;

import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.ParsedFrame;
import org.agrona.DirectBuffer;

/**
 * The baseline payload placement, like Linux's page-frag allocation: payloads of every flow are
 * packed one after another into the queue's current page, continuing in a fresh page when it is
 * full. A flow's bytes therefore land wherever the page happens to be filled up to, which is why
 * a checksum-only NIC cannot hand the host whole, aligned file pages.
 *
 * <p>References: the placement holds one reference on its current page (taken from the page
 * supply) until the page is full or {@link #close()}; each fragment carries one reference of its
 * own. Alignment hints and flush timers mean nothing here.
 */
public final class PackedPlacement implements PayloadPlacement {
    private static final int PAGE_SIZE = HostMemory.PAGE_SIZE;
    private static final int NO_PAGE = HostMemory.NO_PAGE;

    private final HostMemory memory;
    private final RxPageSupply pages;
    private final DmaEngine dma;
    private final int[] fresh = new int[FragList.MAX_PAYLOAD_FRAGMENTS];
    private int current = NO_PAGE;
    private int fill;
    private long placed;
    private long allocFailures;

    public PackedPlacement(RxPageSupply pages, DmaEngine dma) {
        this.memory = dma.memory();
        this.pages = pages;
        this.dma = dma;
    }

    /** A factory for the NIC's configuration. */
    public static Factory factory() {
        return (queueId, pages, dma) -> new PackedPlacement(pages, dma);
    }

    @Override
    public PlacementOutcome place(ParsedFrame frame, DirectBuffer src, int srcOffset, int length, int flags,
                                  long nowNs, FragList out) {
        if (length <= 0 || srcOffset < 0 || (long) srcOffset + length > src.capacity()) {
            return length == 0 ? PlacementOutcome.PLACED : PlacementOutcome.DROPPED_INVALID;
        }
        final int room = current == NO_PAGE ? 0 : PAGE_SIZE - fill;
        final int firstLength = Math.min(room, length);
        final int freshCount = (length - firstLength + PAGE_SIZE - 1) / PAGE_SIZE;
        final int pieces = freshCount + (firstLength > 0 ? 1 : 0);
        if (pieces > out.remaining()) {
            return PlacementOutcome.DROPPED_INVALID;
        }
        for (int i = 0; i < freshCount; i++) {
            final int pfn = pages.takePage();
            if (pfn == NO_PAGE) {
                releaseFresh(i);
                allocFailures++;
                return PlacementOutcome.DROPPED_NO_PAGE;
            }
            fresh[i] = pfn;
        }
        int done = 0;
        for (int i = 0; i < pieces; i++) {
            final boolean inCurrent = firstLength > 0 && i == 0;
            final int pfn = inCurrent ? current : fresh[firstLength > 0 ? i - 1 : i];
            final int offset = inCurrent ? fill : 0;
            final int len = inCurrent ? firstLength : Math.min(PAGE_SIZE, length - done);
            if (!dma.toHost(src, srcOffset + done, len, HostMemory.address(pfn, offset))) {
                releaseFresh(freshCount);
                return PlacementOutcome.DROPPED_DMA_ERROR;
            }
            done += len;
        }
        done = 0;
        for (int i = 0; i < pieces; i++) {
            final boolean inCurrent = firstLength > 0 && i == 0;
            final int pfn = inCurrent ? current : fresh[firstLength > 0 ? i - 1 : i];
            final int offset = inCurrent ? fill : 0;
            final int len = inCurrent ? firstLength : Math.min(PAGE_SIZE, length - done);
            done += len;
            memory.retain(pfn); // the fragment's own reference
            final boolean full = offset + len == PAGE_SIZE;
            if (!inCurrent && current != NO_PAGE && current != pfn) {
                memory.release(current); // the old current page was filled by the first piece
                current = NO_PAGE;
            }
            if (full) {
                memory.release(pfn); // the hold: the page takes no more bytes
                current = NO_PAGE;
                fill = 0;
            } else {
                current = pfn;
                fill = offset + len;
            }
            out.add(pfn, offset, len, full ? FragList.FLAG_PAGE_CLOSED : 0);
        }
        placed++;
        return PlacementOutcome.PLACED;
    }

    private void releaseFresh(int count) {
        for (int i = 0; i < count; i++) {
            memory.release(fresh[i]);
        }
    }

    @Override
    public void hint(FlowTuple flow, int seqAtPageStart) {
        // Packed pages cannot honour a flow's alignment; the hint is soft state and may be ignored.
    }

    @Override
    public int flushExpired(long nowNs) {
        return 0;
    }

    @Override
    public long nextFlushDeadlineNs() {
        return Long.MAX_VALUE;
    }

    @Override
    public CounterSet counters() {
        return visitor -> {
            visitor.counter("rx_packed_frames", placed);
            visitor.counter("rx_packed_alloc_fail", allocFailures);
        };
    }

    @Override
    public void close() {
        if (current != NO_PAGE) {
            memory.release(current);
            current = NO_PAGE;
            fill = 0;
        }
    }
}
