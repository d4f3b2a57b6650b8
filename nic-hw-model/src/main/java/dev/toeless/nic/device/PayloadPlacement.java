package dev.toeless.nic.device;

import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.DirectBuffer;

/**
 * Where a receive queue puts the payload of a header-split frame: the service the NIC's RX
 * pipeline calls after the headers went to the header buffer. Two implementations exist:
 * {@link PackedPlacement} (payloads of all flows packed one after another, like Linux's page-frag
 * allocator) and receive page accumulation in {@code rx-page-accum} (per-flow pages, alignment
 * hints).
 *
 * <p>Ownership: pages come from the queue's {@link RxPageSupply} with one reference each; the
 * placement may hold pages open between frames (its "hold"), and every fragment it emits carries
 * one reference of its own for the receiver, and has {@link FragList#FLAG_PAGE_CLOSED} when the
 * placement writes nothing more into its page. {@link #close()} gives back every hold.
 *
 * <p>Hot path: {@link #place} must not allocate or throw; a failure is a drop outcome with
 * nothing added to the output and no reference changed.
 */
public interface PayloadPlacement extends AutoCloseable {
    /**
     * Places {@code src[srcOffset, srcOffset+length)}, the payload of the parsed frame (its flow
     * and sequence number), into host pages and appends the fragments to {@code out}. A payload
     * needing more fragments than {@code out} has {@linkplain FragList#remaining() room} for is
     * dropped as invalid.
     *
     * @param frame the frame's parse result, borrowed for the call
     * @param tcpFlags the segment's TCP flag bits ({@link TcpHeader#PSH}, {@link TcpHeader#FIN} matter)
     */
    PlacementOutcome place(ParsedFrame frame, DirectBuffer src, int srcOffset, int length, int tcpFlags, long nowNs,
                           FragList out);

    /** Alignment hint: sequence number {@code seqAtPageStart} of {@code flow} is page offset 0. */
    void hint(FlowTuple flow, int seqAtPageStart);

    /** Closes open pages whose flush timer has expired; returns how many. */
    int flushExpired(long nowNs);

    /** When the next open page's flush timer expires, or {@code Long.MAX_VALUE}. */
    long nextFlushDeadlineNs();

    /** Publishes this placement's own counters ({@code ethtool -S} names), adding to a sink. */
    void counters(CounterSink sink);

    /** Gives back every page held open. */
    @Override
    void close();

    /** Receives one named counter. */
    @FunctionalInterface
    interface CounterSink {
        void counter(String ethtoolName, long value);
    }

    /** Builds one queue's placement; the NIC passes its own DMA engine and the queue's page supply. */
    @FunctionalInterface
    interface Factory {
        PayloadPlacement create(int queueId, RxPageSupply pages, DmaEngine dma);
    }
}
