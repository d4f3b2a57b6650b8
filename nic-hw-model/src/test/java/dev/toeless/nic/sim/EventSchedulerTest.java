package dev.toeless.nic.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
    void forkedStreamsAreStableAndIndependent() {
        final SimRandom a = new SimRandom(42).fork("link");
        final SimRandom b = new SimRandom(42).fork("link");
        final SimRandom c = new SimRandom(42).fork("disk");
        final long x = a.nextLong();
        assertThat(b.nextLong()).isEqualTo(x);
        assertThat(c.nextLong()).isNotEqualTo(x);
    }
}
