package dev.toeless.nic.link;

import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.toeless.nic.link.Frames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fault on its own, with a fixed seed: the counters say what happened and the frames that
 * arrive show it. Frames go a to b every microsecond on an idle 10 Gb/s line, so without faults
 * frame i arrives at {@code i * 1000 + 224 (serialization of 256 bytes) + 10,000 (propagation)}.
 */
class LinkFaultTest {
    private static final long SEED = 7;
    private static final int FRAMES = 10_000;
    private static final int LENGTH = 256;
    private static final long GAP_NS = 1_000;
    private static final long SERIALIZATION_NS = (LENGTH + 24) * 8 / 10;
    private static final long PROPAGATION_NS = 10_000;

    private final EventScheduler scheduler = new EventScheduler();
    private final Frames.Recorder recorder = new Frames.Recorder();
    private final Link link = new Link("l", scheduler, new SimRandom(SEED),
        LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(PROPAGATION_NS));
    private final LinkCounters counters = link.aToB().counters();

    LinkFaultTest() {
        recorder.attachTo(link);
    }

    private void sendFrames(int count) {
        final int first = (int) counters.framesSent();
        for (int i = first; i < first + count; i++) {
            scheduler.runUntil(i * GAP_NS);
            link.a().send(numbered(LENGTH, i));
        }
        scheduler.runAll(Long.MAX_VALUE);
    }

    private static long expectedArrivalNs(int number) {
        return number * GAP_NS + SERIALIZATION_NS + PROPAGATION_NS;
    }

    private void assertEveryFrameIsAccountedFor() {
        assertThat(counters.framesSent() + counters.duplicated()).isEqualTo(
            counters.framesDelivered() + counters.droppedTotal() + link.aToB().queuedFrames()
                + link.aToB().inFlightFrames());
    }

    @Test
    void lossDropsAboutTheGivenShareAndCountsEachFrame() {
        link.aToB().faults(LinkFaults.builder().loss(0.1).build());
        sendFrames(FRAMES);
        assertThat(counters.droppedLoss()).isBetween(850L, 1_150L);
        assertThat(counters.framesDelivered()).isEqualTo(FRAMES - counters.droppedLoss());
        assertThat(recorder.numbers()).isSorted().doesNotHaveDuplicates();
        assertThat(recorder.arrivals).allSatisfy(a -> {
            assertThat(a.bytes()).isEqualTo(numbered(LENGTH, a.number()));
            assertThat(a.timeNs()).isEqualTo(expectedArrivalNs(a.number()));
        });
        assertEveryFrameIsAccountedFor();
    }

    @Test
    void duplicationDeliversAnIdenticalSecondCopyRightAfterTheFirst() {
        link.aToB().faults(LinkFaults.builder().duplicate(0.05).build());
        sendFrames(FRAMES);
        assertThat(counters.duplicated()).isBetween(400L, 600L);
        assertThat(counters.framesDelivered()).isEqualTo(FRAMES + counters.duplicated());
        int twins = 0;
        for (int i = 1; i < recorder.arrivals.size(); i++) {
            final Frames.Arrival previous = recorder.arrivals.get(i - 1);
            final Frames.Arrival arrival = recorder.arrivals.get(i);
            if (arrival.number() == previous.number()) {
                twins++;
                assertThat(arrival.bytes()).isEqualTo(previous.bytes());
                assertThat(arrival.timeNs()).isEqualTo(previous.timeNs());
            }
        }
        assertThat((long) twins).isEqualTo(counters.duplicated());
        assertThat(counters.reordered()).isZero();
        assertEveryFrameIsAccountedFor();
    }

    @Test
    void reorderingHoldsFramesBackSoLaterOnesOvertakeThem() {
        final long jitterNs = 20_000;
        link.aToB().faults(LinkFaults.builder().reorder(0.2, jitterNs).build());
        sendFrames(FRAMES);
        assertThat(counters.delayed()).isBetween(1_800L, 2_200L);
        assertThat(counters.reordered()).isPositive().isLessThanOrEqualTo(counters.delayed());
        assertThat(counters.framesDelivered()).isEqualTo(FRAMES);
        assertThat(recorder.numbers()).isNotEqualTo(recorder.numbers().stream().sorted().toList());
        assertThat(recorder.numbers().stream().sorted().toList())
            .isEqualTo(java.util.stream.IntStream.range(0, FRAMES).boxed().toList());
        long late = 0;
        for (Frames.Arrival a : recorder.arrivals) {
            final long extraNs = a.timeNs() - expectedArrivalNs(a.number());
            assertThat(extraNs).isBetween(0L, jitterNs);
            if (extraNs > 0) {
                late++;
            }
        }
        assertThat(late).isEqualTo(counters.delayed());
        assertEveryFrameIsAccountedFor();
    }

    @Test
    void corruptionFlipsExactlyTheCountedBits() {
        link.aToB().faults(LinkFaults.builder().corrupt(0.1, 3).build());
        sendFrames(FRAMES);
        assertThat(counters.corrupted()).isBetween(850L, 1_150L);
        assertThat(counters.framesDelivered()).isEqualTo(FRAMES);
        long corrupted = 0;
        long bits = 0;
        for (int i = 0; i < FRAMES; i++) {
            final Frames.Arrival a = recorder.arrivals.get(i);
            assertThat(a.timeNs()).isEqualTo(expectedArrivalNs(i));
            final int diff = differingBits(numbered(LENGTH, i), a.bytes());
            assertThat(diff).isBetween(0, 3);
            corrupted += diff > 0 ? 1 : 0;
            bits += diff;
        }
        assertThat(corrupted).isEqualTo(counters.corrupted());
        assertThat(bits).isEqualTo(counters.bitsFlipped()).isGreaterThan(corrupted);
        assertEveryFrameIsAccountedFor();
    }

    @Test
    void truncationDeliversAShorterPrefix() {
        link.aToB().faults(LinkFaults.builder().truncate(0.1).build());
        sendFrames(FRAMES);
        assertThat(counters.truncated()).isBetween(850L, 1_150L);
        long cut = 0;
        long bytes = 0;
        for (int i = 0; i < FRAMES; i++) {
            final byte[] sent = numbered(LENGTH, i);
            final byte[] got = recorder.arrivals.get(i).bytes();
            assertThat(got.length).isBetween(1, LENGTH);
            assertThat(got).isEqualTo(java.util.Arrays.copyOf(sent, got.length));
            cut += got.length < LENGTH ? 1 : 0;
            bytes += got.length;
        }
        assertThat(cut).isEqualTo(counters.truncated());
        assertThat(counters.bytesDelivered()).isEqualTo(bytes);
        assertThat(counters.bytesSent()).isEqualTo((long) FRAMES * LENGTH);
        assertEveryFrameIsAccountedFor();
    }

    @Test
    void aOneWayPartitionStopsOneDirectionForItsTimeOnly() {
        final List<Integer> bToA = new ArrayList<>();
        link.a().attach((nowNs, frame, offset, length) -> bToA.add(frame.getInt(offset + 14, java.nio.ByteOrder.BIG_ENDIAN)));
        for (int i = 0; i < 200; i++) {
            scheduler.runUntil(i * GAP_NS);
            if (i == 100) {
                link.aToB().partitionFor(50 * GAP_NS);
                assertThat(link.aToB().isPartitioned()).isTrue();
                assertThat(link.bToA().isPartitioned()).isFalse();
            }
            link.a().send(numbered(LENGTH, i));
            link.b().send(numbered(LENGTH, i));
        }
        scheduler.runAll(Long.MAX_VALUE);
        assertThat(link.aToB().isPartitioned()).isFalse();
        assertThat(counters.droppedPartition()).isEqualTo(50);
        assertThat(recorder.numbers()).containsExactlyElementsOf(concat(range(0, 100), range(150, 200)));
        assertThat(bToA).containsExactlyElementsOf(range(0, 200));
        assertThat(link.bToA().counters().droppedPartition()).isZero();
        assertEveryFrameIsAccountedFor();
    }

    @Test
    void healEndsAPartitionAndClearsEveryFault() {
        link.aToB().partitionUntil(Long.MAX_VALUE);
        link.bToA().faults(LinkFaults.builder().loss(1.0).corrupt(1.0, 1).build());
        sendFrames(10);
        assertThat(recorder.arrivals).isEmpty();
        assertThat(counters.droppedPartition()).isEqualTo(10);
        link.heal();
        assertThat(link.aToB().isPartitioned()).isFalse();
        assertThat(link.bToA().faults()).isEqualTo(LinkFaults.NONE);
        sendFrames(10);
        link.b().send(numbered(LENGTH, 99));
        scheduler.runAll(Long.MAX_VALUE);
        assertThat(recorder.numbers()).containsExactlyElementsOf(concat(range(10, 20), List.of(99)));
    }

    @Test
    void faultsChangeAtRunTimeAndFramesOnTheWireKeepTheirFate() {
        link.aToB().faults(LinkFaults.builder().loss(1.0).build());
        link.a().send(numbered(LENGTH, 0)); // lost as it starts
        link.aToB().faults(LinkFaults.NONE);
        scheduler.runAll(Long.MAX_VALUE);
        link.a().send(numbered(LENGTH, 1));
        scheduler.runAll(Long.MAX_VALUE);
        assertThat(recorder.numbers()).containsExactly(1);
        assertThat(counters.droppedLoss()).isEqualTo(1);
    }

    @Test
    void everyFaultAtOnceStillAccountsForEveryFrame() {
        link.faults(LinkFaults.builder().loss(0.05).truncate(0.05).corrupt(0.05, 4).duplicate(0.05)
            .reorder(0.1, 5_000).build());
        sendFrames(FRAMES);
        assertThat(counters.droppedLoss()).isPositive();
        assertThat(counters.truncated()).isPositive();
        assertThat(counters.corrupted()).isPositive();
        assertThat(counters.duplicated()).isPositive();
        assertThat(counters.reordered()).isPositive();
        assertEveryFrameIsAccountedFor();
        assertThat(link.aToB().inFlightFrames()).isZero();
    }

    private static int differingBits(byte[] a, byte[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
        }
        return n;
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        final List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
