package dev.toeless.nic.device;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.InterruptCoalescing;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.ring.RxHeaderBufferDescriptor;
import dev.toeless.nic.ring.RxPageDescriptor;
import dev.toeless.nic.ring.RxPageRing;
import dev.toeless.nic.ring.TxCompletionDescriptor;
import dev.toeless.nic.ring.TxDescriptor;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.stats.NicStatistics;

/**
 * One queue pair of a {@link Nic}: the five rings, the two payload placements, the interrupt
 * state (coalescing and the NAPI mask) and the accumulation flush timer.
 *
 * <p>Ring roles: the driver produces into {@link #headerRing()}, {@link #pageRing()} and
 * {@link #txRing()} and rings their doorbells; the NIC produces into {@link #completionRing()}
 * and {@link #txCompletionRing()}. Pages posted to the page ring carry one reference each for the
 * NIC; {@link #close()} (a device reset) gives back those not yet used.
 */
public final class NicQueue {
    private final int id;
    private final HostMemory memory;
    private final EventScheduler scheduler;
    private final NicStatistics stats;
    private final DescriptorRing headerRing;
    private final RxPageRing pageRing;
    private final DescriptorRing completionRing;
    private final DescriptorRing txRing;
    private final DescriptorRing txCompletionRing;
    private final InterruptCoalescing coalescing;
    final PayloadPlacement packed;
    final PayloadPlacement accum;
    private Nic.InterruptHandler handler;
    private final EventScheduler.Alarm coalesceTimer;
    private final EventScheduler.Alarm flushTimer;
    private final int raiseTarget;
    private boolean masked;
    private int unsignalled;
    private long interrupts;
    private DeviceBus bus = DeviceBus.NONE;

    NicQueue(int id, HostMemory memory, EventScheduler scheduler, NicStatistics stats, NicConfig config,
             DmaEngine dma) {
        this.id = id;
        this.memory = memory;
        this.scheduler = scheduler;
        this.coalesceTimer = scheduler.alarm(this::coalesceTimerFired);
        this.flushTimer = scheduler.alarm(this::flushTimerFired);
        this.raiseTarget = scheduler.register(unused -> deliverInterrupt());
        this.stats = stats;
        this.headerRing = new DescriptorRing("rx" + id + "-hdr", config.rxRingEntries(), RxHeaderBufferDescriptor.LENGTH);
        this.pageRing = new RxPageRing("rx" + id + "-page", config.rxRingEntries(), memory);
        this.completionRing = new DescriptorRing("rx" + id + "-cq", config.rxRingEntries(), RxCompletionDescriptor.LENGTH);
        this.txRing = new DescriptorRing("tx" + id, config.txRingEntries(), TxDescriptor.LENGTH);
        this.txCompletionRing = new DescriptorRing("tx" + id + "-cq", config.txRingEntries(), TxCompletionDescriptor.LENGTH);
        this.coalescing = new InterruptCoalescing(config.rxUsecs(), config.rxFrames());
        final RxPageSupply supply = this::takePage;
        this.packed = config.packedPlacement().create(id, supply, dma);
        this.accum = config.accumPlacement() == null ? null : config.accumPlacement().create(id, supply, dma);
    }

    public int id() {
        return id;
    }

    public DescriptorRing headerRing() {
        return headerRing;
    }

    public RxPageRing pageRing() {
        return pageRing;
    }

    public DescriptorRing completionRing() {
        return completionRing;
    }

    public DescriptorRing txRing() {
        return txRing;
    }

    public DescriptorRing txCompletionRing() {
        return txCompletionRing;
    }

    public long interrupts() {
        return interrupts;
    }

    void bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
    }

    void handler(Nic.InterruptHandler handler) {
        this.handler = handler;
    }

    /**
     * Takes the next posted page, with the reference the driver gave with it. A descriptor whose
     * address does not name a live page of host memory is skipped and counted as a DMA error; its
     * pfn is not trusted, so no reference is touched.
     */
    int takePage() {
        final long badBefore = pageRing.badDescriptors();
        final int pfn = pageRing.take();
        if (pfn != HostMemory.NO_PAGE) {
            bus.descriptorFetch(1, RxPageDescriptor.LENGTH);
        }
        final long bad = pageRing.badDescriptors() - badBefore;
        if (bad > 0) {
            stats.add(NicCounter.RX_DMA_ERRORS, bad);
        }
        if (pfn == HostMemory.NO_PAGE) {
            stats.increment(NicCounter.RX_ALLOC_FAIL);
        }
        return pfn;
    }

    /** The placement the current features select. */
    PayloadPlacement placement(boolean pageAccum) {
        return pageAccum && accum != null ? accum : packed;
    }

    // ---- interrupts (NAPI: raised, then masked until the driver's poll re-arms)

    /** A completion was written; raise or arm the coalescing timer. */
    void completionWritten(long nowNs) {
        unsignalled++;
        maybeRaise(nowNs);
    }

    private void maybeRaise(long nowNs) {
        if (masked || handler == null) {
            return;
        }
        if (coalescing.raiseNow(nowNs, unsignalled)) {
            raise(nowNs);
        } else if (!coalesceTimer.isPending()) {
            coalesceTimer.arm(coalescing.deadlineNs());
        }
    }

    /** Masks the queue and schedules the handler; counted as RX unless only TX completions wait. */
    private void raise(long nowNs) {
        masked = true;
        unsignalled = 0;
        interrupts++;
        bus.interrupt();
        stats.increment(completionRing.pending() > 0 || txCompletionRing.pending() == 0
            ? NicCounter.RX_INTERRUPTS : NicCounter.TX_INTERRUPTS);
        scheduler.post(nowNs, raiseTarget, 0);
    }

    private void deliverInterrupt() {
        handler.onInterrupt(id, scheduler.nowNs());
    }

    private void coalesceTimerFired() {
        if (unsignalled > 0) {
            maybeRaise(scheduler.nowNs());
        }
    }

    /** The driver finished its poll under budget: unmask; raise at once if work is waiting. */
    void rearm(long nowNs) {
        masked = false;
        if (handler != null && (completionRing.pending() > 0 || txCompletionRing.pending() > 0)) {
            raise(nowNs);
        } else {
            unsignalled = 0;
            coalescing.raiseNow(nowNs, 0);
        }
    }

    /** Arms the accumulation flush timer when the placement has an open page. */
    void armFlush(PayloadPlacement placement) {
        if (flushTimer.isPending()) {
            return;
        }
        final long deadline = placement.nextFlushDeadlineNs();
        if (deadline != Long.MAX_VALUE) {
            flushTimer.arm(deadline);
        }
    }

    private void flushTimerFired() {
        if (accum != null) {
            accum.flushExpired(scheduler.nowNs());
            armFlush(accum);
        }
    }

    /** Device reset: gives back held pages and the pages still posted in the page ring. */
    void close() {
        flushTimer.cancel();
        coalesceTimer.cancel();
        packed.close();
        if (accum != null) {
            accum.close();
        }
        pageRing.drain();
    }
}
