package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.stack.qdisc.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steady bulk transfer between two connections allocates nothing on the engine's side: segments
 * in, ACKs out, data read, pages released (measured with the JVM's per-thread allocation counter;
 * the two queues between the connections recycle their segment objects).
 */
@ExtendWith(PageLeakCheck.class)
class FastPathAllocationTest {
    HostMemory memory = new HostMemory(4096);
    private final ArrayDeque<TcpSegment> free = new ArrayDeque<>();
    private final ArrayDeque<TcpSegment> toB = new ArrayDeque<>();
    private final ArrayDeque<TcpSegment> toA = new ArrayDeque<>();
    private long nowNs;

    private SegmentSink into(ArrayDeque<TcpSegment> queue) {
        return s -> {
            TcpSegment copy = free.poll();
            if (copy == null) {
                copy = new TcpSegment();
            }
            queue.add(s.copyTo(copy));
        };
    }

    @Test
    void bulkTransferAllocatesNothingPerSegment() {
        final TcpConfig config = TcpConfig.builder().receiveBufferBytes(256 * 1024).sendBufferBytes(256 * 1024)
            .congestionControl(() -> new FixedWindow(128 * 1024)).build();
        final TcpConnection a = new TcpConnection(config, memory, into(toB));
        final TcpConnection b = new TcpConnection(config, memory, into(toA));
        final FragmentConsumer release = (pfn, off, len) -> memory.release(pfn);
        b.listen(77);
        a.connect(0, 99);
        final Runnable step = () -> {
            nowNs += 20_000;
            while (a.sendSpaceBytes() >= HostMemory.PAGE_SIZE) {
                a.send(nowNs, memory.allocate(), 0, HostMemory.PAGE_SIZE);
            }
            deliver(toB, b);
            b.read(nowNs, release, Long.MAX_VALUE);
            deliver(toA, a);
            if (a.nextDeadlineNs() <= nowNs) {
                a.onTimer(nowNs);
            }
            if (b.nextDeadlineNs() <= nowNs) {
                b.onTimer(nowNs);
            }
        };
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        final long segmentsBefore = b.counters().segmentsIn();
        final long before = Allocations.threadAllocatedBytes();
        final long wallStartNs = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        final long wallNs = System.nanoTime() - wallStartNs;
        final long allocated = Allocations.threadAllocatedBytes() - before;
        final long segments = b.counters().segmentsIn() - segmentsBefore;
        System.out.printf("bulk transfer, both engines and plumbing: %d segments, %.0f ns per data segment (its ACK share included)%n",
            segments, wallNs / (double) segments);
        assertThat(segments).isGreaterThan(100_000);
        assertThat(allocated).as("bytes allocated over " + segments + " segments").isLessThan(4096);
        assertThat(b.counters().fastPathData()).isGreaterThan(b.counters().segmentsIn() * 9 / 10);
        a.abort(nowNs);
        b.abort(nowNs);
        drain(toB);
        drain(toA);
    }

    private void deliver(ArrayDeque<TcpSegment> queue, TcpConnection to) {
        TcpSegment s;
        while ((s = queue.poll()) != null) {
            to.onSegment(nowNs, s);
            s.clear();
            free.add(s);
        }
    }

    private void drain(ArrayDeque<TcpSegment> queue) {
        TcpSegment s;
        while ((s = queue.poll()) != null) {
            s.releaseFragments(memory);
        }
    }
}
