package dev.toeless.accum;

import dev.toeless.nic.device.PayloadPlacement;
import dev.toeless.nic.device.PlacementOutcome;
import dev.toeless.nic.device.RxPageSupply;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.ParsedFrame;
import org.agrona.DirectBuffer;

/**
 * Receive page accumulation as the NIC's {@link PayloadPlacement}: an adapter that keys the
 * {@link PageAccumulator} by the parsed frame's 4-tuple and sequence number, takes its pages from
 * the queue's RX page ring, and appends its fragments straight to the NIC's {@link FragList}.
 * References move unchanged: each fragment's own reference goes on to the completion. Fragment
 * flags pass through as the accumulator sets them ({@link FragList#FLAG_PAGE_CLOSED},
 * {@link FragList#FLAG_ALIGNED}).
 */
public final class AccumulatingPlacement implements PayloadPlacement {
    private final PageAccumulator accumulator;
    private final FlowKey flow = new FlowKey();
    private final FlowKey hintFlow = new FlowKey();

    public AccumulatingPlacement(RxPageSupply pages, DmaEngine dma, AccumConfig config) {
        this.accumulator = new PageAccumulator(pages, dma, config);
    }

    /** A factory for {@code NicConfig.withAccumPlacement}: one accumulator per queue. */
    public static Factory factory(AccumConfig config) {
        return (queueId, pages, dma) -> new AccumulatingPlacement(pages, dma, config);
    }

    public PageAccumulator accumulator() {
        return accumulator;
    }

    @Override
    public PlacementOutcome place(ParsedFrame frame, DirectBuffer src, int srcOffset, int length, int tcpFlags,
                                  long nowNs, FragList out) {
        flow.setV6(frame.srcHigh(), frame.srcLow(), frame.dstHigh(), frame.dstLow(), frame.srcPort(), frame.dstPort());
        return accumulator.accept(flow, (int) frame.tcpSeq(), src, srcOffset, length, tcpFlags, nowNs, out);
    }

    @Override
    public void hint(FlowTuple tuple, int seqAtPageStart) {
        hintFlow.setV6(tuple.src().high(), tuple.src().low(), tuple.dst().high(), tuple.dst().low(), tuple.srcPort(),
            tuple.dstPort());
        accumulator.hint(hintFlow, seqAtPageStart);
    }

    @Override
    public int flushExpired(long nowNs) {
        return accumulator.flushExpired(nowNs);
    }

    @Override
    public long nextFlushDeadlineNs() {
        return accumulator.nextFlushDeadlineNs();
    }

    @Override
    public void counters(CounterSink sink) {
        accumulator.counters().forEach(sink::counter);
    }

    @Override
    public void close() {
        accumulator.close();
    }
}
