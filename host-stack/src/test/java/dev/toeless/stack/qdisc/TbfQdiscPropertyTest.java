package dev.toeless.stack.qdisc;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TbfQdiscPropertyTest {

    /**
     * Over any window [t1, t2] the bytes sent never exceed rate*(t2-t1)/1s + burst, packets leave in
     * order, and a packet leaves no later than the time nextReadyNs promised.
     */
    @Property(tries = 300)
    void neverSendsMoreThanRateTimesTimePlusBurst(@ForAll @LongRange(min = 1_000, max = 2_000_000_000L) long rate,
                                                  @ForAll @IntRange(min = 1500, max = 100_000) int burst,
                                                  @ForAll long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final IntTbfQdisc q = new IntTbfQdisc(50, 1 << 24);
        q.setRate(0, rate, burst);
        final List<long[]> sends = new ArrayList<>(); // {timeNs, bytes}
        long now = 0;
        int nextHandle = 0;
        int expected = 0;
        final List<Integer> lengthsByHandle = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            if (random.nextInt(3) > 0) {
                final int len = 1 + random.nextInt(burst);
                if (q.enqueue(now, nextHandle, len).queued()) {
                    lengthsByHandle.add(len);
                    nextHandle++;
                } else {
                    lengthsByHandle.add(-1);
                    nextHandle++;
                }
            }
            int h;
            while ((h = q.dequeue(now)) != IntTbfQdisc.NONE) {
                while (lengthsByHandle.get(expected) < 0) {
                    expected++;
                }
                assertThat(h).isEqualTo(expected++);
                sends.add(new long[]{now, lengthsByHandle.get(h)});
            }
            final long ready = q.nextReadyNs();
            if (ready != Long.MAX_VALUE && random.nextBoolean()) {
                assertThat(ready).isGreaterThan(now);
                now = ready; // exactly when promised: the head must go
                final int before = q.backlogPackets();
                final int head = q.dequeue(now);
                assertThat(head).isNotEqualTo(IntTbfQdisc.NONE);
                while (lengthsByHandle.get(expected) < 0) {
                    expected++;
                }
                assertThat(head).isEqualTo(expected++);
                sends.add(new long[]{now, lengthsByHandle.get(head)});
                assertThat(q.backlogPackets()).isEqualTo(before - 1);
            } else {
                now += random.nextLong(1, 50_000_000L);
            }
        }
        for (int i = 0; i < sends.size(); i++) {
            long bytes = 0;
            for (int j = i; j < sends.size(); j++) {
                bytes += sends.get(j)[1];
                final long windowNs = sends.get(j)[0] - sends.get(i)[0];
                final double allowed = (double) rate * windowNs / 1e9 + burst;
                assertThat((double) bytes).isLessThanOrEqualTo(allowed + 1e-6);
            }
        }
    }

    /** Backlog bytes always equal what was queued minus what left, and never exceed the limit. */
    @Property(tries = 300)
    void backlogAccountingIsExact(@ForAll @IntRange(min = 1, max = 20) int limitPackets,
                                  @ForAll @IntRange(min = 1, max = 50_000) int limitBytes,
                                  @ForAll long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final IntTbfQdisc q = new IntTbfQdisc(limitPackets, limitBytes);
        long in = 0;
        long out = 0;
        final List<Integer> lens = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            if (random.nextBoolean()) {
                final int len = random.nextInt(3000);
                final int handle = lens.size();
                lens.add(len);
                if (q.enqueue(step, handle, len).queued()) {
                    in += len;
                }
            } else {
                final int h = q.dequeue(step);
                if (h != IntTbfQdisc.NONE) {
                    out += lens.get(h);
                }
            }
            assertThat(q.backlogBytes()).isEqualTo(in - out).isLessThanOrEqualTo(limitBytes);
            assertThat(q.backlogPackets()).isLessThanOrEqualTo(limitPackets);
        }
    }
}
