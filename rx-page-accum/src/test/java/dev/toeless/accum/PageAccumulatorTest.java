package dev.toeless.accum;

import dev.toeless.nic.device.PlacementOutcome;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.ring.RxPageRing;
import dev.toeless.nic.testing.PageLeakCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.toeless.nic.wire.TcpHeader.FIN;
import static dev.toeless.nic.wire.TcpHeader.PSH;
import static dev.toeless.nic.mem.FragList.FLAG_ALIGNED;
import static dev.toeless.nic.mem.FragList.FLAG_PAGE_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PageLeakCheck.class)
class PageAccumulatorTest {
    private static final int ISN = 0x7FFF_F000; // the stream crosses the signed 2^31 boundary
    private static final int MSS = 1448;
    private static final int PAGE = HostMemory.PAGE_SIZE;

    private final HostMemory memory = new HostMemory(4096);
    private final PagePool pool = new PagePool(memory, "rx0", 4000);
    private final DmaEngine dma = new DmaEngine(memory);
    private final CpuTouch touch = new CpuTouch(memory, new TouchLedger());
    private final FlowKey flowA = new FlowKey().setV4(0x0A00_0001, 0x0A00_0002, 40000, 80);
    private final FlowKey flowB = new FlowKey().setV4(0x0A00_0001, 0x0A00_0002, 40001, 80);
    private final FlowKey flowC = new FlowKey().setV4(0x0A00_0003, 0x0A00_0002, 40000, 80);
    private final FragList out = FragList.forMaxPayload();
    private final UnsafeBuffer wire = new UnsafeBuffer(pattern(1 << 20));
    private PageAccumulator accum = new PageAccumulator(pool, dma, AccumConfig.defaults());

    @AfterEach
    void closeAccumulator() {
        accum.close();
        out.releaseAll(memory);
    }

    private static byte[] pattern(int length) {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8) * 7);
        }
        return b;
    }

    /** Segment with stream offset {@code at} (payload = wire bytes at the same offset). */
    private PlacementOutcome segment(FlowKey flow, int at, int length, int flags, long nowNs) {
        return accum.accept(flow, ISN + 1 + at, wire, at, length, flags, nowNs, out);
    }

    private PlacementOutcome segment(FlowKey flow, int at, int length) {
        return segment(flow, at, length, 0, 0);
    }

    @Test
    void inOrderBulkTransferArrivesInFullPages() {
        final int streamLength = 8 << 20;
        final UnsafeBuffer big = new UnsafeBuffer(pattern(streamLength));
        final StreamReceiver receiver = new StreamReceiver(touch, ISN + 1, streamLength, Integer.MAX_VALUE);
        int segments = 0;
        for (int at = 0; at < streamLength; at += MSS) {
            final int len = Math.min(MSS, streamLength - at);
            final PlacementOutcome o = accum.accept(flowA, ISN + 1 + at, big, at, len, 0, at, out);
            assertThat(o).isEqualTo(at == 0 ? PlacementOutcome.FLOW_MISS : PlacementOutcome.APPENDED);
            receiver.take(ISN + 1 + at, out);
            segments++;
        }
        accum.close();

        assertThat(receiver.complete()).isTrue();
        assertThat(receiver.stream()).isEqualTo(big.byteArray());
        assertThat(receiver.pages()).isEqualTo(streamLength / PAGE);
        assertThat(receiver.fullPageShare()).isGreaterThanOrEqualTo(0.99);
        assertThat(accum.counters().appended()).isEqualTo(segments - 1);
        assertThat(accum.counters().flowMisses()).isEqualTo(1);
        assertThat(accum.counters().pagesFilled()).isEqualTo(streamLength / PAGE);
        assertThat(accum.counters().pagesPartial()).isZero();
        receiver.releaseKept();
    }

    @Test
    void interleavedHintedFlowsEachArriveInFullAlignedPages() {
        final FlowKey v6 = new FlowKey().setV6(0x2001_0DB8L << 32, 1, 0x2001_0DB8L << 32, 2, 443, 50000);
        final FlowKey[] flows = {flowA, flowB, flowC, v6};
        final int streamLength = 1 << 20;
        final UnsafeBuffer big = new UnsafeBuffer(pattern(streamLength));
        final StreamReceiver[] receivers = new StreamReceiver[flows.length];
        for (int f = 0; f < flows.length; f++) {
            accum.hint(flows[f], ISN + 1);
            receivers[f] = new StreamReceiver(touch, ISN + 1, streamLength, Integer.MAX_VALUE);
        }
        for (int at = 0; at < streamLength; at += MSS) {
            final int len = Math.min(MSS, streamLength - at);
            for (int f = 0; f < flows.length; f++) {
                assertThat(accum.accept(flows[f], ISN + 1 + at, big, at, len, 0, at, out)).isEqualTo(PlacementOutcome.APPENDED);
                receivers[f].take(ISN + 1 + at, out);
            }
        }
        for (StreamReceiver r : receivers) {
            assertThat(r.stream()).isEqualTo(big.byteArray());
            assertThat(r.fullPageShare()).isEqualTo(1.0);
            r.releaseKept();
        }
        assertThat(accum.counters().flowMisses()).isZero(); // the hints created the entries
    }

    @Test
    void anEvictedHintIsForgottenAndOnlyAlignmentSuffers() {
        accum = new PageAccumulator(pool, dma, AccumConfig.defaults().withFlowCacheEntries(1));
        accum.hint(flowA, ISN + 1 - 100);
        segment(flowA, 0, 1000);
        assertThat(out.offset(0)).isEqualTo(100);
        segment(flowB, 0, 1000); // evicts A and its hint
        assertThat(segment(flowA, 1000, 1000)).isEqualTo(PlacementOutcome.FLOW_MISS);
        assertThat(out.offset(2)).isZero();
        assertThat(touch.contentEquals(out.pfn(2), 0, 1000, wire, 1000)).isTrue();
    }

    @Test
    void aSegmentRunningPastThePageEndGivesTwoFragments() {
        segment(flowA, 0, 3000);
        final int firstPage = out.pfn(0);
        out.releaseAll(memory);

        assertThat(segment(flowA, 3000, 3000)).isEqualTo(PlacementOutcome.APPENDED);

        assertThat(out.count()).isEqualTo(2);
        assertThat(out.pfn(0)).isEqualTo(firstPage);
        assertThat(out.offset(0)).isEqualTo(3000);
        assertThat(out.length(0)).isEqualTo(PAGE - 3000);
        assertThat(out.flags(0) & FLAG_PAGE_CLOSED).isNotZero();
        assertThat(out.pfn(1)).isNotEqualTo(firstPage);
        assertThat(out.offset(1)).isZero();
        assertThat(out.length(1)).isEqualTo(3000 - (PAGE - 3000));
        assertThat(out.flags(1) & FLAG_PAGE_CLOSED).isZero();
        assertThat(touch.contentEquals(out.pfn(0), 3000, out.length(0), wire, 3000)).isTrue();
        assertThat(touch.contentEquals(out.pfn(1), 0, out.length(1), wire, PAGE)).isTrue();
        assertThat(accum.counters().pagesFilled()).isEqualTo(1);
    }

    @Test
    void eachFragmentCarriesOneReferenceAndTheOpenPageOneHold() {
        segment(flowA, 0, 1000);
        segment(flowA, 1000, 1000);
        segment(flowA, 2000, 1000);
        final int pfn = out.pfn(0);
        assertThat(out.count()).isEqualTo(3);
        assertThat(out.pfn(1)).isEqualTo(pfn);
        assertThat(out.pfn(2)).isEqualTo(pfn);
        assertThat(memory.refCount(pfn)).isEqualTo(3 + 1);

        accum.dropAll();
        assertThat(memory.refCount(pfn)).isEqualTo(3);

        out.releaseAll(memory);
        assertThat(memory.pagesInUse()).isZero();
        assertThat(pool.pagesOut()).isZero();
    }

    @Test
    void aGapClosesTheOpenPageAndReanchorsTheFlow() {
        segment(flowA, 0, 1000);
        final int firstPage = out.pfn(0);
        out.releaseAll(memory);

        assertThat(segment(flowA, 2000, 1000)).isEqualTo(PlacementOutcome.OUT_OF_ORDER);
        assertThat(out.pfn(0)).isNotEqualTo(firstPage);
        assertThat(out.offset(0)).isZero();
        final int secondPage = out.pfn(0);
        assertThat(memory.refCount(firstPage)).isZero();
        out.releaseAll(memory);

        assertThat(segment(flowA, 3000, 1000)).isEqualTo(PlacementOutcome.APPENDED);
        assertThat(out.pfn(0)).isEqualTo(secondPage);
        assertThat(out.offset(0)).isEqualTo(1000);
        out.releaseAll(memory);

        assertThat(accum.counters().outOfOrder()).isEqualTo(1);
        assertThat(accum.counters().pagesPartial()).isEqualTo(1);
    }

    @Test
    void aLateRetransmissionGoesIntoAOneOffPageAndLeavesTheFlowAlone() {
        segment(flowA, 0, 1000);
        segment(flowA, 2000, 1000); // the gap: 1000..2000 is late
        final int openPage = out.pfn(1);
        out.releaseAll(memory);

        assertThat(segment(flowA, 1000, 1000)).isEqualTo(PlacementOutcome.OUT_OF_ORDER);
        assertThat(out.pfn(0)).isNotEqualTo(openPage);
        assertThat(out.flags(0) & FLAG_PAGE_CLOSED).isNotZero();
        assertThat(touch.contentEquals(out.pfn(0), 0, 1000, wire, 1000)).isTrue();
        assertThat(memory.refCount(out.pfn(0))).isEqualTo(1); // the fragment's only
        out.releaseAll(memory);

        final int slot = accum.flowCache().peek(flowA);
        assertThat(accum.flowCache().nextSeq(slot)).isEqualTo(ISN + 1 + 3000);
        assertThat(segment(flowA, 3000, 500)).isEqualTo(PlacementOutcome.APPENDED);
        assertThat(out.pfn(0)).isEqualTo(openPage);
    }

    @Test
    void aBurstOfRetransmissionsIsAccumulatedAfterItsFirstSegment() {
        segment(flowA, 0, 1000);
        segment(flowA, 4000, 1000); // 1000..4000 lost
        out.releaseAll(memory);

        assertThat(segment(flowA, 1000, 1000)).isEqualTo(PlacementOutcome.OUT_OF_ORDER); // one-off page
        assertThat(segment(flowA, 2000, 1000)).isEqualTo(PlacementOutcome.OUT_OF_ORDER); // continues it: re-anchor
        assertThat(segment(flowA, 3000, 1000)).isEqualTo(PlacementOutcome.APPENDED);
        assertThat(out.pfn(2)).isEqualTo(out.pfn(1));
        assertThat(out.offset(2)).isEqualTo(1000);
        assertThat(segment(flowA, 5000, 1000)).isEqualTo(PlacementOutcome.OUT_OF_ORDER); // back to new data
        assertThat(segment(flowA, 6000, 1000)).isEqualTo(PlacementOutcome.APPENDED);
    }

    @Test
    void aNewConnectionOnTheSameTupleStartingLowerIsFollowedAfterTwoSegments() {
        for (int at = 0; at < 100_000; at += MSS) {
            segment(flowA, at, MSS);
            out.releaseAll(memory);
        }
        final int newIsn = ISN - 50_000;
        assertThat(accum.accept(flowA, newIsn + 1, wire, 0, MSS, 0, 0, out)).isEqualTo(PlacementOutcome.OUT_OF_ORDER);
        assertThat(accum.accept(flowA, newIsn + 1 + MSS, wire, MSS, MSS, 0, 0, out))
            .isEqualTo(PlacementOutcome.OUT_OF_ORDER);
        assertThat(accum.accept(flowA, newIsn + 1 + 2 * MSS, wire, 2 * MSS, MSS, 0, 0, out))
            .isEqualTo(PlacementOutcome.APPENDED);
    }

    @Test
    void anEvictedFlowMissesAndStartsAFreshPage() {
        accum = new PageAccumulator(pool, dma, AccumConfig.defaults().withFlowCacheEntries(2));
        segment(flowA, 0, 500);
        segment(flowB, 0, 500);
        segment(flowA, 500, 500);
        segment(flowB, 500, 500); // both established, A the less recent
        final int pageOfA = out.pfn(0);
        segment(flowC, 0, 1000); // evicts A
        out.releaseAll(memory);
        assertThat(accum.counters().evictions()).isEqualTo(1);
        assertThat(memory.refCount(pageOfA)).isZero();

        assertThat(segment(flowA, 1000, 1000)).isEqualTo(PlacementOutcome.FLOW_MISS);
        assertThat(out.offset(0)).isZero();
        assertThat(touch.contentEquals(out.pfn(0), 0, 1000, wire, 1000)).isTrue();
        assertThat(accum.counters().flowMisses()).isEqualTo(4);
        assertThat(accum.counters().evictions()).isEqualTo(2); // C, still on probation, went this time
        assertThat(accum.flowCache().peek(flowB)).isNotEqualTo(FlowCache.NONE);
    }

    @Test
    void anActiveFlowSurvivesEviction() {
        accum = new PageAccumulator(pool, dma, AccumConfig.defaults().withFlowCacheEntries(2));
        segment(flowA, 0, 100);
        segment(flowB, 0, 100);
        segment(flowA, 100, 100);
        segment(flowC, 0, 100); // B is least recently used
        assertThat(accum.flowCache().peek(flowA)).isNotEqualTo(FlowCache.NONE);
        assertThat(accum.flowCache().peek(flowB)).isEqualTo(FlowCache.NONE);
        assertThat(segment(flowA, 200, 100)).isEqualTo(PlacementOutcome.APPENDED);
    }

    @Test
    void theFlushTimerClosesAnIdlePage() {
        accum = new PageAccumulator(pool, dma, AccumConfig.defaults().withFlushTimeoutNs(1_000));
        segment(flowA, 0, 1000, 0, 0);
        segment(flowB, 0, 1000, 0, 600);
        assertThat(accum.nextFlushDeadlineNs()).isEqualTo(1_000);

        assertThat(accum.flushExpired(999)).isZero();
        assertThat(accum.flushExpired(1_000)).isEqualTo(1);
        assertThat(accum.nextFlushDeadlineNs()).isEqualTo(1_600);
        assertThat(memory.refCount(out.pfn(0))).isEqualTo(1);

        // B's page goes stale too; its next segment notices and starts a fresh page
        assertThat(segment(flowB, 1000, 1000, 0, 1_600)).isEqualTo(PlacementOutcome.APPENDED);
        assertThat(out.pfn(2)).isNotEqualTo(out.pfn(1));
        assertThat(out.offset(2)).isZero();
        assertThat(accum.counters().flushTimeouts()).isEqualTo(2);
        assertThat(accum.counters().pagesPartial()).isEqualTo(2);
    }

    @Test
    void pshClosesThePageOnlyWhenConfigured() {
        segment(flowA, 0, 1000, PSH, 0);
        assertThat(accum.flowCache().openPage(accum.flowCache().peek(flowA))).isEqualTo(out.pfn(0));
        accum.close();

        accum = new PageAccumulator(pool, dma, AccumConfig.defaults().withCloseOnPsh(true));
        segment(flowB, 0, 1000, PSH, 0);
        assertThat(out.flags(1) & FLAG_PAGE_CLOSED).isNotZero();
        assertThat(accum.flowCache().openPage(accum.flowCache().peek(flowB))).isEqualTo(HostMemory.NO_PAGE);
        segment(flowB, 1000, 1000, 0, 0);
        assertThat(out.pfn(2)).isNotEqualTo(out.pfn(1));
    }

    @Test
    void finClosesThePageAndFreesTheEntry() {
        segment(flowA, 0, 1000);
        assertThat(segment(flowA, 1000, 0, FIN, 0)).isEqualTo(PlacementOutcome.NO_PAYLOAD);
        assertThat(accum.flowCache().peek(flowA)).isEqualTo(FlowCache.NONE);
        assertThat(memory.refCount(out.pfn(0))).isEqualTo(1);
        assertThat(accum.counters().flowsEnded()).isEqualTo(1);
    }

    @Test
    void withAHintEveryByteLandsAtItsAlignedOffset() {
        final int bodyStart = ISN + 1 + 300; // 300 bytes of protocol header before the body
        accum.hint(flowA, ISN + 1);
        accum.hint(flowA, bodyStart);
        final StreamReceiver receiver = new StreamReceiver(touch, ISN + 1, 64 * 1024, Integer.MAX_VALUE);
        for (int at = 0; at < 64 * 1024; at += MSS) {
            final int len = Math.min(MSS, 64 * 1024 - at);
            final int seq = ISN + 1 + at;
            assertThat(segment(flowA, at, len)).isEqualTo(PlacementOutcome.APPENDED);
            int s = seq;
            for (int i = 0; i < out.count(); i++) {
                assertThat(out.offset(i)).isEqualTo((s - bodyStart) & (PAGE - 1));
                s += out.length(i);
            }
            receiver.take(seq, out);
        }
        assertThat(receiver.stream()).isEqualTo(java.util.Arrays.copyOf(wire.byteArray(), 64 * 1024));
        receiver.releaseKept();
    }

    @Test
    void aHintSetMidFlowStartsAnAlignedPage() {
        segment(flowA, 0, 1000);
        accum.hint(flowA, ISN + 1 + 2000);
        segment(flowA, 1000, 1500);
        assertThat(out.pfn(1)).isNotEqualTo(out.pfn(0));
        assertThat(out.offset(1)).isEqualTo(PAGE - 1000);
        assertThat(out.offset(2)).isZero();
        assertThat(out.flags(2) & FLAG_ALIGNED).isNotZero();
        assertThat(touch.contentEquals(out.pfn(2), 0, 500, wire, 2000)).isTrue();
    }

    @Test
    void outOfOrderDataOfAHintedFlowIsAlignedToo() {
        accum.hint(flowA, ISN + 1);
        segment(flowA, 0, 1000);
        assertThat(segment(flowA, 5000, 1000)).isEqualTo(PlacementOutcome.OUT_OF_ORDER);
        assertThat(out.offset(1)).isEqualTo(5000 - PAGE);
    }

    @Test
    void noPageMeansACountedDropAndNothingChanges() {
        final PagePool tiny = new PagePool(memory, "tiny", 1);
        accum = new PageAccumulator(tiny, dma, AccumConfig.defaults());
        segment(flowA, 0, 4000);
        final int slot = accum.flowCache().peek(flowA);

        assertThat(segment(flowA, 4000, 1000)).isEqualTo(PlacementOutcome.DROPPED_NO_PAGE);
        assertThat(out.count()).isEqualTo(1);
        assertThat(accum.counters().allocFailures()).isEqualTo(1);
        assertThat(accum.flowCache().nextSeq(slot)).isEqualTo(ISN + 1 + 4000);
        assertThat(accum.flowCache().fillOffset(slot)).isEqualTo(4000);

        assertThat(segment(flowA, 4000, 96)).isEqualTo(PlacementOutcome.APPENDED); // fits, needs no page
        out.releaseAll(memory); // the page was filled and closed: it is back in the pool
        assertThat(segment(flowA, 4096, 1000)).isEqualTo(PlacementOutcome.APPENDED);
        out.releaseAll(memory);
        accum.close();
        tiny.close();
    }

    @Test
    void badArgumentsAreACountedDrop() {
        assertThat(segment(flowA, 0, -1)).isEqualTo(PlacementOutcome.DROPPED_INVALID);
        assertThat(accum.accept(flowA, 1, wire, wire.capacity() - 10, 11, 0, 0, out))
            .isEqualTo(PlacementOutcome.DROPPED_INVALID);
        final FragList small = FragList.bounded(1);
        assertThat(accum.accept(flowA, 1, wire, 0, 5000, 0, 0, small)).isEqualTo(PlacementOutcome.DROPPED_INVALID);
        assertThat(accum.counters().droppedInvalid()).isEqualTo(3);
        assertThat(small.count()).isZero();
    }

    @Test
    void pagesCanComeFromTheRxPageRingTheDriverFills() {
        final RxPageRing ring = new RxPageRing("rx0-pages", 4, memory);
        accum = new PageAccumulator(ring::take, dma, AccumConfig.defaults());
        assertThat(segment(flowA, 0, 1000)).isEqualTo(PlacementOutcome.DROPPED_NO_PAGE);

        assertThat(ring.fill(pool)).isEqualTo(4);
        assertThat(segment(flowA, 0, 5000)).isEqualTo(PlacementOutcome.APPENDED); // the miss was counted at the drop
        assertThat(accum.counters().flowMisses()).isEqualTo(1);
        assertThat(out.count()).isEqualTo(2);
        assertThat(ring.pending()).isEqualTo(2);
        out.releaseAll(memory);
        accum.close();
        ring.drain();
    }

    @Test
    void thePerSegmentPathAllocatesNothing() {
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(threads instanceof com.sun.management.ThreadMXBean mx) || !mx.isThreadAllocatedMemorySupported()) {
            return;
        }
        final long tid = Thread.currentThread().threadId();
        runSegments(20_000); // warm up: class initialisation and compilation allocate, once
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // steady state: the best of three rounds
            final long before = mx.getThreadAllocatedBytes(tid);
            runSegments(20_000);
            fewest = Math.min(fewest, mx.getThreadAllocatedBytes(tid) - before);
        }
        assertThat(fewest).as("bytes allocated over 20,000 segments").isLessThan(1_024);
    }

    private void runSegments(int count) {
        int at = 0;
        for (int i = 0; i < count; i++) {
            final FlowKey flow = (i & 1) == 0 ? flowA : flowB; // two flows interleaved
            final int len = 1 + (i * 37) % MSS;
            accum.accept(flow, ISN + 1 + at, wire, 0, len, 0, i, out);
            if ((i & 1) == 1) {
                at += len;
            }
            out.releaseAll(memory);
        }
        accum.dropAll();
    }

    @Test
    void everyCounterHasANicStatisticsName() {
        final dev.toeless.nic.stats.NicStatistics stats = new dev.toeless.nic.stats.NicStatistics("eth0");
        segment(flowA, 0, 1000);
        accum.counters().forEach((name, value) -> assertThat(stats.setByName(name, value)).as(name).isTrue());
        assertThat(stats.get(dev.toeless.nic.stats.NicCounter.RX_ACCUM_FLOW_MISS)).isEqualTo(1);
    }

    @Test
    void countersHaveEthtoolNames() {
        segment(flowA, 0, 1000);
        assertThat(accum.counters().snapshot()).containsEntry("rx_accum_flow_miss", 1L)
            .containsKeys("rx_accum_appended", "rx_accum_pages_filled", "rx_accum_pages_partial",
                "rx_accum_evictions", "rx_accum_out_of_order", "rx_accum_alloc_fail");
    }
}
