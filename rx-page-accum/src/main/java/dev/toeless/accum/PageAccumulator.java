package dev.toeless.accum;

import dev.toeless.nic.device.PlacementOutcome;
import dev.toeless.nic.device.RxPageSupply;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.DirectBuffer;

/**
 * Receive page accumulation: the NIC writes the payload of consecutive in-order segments of a
 * flow one after another into the same host page, so the host receives full pages it can hand
 * to a file's page cache without touching a byte.
 *
 * <p>Per segment ({@link #accept}): the flow is looked up in the {@link FlowCache}.
 * <ul>
 *   <li>In order ({@code seq} equals the entry's next expected sequence number): the payload is
 *       appended to the flow's open page. A payload that runs past the page end continues at
 *       offset 0 of a fresh page, giving two (or more) fragments. A page is closed when full, on
 *       PSH or FIN if {@link AccumConfig} says so, when its flush timer expires, or when its flow
 *       is evicted.</li>
 *   <li>Cache miss (new flow, or evicted): the payload goes into a fresh page, which becomes the
 *       new entry's open page.</li>
 *   <li>Out of order: a gap ahead closes the open page and re-anchors the flow at the new
 *       segment in a fresh page; old data (a retransmission wholly before the expected sequence
 *       number) goes into a one-off fresh page and leaves the flow's state alone, unless it
 *       continues the previous old segment exactly: then the stream evidently went back (a burst
 *       of retransmissions, or a new connection reusing the tuple with a lower sequence number)
 *       and the flow re-anchors there.</li>
 * </ul>
 * Whatever the path, every payload byte is delivered exactly once in a fragment: losing flow
 * state changes fill and counters, never bytes.
 *
 * <p>Alignment hint ({@link #hint}): "sequence number S is page offset 0". While a flow has a
 * hint, every payload byte with sequence number s is placed at page offset
 * {@code (s - S) mod 4096}, in order or not: a raw stream sets S to ISN+1 and its file pages
 * arrive whole and aligned.
 *
 * <p>Page references: the accumulator holds one reference on each open page (its "hold"), taken
 * from its {@link RxPageSupply} (a {@link PagePool}, or the RX page ring) when the page is opened and given back when the page closes.
 * <b>Each fragment carries one reference of its own</b>, added when the fragment is emitted and
 * handed to the receiver through the {@link FragList}; a page shared by three fragments
 * therefore has three receiver references (plus the hold while open), and it returns to its pool
 * when the receiver has released all three and the page is closed. One reference per fragment
 * (rather than a bias count settled at close, as Linux's page_pool frag API does) keeps every
 * fragment independently releasable by whoever ends up holding it; in this model a reference is
 * an array increment, so the bias saves nothing measurable.
 *
 * <p>Failure is a return value: when no page can be had, the segment is dropped (nothing
 * written, no fragment, flow state unchanged), counted in {@code rx_accum_alloc_fail}, and TCP
 * retransmits it. Nothing on the per-segment path allocates or throws.
 *
 * <p>Time is an argument ({@code nowNs}); nothing here reads a clock. Single-threaded: one RX
 * queue owns one accumulator.
 */
public final class PageAccumulator implements AutoCloseable {
    /** Largest payload one segment may carry. */
    public static final int MAX_PAYLOAD_BYTES = 65_535;

    private static final int PAGE_SIZE = HostMemory.PAGE_SIZE;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int NO_PAGE = HostMemory.NO_PAGE;
    private static final int NO_HINT = -1;

    private final HostMemory memory;
    private final RxPageSupply pages;
    private final DmaEngine dma;
    private final AccumConfig config;
    private final FlowCache cache;
    private final AccumCounters counters = new AccumCounters();
    private final int[] freshPages = new int[(MAX_PAYLOAD_BYTES >> HostMemory.PAGE_SHIFT) + 2];
    private boolean clearing;

    /**
     * @param pool the pool fresh pages come from (the RX queue's payload pool)
     * @param dma  the NIC's access to host memory; its memory is the pool's
     */
    public PageAccumulator(PagePool pool, DmaEngine dma, AccumConfig config) {
        this(pool::allocate, dma, config);
    }

    /**
     * @param pages where fresh pages come from (a pool, or the RX page ring the driver fills);
     *              pages not used after all are released, which returns them to their pool
     * @param dma   the NIC's access to host memory, the memory the pages belong to
     */
    public PageAccumulator(RxPageSupply pages, DmaEngine dma, AccumConfig config) {
        this.memory = dma.memory();
        this.pages = pages;
        this.dma = dma;
        this.config = config;
        this.cache = new FlowCache(config.flowCacheEntries());
        this.cache.evictionListener(this::onEvict);
    }

    public AccumConfig config() {
        return config;
    }

    public AccumCounters counters() {
        return counters;
    }

    /** The flow cache, for inspection. */
    public FlowCache flowCache() {
        return cache;
    }

    /**
     * Places one segment's payload into host pages and appends its fragments to {@code out}.
     *
     * @param flow      the segment's flow (borrowed for the call)
     * @param seq       the sequence number of the first payload byte
     * @param src       device memory holding the payload (borrowed for the call)
     * @param tcpFlags  the segment's TCP flag bits ({@link TcpHeader#PSH} and {@link TcpHeader#FIN} close the page)
     * @param out       receives the fragments, each with one page reference for the receiver
     * @return what happened; on a drop nothing was added to {@code out}
     */
    public PlacementOutcome accept(FlowKey flow, int seq, DirectBuffer src, int srcOffset, int length, int tcpFlags,
                               long nowNs, FragList out) {
        if (length < 0 || length > MAX_PAYLOAD_BYTES || srcOffset < 0 || (long) srcOffset + length > src.capacity()) {
            counters.droppedInvalid++;
            return PlacementOutcome.DROPPED_INVALID;
        }
        int slot = cache.find(flow);
        if (length == 0) {
            if (slot != FlowCache.NONE) {
                endOfSegment(slot, tcpFlags, out, out.count());
            }
            return PlacementOutcome.NO_PAYLOAD;
        }
        final PlacementOutcome outcome;
        final boolean adopt;
        if (slot == FlowCache.NONE) {
            slot = cache.insert(flow, seq);
            outcome = PlacementOutcome.FLOW_MISS;
            adopt = true;
        } else if (seq == cache.nextSeq[slot]) {
            outcome = PlacementOutcome.APPENDED;
            adopt = true;
        } else {
            outcome = PlacementOutcome.OUT_OF_ORDER;
            // Data past the expected point, or a second old segment continuing the first (a burst
            // of retransmissions, or a new connection on the same tuple that started lower):
            // follow it. A lone old segment goes to a one-off page.
            adopt = (seq + length) - cache.nextSeq[slot] > 0 || (cache.oldRun[slot] && seq == cache.oldRunEnd[slot]);
        }
        if (outcome == PlacementOutcome.FLOW_MISS) {
            counters.flowMisses++;
        } else if (outcome == PlacementOutcome.OUT_OF_ORDER) {
            counters.outOfOrder++;
        }
        final int first = out.count();
        final PlacementOutcome placed = place(slot, adopt, seq, src, srcOffset, length, nowNs, out);
        if (placed != null) {
            return placed;
        }
        if (outcome == PlacementOutcome.APPENDED) {
            counters.appended++;
            counters.appendedBytes += length;
        }
        endOfSegment(slot, tcpFlags, out, first);
        return outcome;
    }

    /**
     * Writes the payload and emits fragments. Returns null on success, or the drop outcome: then
     * no fragment was added and no reference or flow state changed, except that an open page
     * whose flush timer had expired may have been closed.
     */
    private PlacementOutcome place(int slot, boolean adopt, int seq, DirectBuffer src, int srcOffset, int length,
                               long nowNs, FragList out) {
        final int aligned = cache.hinted[slot] ? (seq - cache.hintSeq[slot]) & PAGE_MASK : NO_HINT;
        if (adopt) {
            expireIfStale(slot, nowNs);
        }
        final int open = adopt ? cache.openPfn[slot] : NO_PAGE;
        final boolean useOpen = open != NO_PAGE && seq == cache.nextSeq[slot]
            && (aligned == NO_HINT || aligned == cache.fillOffset[slot]);
        final int startOffset = useOpen ? cache.fillOffset[slot] : (aligned == NO_HINT ? 0 : aligned);
        final int firstLength = Math.min(length, PAGE_SIZE - startOffset);
        final int pieces = 1 + ceilPages(length - firstLength);
        final int fresh = useOpen ? pieces - 1 : pieces;
        if (pieces > out.remaining()) {
            counters.droppedInvalid++;
            return PlacementOutcome.DROPPED_INVALID;
        }
        for (int i = 0; i < fresh; i++) {
            final int pfn = pages.takePage();
            if (pfn == NO_PAGE) {
                releaseFresh(i);
                counters.allocFailures++;
                return PlacementOutcome.DROPPED_NO_PAGE;
            }
            freshPages[i] = pfn;
        }
        int consumed = 0;
        for (int i = 0; i < pieces; i++) {
            final int pfn = pieceTarget(i, useOpen, open);
            final int offset = i == 0 ? startOffset : 0;
            final int len = i == 0 ? firstLength : Math.min(PAGE_SIZE, length - consumed);
            if (!dma.toHost(src, srcOffset + consumed, len, HostMemory.address(pfn, offset))) {
                releaseFresh(fresh);
                counters.dmaErrors++;
                return PlacementOutcome.DROPPED_DMA_ERROR;
            }
            consumed += len;
        }
        if (adopt && open != NO_PAGE && !useOpen) {
            closeOpenPage(slot);
        }
        emit(slot, adopt, useOpen, open, aligned, startOffset, firstLength, length, pieces, nowNs, out);
        if (adopt) {
            cache.nextSeq[slot] = seq + length;
            cache.oldRun[slot] = false;
        } else {
            cache.oldRun[slot] = true;
            cache.oldRunEnd[slot] = seq + length;
        }
        return null;
    }

    private void emit(int slot, boolean adopt, boolean useOpen, int open, int aligned, int startOffset,
                      int firstLength, int length, int pieces, long nowNs, FragList out) {
        int consumed = 0;
        for (int i = 0; i < pieces; i++) {
            final int pfn = pieceTarget(i, useOpen, open);
            final int offset = i == 0 ? startOffset : 0;
            final int len = i == 0 ? firstLength : Math.min(PAGE_SIZE, length - consumed);
            consumed += len;
            final int end = offset + len;
            final boolean stayOpen = adopt && i == pieces - 1 && end < PAGE_SIZE;
            int flags = aligned != NO_HINT && offset == 0 ? FragList.FLAG_ALIGNED : 0;
            memory.retain(pfn); // the fragment's own reference
            if (stayOpen) {
                if (!(i == 0 && useOpen)) {
                    cache.openPfn[slot] = pfn;
                    cache.pageOpenedNs[slot] = nowNs;
                }
                cache.fillOffset[slot] = end;
            } else {
                memory.release(pfn); // the hold: this page takes no more bytes
                flags |= FragList.FLAG_PAGE_CLOSED;
                if (end == PAGE_SIZE) {
                    counters.pagesFilled++;
                } else {
                    counters.pagesPartial++;
                }
                if (adopt && i == pieces - 1) {
                    cache.openPfn[slot] = NO_PAGE;
                }
            }
            out.add(pfn, offset, len, flags);
        }
    }

    private int pieceTarget(int piece, boolean useOpen, int open) {
        if (useOpen) {
            return piece == 0 ? open : freshPages[piece - 1];
        }
        return freshPages[piece];
    }

    private void releaseFresh(int count) {
        for (int i = 0; i < count; i++) {
            memory.release(freshPages[i]);
        }
    }

    private static int ceilPages(int bytes) {
        return (bytes + PAGE_MASK) >> HostMemory.PAGE_SHIFT;
    }

    private void endOfSegment(int slot, int tcpFlags, FragList out, int first) {
        final boolean fin = (tcpFlags & TcpHeader.FIN) != 0 && config.closeOnFin();
        final boolean psh = (tcpFlags & TcpHeader.PSH) != 0 && config.closeOnPsh();
        if (!fin && !psh) {
            return;
        }
        final int open = cache.openPfn[slot];
        if (open != NO_PAGE) {
            closeOpenPage(slot);
            if (out.count() > first && out.pfn(out.count() - 1) == open) {
                out.orFlags(out.count() - 1, FragList.FLAG_PAGE_CLOSED);
            }
        }
        if (fin) {
            cache.remove(slot);
            counters.flowsEnded++;
        }
    }

    private void expireIfStale(int slot, long nowNs) {
        if (cache.openPfn[slot] != NO_PAGE && nowNs - cache.pageOpenedNs[slot] >= config.flushTimeoutNs()) {
            closeOpenPage(slot);
            counters.flushTimeouts++;
        }
    }

    /** Gives back the hold on a slot's open page (the receiver's fragment references remain). */
    private void closeOpenPage(int slot) {
        final int pfn = cache.openPfn[slot];
        cache.openPfn[slot] = NO_PAGE;
        memory.release(pfn);
        if (cache.fillOffset[slot] == PAGE_SIZE) {
            counters.pagesFilled++;
        } else {
            counters.pagesPartial++;
        }
    }

    private void onEvict(int slot) {
        if (clearing) {
            counters.cacheDrops++;
        } else {
            counters.evictions++;
        }
        if (cache.openPfn[slot] != NO_PAGE) {
            closeOpenPage(slot);
        }
    }

    /**
     * Closes every open page whose flush timer has expired at {@code nowNs}. Returns how many
     * pages it closed. Call it from the queue's timer; a stale page is also closed lazily when
     * its flow's next segment arrives.
     */
    public int flushExpired(long nowNs) {
        int closed = 0;
        for (int s = cache.leastRecent(); s != FlowCache.NONE; s = cache.moreRecent(s)) {
            if (cache.openPfn[s] != NO_PAGE && nowNs - cache.pageOpenedNs[s] >= config.flushTimeoutNs()) {
                closeOpenPage(s);
                counters.flushTimeouts++;
                closed++;
            }
        }
        return closed;
    }

    /** When the earliest open page's flush timer expires, or {@code Long.MAX_VALUE} if none will. */
    public long nextFlushDeadlineNs() {
        if (config.flushTimeoutNs() == AccumConfig.NO_FLUSH) {
            return Long.MAX_VALUE;
        }
        long earliest = Long.MAX_VALUE;
        for (int s = cache.leastRecent(); s != FlowCache.NONE; s = cache.moreRecent(s)) {
            if (cache.openPfn[s] != NO_PAGE) {
                final long deadline = cache.pageOpenedNs[s] + config.flushTimeoutNs();
                if (earliest == Long.MAX_VALUE || deadline - earliest < 0) {
                    earliest = deadline;
                }
            }
        }
        return earliest;
    }

    /**
     * Sets the alignment hint of a flow: sequence number {@code seqAtPageStart} is page offset 0.
     * Creates the flow's entry if needed (expecting that sequence number next), which may evict
     * another flow. The hint is soft state like the rest: eviction forgets it.
     */
    public void hint(FlowKey flow, int seqAtPageStart) {
        int slot = cache.find(flow);
        if (slot == FlowCache.NONE) {
            slot = cache.insert(flow, seqAtPageStart, true);
        }
        cache.hinted[slot] = true;
        cache.hintSeq[slot] = seqAtPageStart;
        counters.hintsSet++;
    }

    /** Removes a flow's alignment hint, if it has one. */
    public void clearHint(FlowKey flow) {
        final int slot = cache.peek(flow);
        if (slot != FlowCache.NONE) {
            cache.hinted[slot] = false;
        }
    }

    /** Forgets one flow (connection closed): closes its open page and frees its entry. */
    public void forget(FlowKey flow) {
        final int slot = cache.peek(flow);
        if (slot != FlowCache.NONE) {
            if (cache.openPfn[slot] != NO_PAGE) {
                closeOpenPage(slot);
            }
            cache.remove(slot);
        }
    }

    /** Drops the whole flow cache at once (a NIC reset of soft state): closes every open page. */
    public void dropAll() {
        clearing = true;
        try {
            cache.clear();
        } finally {
            clearing = false;
        }
    }

    /** Gives back every page the accumulator holds. */
    @Override
    public void close() {
        dropAll();
    }
}
