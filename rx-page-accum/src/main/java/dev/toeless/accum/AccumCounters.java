package dev.toeless.accum;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;

/**
 * The page accumulator's event counters, named as {@code ethtool -S} would print them. Plain
 * fields: one RX queue owns one accumulator; the NIC sums them over its queues in its snapshot.
 */
public final class AccumCounters implements CounterSet {
    long appended;
    long appendedBytes;
    long pagesFilled;
    long pagesPartial;
    long flowMisses;
    long evictions;
    long cacheDrops;
    long outOfOrder;
    long allocFailures;
    long flushTimeouts;
    long droppedInvalid;
    long dmaErrors;
    long flowsEnded;
    long hintsSet;

    /** In-order segments appended to a flow's open page (or continued into its next page). */
    public long appended() {
        return appended;
    }

    public long appendedBytes() {
        return appendedBytes;
    }

    /** Pages closed because they were full. */
    public long pagesFilled() {
        return pagesFilled;
    }

    /** Pages closed with room left (PSH, FIN, flush timer, eviction, gap, one-shot pages). */
    public long pagesPartial() {
        return pagesPartial;
    }

    public long flowMisses() {
        return flowMisses;
    }

    public long evictions() {
        return evictions;
    }

    /** Whole-cache drops ({@link PageAccumulator#dropAll()}). */
    public long cacheDrops() {
        return cacheDrops;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long allocFailures() {
        return allocFailures;
    }

    public long flushTimeouts() {
        return flushTimeouts;
    }

    public long droppedInvalid() {
        return droppedInvalid;
    }

    public long dmaErrors() {
        return dmaErrors;
    }

    public long flowsEnded() {
        return flowsEnded;
    }

    public long hintsSet() {
        return hintsSet;
    }

    /** Every counter with its {@code ethtool -S} name, in a fixed order. */
    @Override
    public void forEach(CounterVisitor sink) {
        sink.counter("rx_accum_appended", appended);
        sink.counter("rx_accum_appended_bytes", appendedBytes);
        sink.counter("rx_accum_pages_filled", pagesFilled);
        sink.counter("rx_accum_pages_partial", pagesPartial);
        sink.counter("rx_accum_flow_miss", flowMisses);
        sink.counter("rx_accum_evictions", evictions);
        sink.counter("rx_accum_cache_drops", cacheDrops);
        sink.counter("rx_accum_out_of_order", outOfOrder);
        sink.counter("rx_accum_alloc_fail", allocFailures);
        sink.counter("rx_accum_flush_timeouts", flushTimeouts);
        sink.counter("rx_accum_dropped_invalid", droppedInvalid);
        sink.counter("rx_accum_dma_errors", dmaErrors);
        sink.counter("rx_accum_flows_ended", flowsEnded);
        sink.counter("rx_accum_hints", hintsSet);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
