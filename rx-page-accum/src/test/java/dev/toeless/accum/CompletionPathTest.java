package dev.toeless.accum;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.InterruptCoalescing;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.ring.RxPageRing;
import dev.toeless.nic.rss.RssHashType;
import dev.toeless.nic.rss.RssIndirectionTable;
import dev.toeless.nic.rss.ToeplitzHash;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.stats.NicStatistics;
import dev.toeless.nic.testing.PageLeakCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pieces of the receive path that exist without a frame parser, wired together: pages from
 * the RX page ring the driver fills, RSS picks the queue, the accumulator places the payload,
 * fragments go into RX completions, coalescing decides the interrupt, the driver cleans the
 * completions and finds the stream intact in full pages.
 */
@ExtendWith(PageLeakCheck.class)
class CompletionPathTest {
    private static final int MSS = 1448;

    private final HostMemory memory = new HostMemory(1024);
    private final PagePool pool = new PagePool(memory, "rx0-pages", 256);
    private final DmaEngine dma = new DmaEngine(memory);
    private final CpuTouch touch = new CpuTouch(memory, new TouchLedger());

    @Test
    void aBulkStreamTravelsThroughCompletionsIntoFullPages() {
        final RxPageRing pageRing = new RxPageRing("rx0-page-ring", 64, memory);
        final PageAccumulator accum = new PageAccumulator(pageRing::take, dma, AccumConfig.defaults());
        final DescriptorRing completions = new DescriptorRing("rx0-cq", 256, RxCompletionDescriptor.LENGTH);
        final RxCompletionDescriptor cqe = new RxCompletionDescriptor();
        final InterruptCoalescing coalescing = new InterruptCoalescing(50, 16);
        final NicStatistics stats = new NicStatistics("eth0");
        final ToeplitzHash toeplitz = ToeplitzHash.microsoftKey();
        final RssIndirectionTable reta = new RssIndirectionTable(4);
        final FragList frags = FragList.bounded(RxCompletionDescriptor.MAX_FRAGS);

        final int src = 0xC0A8_0001;
        final int dst = 0xC0A8_0002;
        final FlowKey flow = new FlowKey().setV4(src, dst, 40000, 5001);
        final int isn = 1_000;
        accum.hint(flow, isn + 1);
        final int streamLength = 256 * 1024;
        final UnsafeBuffer wire = new UnsafeBuffer(new byte[streamLength]);
        for (int i = 0; i < streamLength; i++) {
            wire.putByte(i, (byte) (i * 13 + 7));
        }
        final StreamReceiver receiver = new StreamReceiver(touch, isn + 1, streamLength, Integer.MAX_VALUE);
        final int hash = toeplitz.hashV4(src, dst, 40000, 5001);
        assertThat(reta.queueFor(hash)).isEqualTo((hash & 127) % 4); // this flow's queue
        int interrupts = 0;
        long nowNs = 0;

        pageRing.fill(pool);
        for (int at = 0; at < streamLength; at += MSS) {
            nowNs += 1_200; // about 10 Gbit/s
            final int len = Math.min(MSS, streamLength - at);
            assertThat(accum.accept(flow, isn + 1 + at, wire, at, len, 0, nowNs, frags).isDrop()).isFalse();

            cqe.wrap(completions.buffer(), completions.produce()).clear()
                .checksumStatus(ChecksumStatus.GOOD).hashType(RssHashType.L4_IPV4.code()).rssHash(hash)
                .flags(RxCompletionDescriptor.FLAG_SPLIT | RxCompletionDescriptor.FLAG_ACCUMULATED);
            for (int i = 0; i < frags.count(); i++) {
                assertThat(cqe.addFrag(frags.pfn(i), frags.offset(i), frags.length(i), frags.pageClosed(i))).isTrue();
            }
            frags.clear(); // the references moved into the completion
            completions.doorbell();
            stats.increment(NicCounter.RX_PACKETS);
            stats.add(NicCounter.RX_BYTES, len);

            if (coalescing.raiseNow(nowNs, completions.pending())) {
                interrupts++;
                clean(completions, cqe, receiver, isn + 1);
                pageRing.fill(pool);
            }
        }
        clean(completions, cqe, receiver, isn + 1);
        accum.close();
        pageRing.drain();

        assertThat(receiver.complete()).isTrue();
        assertThat(receiver.stream()).isEqualTo(wire.byteArray());
        assertThat(receiver.fullPageShare()).isEqualTo(1.0);
        assertThat(interrupts).isBetween(1, streamLength / MSS / 16 + 1);
        assertThat(accum.counters().pagesFilled()).isEqualTo(streamLength / HostMemory.PAGE_SIZE);
        assertThat(stats.get(NicCounter.RX_BYTES)).isEqualTo(streamLength);
        receiver.releaseKept();
    }

    /** The driver's poll: each completion's fragments, whose references it now owns, go to the receiver. */
    private static void clean(DescriptorRing completions, RxCompletionDescriptor cqe, StreamReceiver receiver,
                              int firstSeq) {
        final FragList taken = FragList.bounded(RxCompletionDescriptor.MAX_FRAGS);
        for (int at = completions.peek(); at != DescriptorRing.EMPTY; at = completions.peek()) {
            cqe.wrap(completions.buffer(), at);
            assertThat(cqe.checksumStatus()).isEqualTo(ChecksumStatus.GOOD);
            for (int i = 0; i < cqe.fragCount(); i++) {
                taken.add(cqe.fragPfn(i), cqe.fragOffset(i), cqe.fragLength(i), 0);
            }
            receiver.take(firstSeq + receiver.deliveredBytes(), taken);
            completions.consume();
        }
    }
}
