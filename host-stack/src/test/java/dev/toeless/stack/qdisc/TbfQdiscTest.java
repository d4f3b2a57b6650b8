package dev.toeless.stack.qdisc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TbfQdiscTest {
    private static final long MS = 1_000_000L;

    /** 1 Mbit/s, 1500-byte packets, burst 3000: two go at once, then one every 12 ms. */
    @Test
    void oneMegabitWithABurstOfTwoPackets() {
        final TbfQdisc<String> q = new TbfQdisc<>(100, 1 << 20);
        q.setRate(0, 125_000, 3000);
        for (int i = 0; i < 5; i++) {
            assertThat(q.enqueue(0, "p" + i, 1500)).isEqualTo(EnqueueResult.QUEUED);
        }
        assertThat(q.dequeue(0)).isEqualTo("p0");
        assertThat(q.dequeue(0)).isEqualTo("p1");
        assertThat(q.dequeue(0)).isNull();
        assertThat(q.nextReadyNs()).isEqualTo(12 * MS);
        assertThat(q.dequeue(12 * MS - 1)).isNull();
        assertThat(q.dequeue(12 * MS)).isEqualTo("p2");
        assertThat(q.nextReadyNs()).isEqualTo(24 * MS);
        assertThat(q.dequeue(24 * MS)).isEqualTo("p3");
        assertThat(q.dequeue(36 * MS)).isEqualTo("p4");
        assertThat(q.nextReadyNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(q.sentPackets()).isEqualTo(5);
        assertThat(q.sentBytes()).isEqualTo(7500);
        assertThat(q.throttled()).isEqualTo(2);
    }

    /** A backlog drained whenever nextReadyNs says: 1000 packets leave exactly at the shaped rate. */
    @Test
    void aDrainedBacklogLeavesAtExactlyTheRate() {
        final IntTbfQdisc q = new IntTbfQdisc(1000, 1 << 24);
        q.setRate(0, 125_000, 3000);
        for (int i = 0; i < 1000; i++) {
            q.enqueue(0, i, 1500);
        }
        long now = 0;
        int sent = 0;
        while (!q.isEmpty()) {
            now = Math.max(now, q.nextReadyNs());
            assertThat(q.dequeue(now)).isEqualTo(sent++);
        }
        // the first 3000 bytes go at once, the other 1,497,000 at 125,000 B/s
        assertThat(now).isEqualTo(11_976 * MS);
        assertThat(q.throttled()).isZero();
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() {
        final TbfQdisc<String> q = new TbfQdisc<>(100, 1 << 20);
        q.setRate(0, 125_000, 3000);
        for (int i = 0; i < 4; i++) {
            q.enqueue(10_000 * MS, "p" + i, 1500);
        }
        assertThat(q.dequeue(10_000 * MS)).isEqualTo("p0");
        assertThat(q.dequeue(10_000 * MS)).isEqualTo("p1");
        assertThat(q.dequeue(10_000 * MS)).isNull();
        assertThat(q.nextReadyNs()).isEqualTo(10_012 * MS);
    }

    @Test
    void smallPacketsUseTheBucketByTheByte() {
        final TbfQdisc<Integer> q = new TbfQdisc<>(100, 1 << 20);
        q.setRate(0, 125_000, 3000);
        q.enqueue(0, 1, 3000);
        q.enqueue(0, 2, 100);
        assertThat(q.dequeue(0)).isEqualTo(1);
        assertThat(q.nextReadyNs()).isEqualTo(800_000L); // 100 bytes at 125 kB/s
        assertThat(q.dequeue(800_000L)).isEqualTo(2);
    }

    @Test
    void tailDropByPacketsAndByBytesIsCounted() {
        final TbfQdisc<String> q = new TbfQdisc<>(3, 4000);
        assertThat(q.enqueue(0, "a", 1500)).isEqualTo(EnqueueResult.QUEUED);
        assertThat(q.enqueue(0, "b", 1500)).isEqualTo(EnqueueResult.QUEUED);
        assertThat(q.enqueue(0, "c", 1500)).isEqualTo(EnqueueResult.DROPPED_LIMIT);
        assertThat(q.enqueue(0, "d", 1000)).isEqualTo(EnqueueResult.QUEUED);
        assertThat(q.enqueue(0, "e", 1)).isEqualTo(EnqueueResult.DROPPED_LIMIT);
        assertThat(q.droppedPackets()).isEqualTo(2);
        assertThat(q.droppedBytes()).isEqualTo(1501);
        assertThat(q.backlogPackets()).isEqualTo(3);
        assertThat(q.backlogBytes()).isEqualTo(4000);
    }

    @Test
    void unshapedQueueLetsEverythingGoInOrder() {
        final TbfQdisc<String> q = new TbfQdisc<>(100, 1 << 20);
        q.enqueue(5, "a", 64_000);
        q.enqueue(5, "b", 64_000);
        assertThat(q.nextReadyNs()).isEqualTo(5);
        assertThat(q.dequeue(5)).isEqualTo("a");
        assertThat(q.dequeue(5)).isEqualTo("b");
        assertThat(q.rateBytesPerSecond()).isZero();
    }

    @Test
    void packetLargerThanTheBurstIsRefused() {
        final TbfQdisc<String> q = new TbfQdisc<>(100, 1 << 20);
        q.setRate(0, 125_000, 3000);
        assertThat(q.enqueue(0, "jumbo", 9000)).isEqualTo(EnqueueResult.DROPPED_OVERSIZE);
        assertThat(q.droppedOversize()).isEqualTo(1);
    }

    @Test
    void rateChangesAtRunTimeApplyToTheQueuedPackets() {
        final TbfQdisc<String> q = new TbfQdisc<>(100, 1 << 20);
        q.setRate(0, 125_000, 1500);
        q.enqueue(0, "a", 1500);
        q.enqueue(0, "b", 1500);
        assertThat(q.dequeue(0)).isEqualTo("a");
        assertThat(q.nextReadyNs()).isEqualTo(12 * MS);
        q.setRate(1 * MS, 1_250_000, 1500); // ten times faster; 1 ms earned 125 bytes so far
        assertThat(q.nextReadyNs()).isEqualTo(1 * MS + 1_100_000L);
        assertThat(q.dequeue(2_100_000L)).isEqualTo("b");
        q.setUnlimited();
        q.enqueue(2_100_000L, "c", 1500);
        assertThat(q.dequeue(2_100_000L)).isEqualTo("c");
    }

    @Test
    void queuedPacketAboveANewSmallerBurstWaitsForAFullBucket() {
        final TbfQdisc<String> q = new TbfQdisc<>(100, 1 << 20);
        q.setRate(0, 125_000, 3000);
        q.enqueue(0, "a", 3000);
        q.enqueue(0, "b", 3000);
        assertThat(q.dequeue(0)).isEqualTo("a");
        q.setRate(0, 125_000, 1000);
        assertThat(q.nextReadyNs()).isEqualTo(8 * MS);
        assertThat(q.dequeue(8 * MS)).isEqualTo("b");
    }

    @Test
    void limitsChangeAtRunTime() {
        final TbfQdisc<String> q = new TbfQdisc<>(1, 10_000);
        q.enqueue(0, "a", 100);
        assertThat(q.enqueue(0, "b", 100)).isEqualTo(EnqueueResult.DROPPED_LIMIT);
        q.setLimits(2, 10_000);
        assertThat(q.enqueue(0, "b", 100)).isEqualTo(EnqueueResult.QUEUED);
    }

    @Test
    void drainHandsBackEveryPacketInOrder() {
        final TbfQdisc<String> q = new TbfQdisc<>(100, 1 << 20);
        q.setRate(0, 1, 1500);
        for (int i = 0; i < 40; i++) {
            q.enqueue(0, "p" + i, 10);
        }
        final List<String> out = new ArrayList<>();
        q.drainTo(out::add);
        assertThat(out).hasSize(40).startsWith("p0", "p1").endsWith("p39");
        assertThat(q.drained()).isEqualTo(40);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void ringGrowsPastItsInitialSizeKeepingOrder() {
        final IntTbfQdisc q = new IntTbfQdisc(1000, 1 << 30);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                q.enqueue(0, i, 1);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(q.dequeue(0)).isEqualTo(i);
            }
            for (int i = 100; i < 300; i++) {
                q.enqueue(0, i, 1);
            }
            for (int i = 50; i < 300; i++) {
                assertThat(q.dequeue(0)).isEqualTo(i);
            }
            assertThat(q.dequeue(0)).isEqualTo(IntTbfQdisc.NONE);
        }
    }

    @Test
    void steadyStateAllocatesNothing() {
        final IntTbfQdisc ints = new IntTbfQdisc(64, 1 << 20);
        ints.setRate(0, 125_000_000, 64_000);
        final TbfQdisc<Object> objects = new TbfQdisc<>(64, 1 << 20);
        objects.setRate(0, 125_000_000, 64_000);
        final Object packet = new Object();
        final long[] now = {0};
        final long bytes = Allocations.bytesAllocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                now[0] += 12_000;
                ints.enqueue(now[0], i & 0xFFFF, 1500);
                ints.dequeue(now[0]);
                objects.enqueue(now[0], packet, 1500);
                objects.dequeue(now[0]);
                ints.nextReadyNs();
            }
        });
        assertThat(bytes).as("bytes allocated over 100,000 calls: not one object per call").isLessThan(16_384);
    }
}
