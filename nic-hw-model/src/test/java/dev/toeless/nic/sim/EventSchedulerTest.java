package dev.toeless.nic.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchedulerTest {
    @Test
    void eventsRunInDeadlineOrderAndTiesInSchedulingOrder() {
        final EventScheduler s = new EventScheduler();
        final List<String> log = new ArrayList<>();
        s.at(200, () -> log.add("b@" + s.nowNs()));
        s.at(100, () -> log.add("a@" + s.nowNs()));
        s.at(200, () -> log.add("c@" + s.nowNs()));
        final var cancelled = s.at(150, () -> log.add("never"));
        cancelled.cancel();
        s.runAll(100);
        assertThat(log).containsExactly("a@100", "b@200", "c@200");
        assertThat(cancelled.isPending()).isFalse();
    }

    @Test
    void runUntilStopsAtTheGivenTime() {
        final EventScheduler s = new EventScheduler();
        final List<Long> seen = new ArrayList<>();
        s.at(10, () -> s.after(5, () -> seen.add(s.nowNs())));
        s.at(30, () -> seen.add(s.nowNs()));
        s.runUntil(20);
        assertThat(seen).containsExactly(15L);
        assertThat(s.nowNs()).isEqualTo(20);
        assertThat(s.nextDeadlineNs()).isEqualTo(30);
    }

    @Test
    void cancelledEventsLeaveAtOnceAndTheRestKeepTheirOrder() {
        final EventScheduler s = new EventScheduler();
        final List<Integer> log = new ArrayList<>();
        final List<EventScheduler.Timer> timers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            final int id = i;
            timers.add(s.at(100 - i, () -> log.add(id)));
        }
        timers.get(9).cancel(); // the earliest
        timers.get(4).cancel();
        timers.get(4).cancel(); // twice is once
        assertThat(s.nextDeadlineNs()).isEqualTo(92);
        timers.get(0).cancel(); // the latest
        s.runAll(100);
        assertThat(log).containsExactly(8, 7, 6, 5, 3, 2, 1);
        assertThat(s.isIdle()).isTrue();
        assertThat(s.executed()).isEqualTo(7);
        timers.get(1).cancel(); // after it ran: nothing happens
        assertThat(timers.get(1).isPending()).isFalse();
    }

    /** Against a plain sorted model: random timers, posts, cancels and runs, with ties. */
    @Test
    void matchesAModelUnderRandomSchedulingAndCancelling() {
        for (long seed = 1; seed <= 20; seed++) {
            final Random random = new Random(seed);
            final EventScheduler s = new EventScheduler();
            final List<long[]> model = new ArrayList<>(); // {deadline, seq, id}
            final List<EventScheduler.Timer> timers = new ArrayList<>();
            final List<Integer> ran = new ArrayList<>();
            final long[] seq = {0};
            final int target = s.register(argument -> ran.add((int) argument));
            for (int step = 0; step < 3_000; step++) {
                final int op = random.nextInt(10);
                if (op < 3) {
                    final long deadline = s.nowNs() + random.nextInt(50);
                    final int id = timers.size();
                    timers.add(s.at(deadline, () -> ran.add(id)));
                    model.add(new long[] {deadline, seq[0]++, id});
                } else if (op < 5) {
                    final long deadline = s.nowNs() + random.nextInt(50) - 5; // some in the past: now
                    final int id = timers.size();
                    timers.add(null); // a post has no handle
                    s.post(deadline, target, id);
                    model.add(new long[] {Math.max(deadline, s.nowNs()), seq[0]++, id});
                } else if (op < 7 && !timers.isEmpty()) {
                    final int id = random.nextInt(timers.size());
                    if (timers.get(id) != null) {
                        timers.get(id).cancel();
                        model.removeIf(e -> e[2] == id);
                    }
                } else {
                    model.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
                    assertThat(s.nextDeadlineNs()).isEqualTo(model.isEmpty() ? Long.MAX_VALUE : model.get(0)[0]);
                    final boolean did = s.runNext();
                    assertThat(did).isEqualTo(!model.isEmpty());
                    if (did) {
                        final long[] next = model.remove(0);
                        assertThat(ran.get(ran.size() - 1)).isEqualTo((int) next[2]);
                        assertThat(s.nowNs()).isEqualTo(next[0]);
                        if (timers.get((int) next[2]) != null) {
                            assertThat(timers.get((int) next[2]).isPending()).isFalse();
                        }
                    }
                }
                assertThat(s.isIdle()).isEqualTo(model.isEmpty());
            }
        }
    }

    /**
     * Posts due now (which skip the heap) keep their place among timers and later posts, also while
     * their queue wraps around and grows, and posts made by running events go behind those waiting.
     */
    @Test
    void postsDueNowKeepTheirOrderAcrossWrapAndGrowth() {
        final EventScheduler s = new EventScheduler();
        final List<String> log = new ArrayList<>();
        final int[] chained = {0};
        final int[] target = new int[1];
        target[0] = s.register(argument -> {
            log.add("p" + argument + "@" + s.nowNs());
            if (argument >= 1000 && chained[0]++ < 3) {
                s.post(0, target[0], argument + 1); // in the past: due now, behind everything queued
            }
        });
        s.at(0, () -> log.add("t0@" + s.nowNs()));
        for (int i = 0; i < 40; i++) {
            s.post(0, target[0], i);
        }
        for (int i = 0; i < 30; i++) {
            s.runNext(); // t0, p0..p28: the queue's head moves on, so what follows wraps
        }
        for (int i = 40; i < 200; i++) {
            s.post(s.nowNs(), target[0], i); // past the first capacity: the queue grows while wrapped
        }
        s.post(0, target[0], 1000);
        s.at(5, () -> log.add("t5@" + s.nowNs()));
        s.post(5, target[0], 500);
        s.runAll(10_000);
        final List<String> expected = new ArrayList<>();
        expected.add("t0@0");
        for (int i = 0; i < 200; i++) {
            expected.add("p" + i + "@0");
        }
        expected.add("p1000@0");
        expected.add("p1001@0");
        expected.add("p1002@0");
        expected.add("p1003@0");
        expected.add("t5@5");
        expected.add("p500@5");
        assertThat(log).containsExactlyElementsOf(expected);
        assertThat(s.isIdle()).isTrue();
        assertThat(s.nextDeadlineNs()).isEqualTo(Long.MAX_VALUE);
        s.runUntil(Long.MAX_VALUE - 1); // idle: returns at once, the clock moves to the given time
        assertThat(s.nowNs()).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void postsAndTimersShareOneOrder() {
        final EventScheduler s = new EventScheduler();
        final List<String> log = new ArrayList<>();
        final int target = s.register(argument -> log.add("post" + argument + "@" + s.nowNs()));
        s.post(20, target, 1);
        s.at(10, () -> log.add("timer@" + s.nowNs()));
        s.post(10, target, 2);
        s.at(20, () -> log.add("late@" + s.nowNs()));
        s.runAll(100);
        assertThat(log).containsExactly("timer@10", "post2@10", "post1@20", "late@20");
        assertThat(s.executed()).isEqualTo(4);
    }

    @Test
    void forkedStreamsAreStableAndIndependent() {
        final SimRandom a = new SimRandom(42).fork("link");
        final SimRandom b = new SimRandom(42).fork("link");
        final SimRandom c = new SimRandom(42).fork("disk");
        final long x = a.nextLong();
        assertThat(b.nextLong()).isEqualTo(x);
        assertThat(c.nextLong()).isNotEqualTo(x);
    }

    @Test
    void runUntilStopsWhenDoneWhenIdleOrAtItsLimit() {
        final EventScheduler s = new EventScheduler();
        final List<Long> fired = new ArrayList<>();
        for (long t = 10; t <= 50; t += 10) {
            final long at = t;
            s.at(at, () -> fired.add(at));
        }
        final int[] steps = {0};
        assertThat(s.runUntil(() -> fired.size() == 2, () -> steps[0]++, 1_000)).isTrue();
        assertThat(fired).containsExactly(10L, 20L);
        assertThat(steps[0]).as("once first, then after each event").isEqualTo(3);
        assertThat(s.runUntil(() -> false, () -> { }, 15)).as("the next events lie past the limit").isFalse();
        assertThat(fired).containsExactly(10L, 20L, 30L);
        assertThat(s.runUntil(() -> false, () -> { }, 1_000)).as("nothing left to run").isFalse();
        assertThat(fired).containsExactly(10L, 20L, 30L, 40L, 50L);
    }
}
