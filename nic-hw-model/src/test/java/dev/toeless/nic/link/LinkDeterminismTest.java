package dev.toeless.nic.link;

import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.toeless.nic.link.Frames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

/** A run with every fault on, both directions busy and a queue that overflows is a pure function of its seed. */
class LinkDeterminismTest {
    private static final LinkFaults ALL = LinkFaults.builder().loss(0.05).truncate(0.02).corrupt(0.05, 8)
        .duplicate(0.03).reorder(0.1, 30_000).build();

    /** The delivery log of one run: every arrival, then both directions' counters. */
    private static List<String> run(long seed) {
        final EventScheduler scheduler = new EventScheduler();
        final Link link = new Link("l", scheduler, new SimRandom(seed),
            LinkConfig.ethernet(1_000_000_000L).withPropagationDelayNs(20_000).withQueueLimit(16, Long.MAX_VALUE));
        final Frames.Recorder recorder = new Frames.Recorder().attachTo(link);
        link.faults(ALL);
        final SimRandom traffic = new SimRandom(1234);
        for (int i = 0; i < 3_000; i++) {
            scheduler.runUntil(i * 20_000L);
            final int burst = traffic.nextInt(1, 6);
            for (int k = 0; k < burst; k++) {
                link.a().send(numbered(traffic.nextInt(60, 1515), i * 8 + k));
            }
            link.b().send(numbered(traffic.nextInt(60, 200), i));
            if (i == 1_000) {
                link.aToB().partitionFor(500_000);
            }
        }
        scheduler.runAll(Long.MAX_VALUE);
        final List<String> log = new ArrayList<>();
        recorder.arrivals.forEach(a -> log.add(a.toString()));
        log.add(link.aToB().counters().toString());
        log.add(link.bToA().counters().toString());
        return log;
    }

    @Test
    void theSameSeedGivesTheSameDeliveryLog() {
        final List<String> first = run(42);
        assertThat(first.size()).isGreaterThan(8_000);
        assertThat(first.get(first.size() - 2)).contains("dropped_queue_full", "dropped_partition", "reordered",
            "duplicated", "truncated", "bits_flipped", "dropped_loss");
        assertThat(run(42)).isEqualTo(first);
    }

    @Test
    void anotherSeedGivesAnotherLog() {
        assertThat(run(43)).isNotEqualTo(run(42));
    }

    @Test
    void oneDirectionsFaultsDoNotShiftTheOthersDraws() {
        final List<String> bToAOnly = new ArrayList<>();
        final List<String> bToAWithAToBFaults = new ArrayList<>();
        for (boolean aToBFaults : new boolean[]{false, true}) {
            final EventScheduler scheduler = new EventScheduler();
            final Link link = new Link("l", scheduler, new SimRandom(5), LinkConfig.ethernet(1_000_000_000L));
            final Frames.Recorder recorder = new Frames.Recorder().attachTo(link);
            link.bToA().faults(ALL);
            if (aToBFaults) {
                link.aToB().faults(ALL);
            }
            for (int i = 0; i < 1_000; i++) {
                scheduler.runUntil(i * 10_000L);
                link.a().send(numbered(500, i));
                link.b().send(numbered(500, i));
            }
            scheduler.runAll(Long.MAX_VALUE);
            recorder.arrivals.stream().filter(a -> a.port().equals("a"))
                .forEach(a -> (aToBFaults ? bToAWithAToBFaults : bToAOnly).add(a.toString()));
        }
        assertThat(bToAWithAToBFaults).isEqualTo(bToAOnly).isNotEmpty();
    }
}
