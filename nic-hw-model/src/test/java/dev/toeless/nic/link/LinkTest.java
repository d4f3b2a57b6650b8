package dev.toeless.nic.link;

import dev.toeless.nic.pcap.PcapReader;
import dev.toeless.nic.pcap.PcapRecord;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.toeless.nic.link.Frames.numbered;
import static org.assertj.core.api.Assertions.assertThat;

class LinkTest {
    private static final long GBPS = 1_000_000_000L;

    private final EventScheduler scheduler = new EventScheduler();
    private final Frames.Recorder recorder = new Frames.Recorder();

    @TempDir
    Path dir;

    private Link link(LinkConfig config) {
        final Link link = new Link("l", scheduler, new SimRandom(1), config);
        recorder.attachTo(link);
        return link;
    }

    @Test
    void aFullSizeFrameArrivesAfterItsSerializationPlusPropagation() {
        // 1514 bytes + FCS 4 + preamble/SFD 8 + gap 12 = 1538 byte times = 12,304 ns at 1 Gb/s.
        final Link link = link(LinkConfig.ethernet(GBPS).withPropagationDelayNs(5_000));
        scheduler.runUntil(1_000);
        assertThat(link.a().send(numbered(1514, 1))).isEqualTo(SendStatus.ACCEPTED);
        scheduler.runAll(100);
        assertThat(recorder.arrivals).singleElement().satisfies(arrival -> {
            assertThat(arrival.timeNs()).isEqualTo(1_000 + 12_304 + 5_000);
            assertThat(arrival.port()).isEqualTo("b");
            assertThat(arrival.bytes()).isEqualTo(numbered(1514, 1));
        });
    }

    @Test
    void aShortFrameIsPaddedToTheEthernetMinimumOnTheWire() {
        // An ARP-sized frame of 42 bytes occupies 60 + 24 = 84 byte times: 672 ns at 1 Gb/s.
        final Link link = link(LinkConfig.ethernet(GBPS));
        link.b().send(numbered(42, 1));
        scheduler.runAll(100);
        assertThat(recorder.times()).containsExactly(672L);
        assertThat(recorder.arrivals.getFirst().bytes()).hasSize(42);
    }

    @Test
    void backToBackFramesCarryTheFractionOfANanosecondSoTheRateIsExact() {
        // At 10 Gb/s a 1514-byte frame takes 1230.4 ns; five in a row take exactly 6152 ns.
        final Link link = link(LinkConfig.ethernet(10 * GBPS).withPropagationDelayNs(100));
        for (int i = 0; i < 5; i++) {
            link.a().send(numbered(1514, i));
        }
        assertThat(link.aToB().queuedFrames()).isEqualTo(4);
        scheduler.runAll(100);
        assertThat(recorder.times()).containsExactly(1_330L, 2_560L, 3_791L, 5_021L, 6_252L);
        assertThat(recorder.numbers()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void anIdleLineStartsFromAWholeNanosecond() {
        final Link link = link(LinkConfig.ethernet(10 * GBPS));
        link.a().send(numbered(1514, 0));
        scheduler.runUntil(10_000);
        link.a().send(numbered(1514, 1));
        scheduler.runAll(100);
        assertThat(recorder.times()).containsExactly(1_230L, 11_230L);
    }

    @Test
    void bothDirectionsRunAtOnceWithTheirOwnSettings() {
        final Link link = new Link("l", scheduler, new SimRandom(1),
            LinkConfig.ethernet(GBPS).withPropagationDelayNs(1_000),
            LinkConfig.ethernet(100_000_000L).withPropagationDelayNs(2_000));
        recorder.attachTo(link);
        link.a().send(numbered(60, 1));
        link.b().send(numbered(60, 2));
        scheduler.runAll(100);
        assertThat(recorder.arrivals).extracting(Frames.Arrival::port).containsExactly("b", "a");
        assertThat(recorder.times()).containsExactly(672L + 1_000, 6_720L + 2_000);
    }

    @Test
    void anUnlimitedRateLeavesOnlyThePropagationDelay() {
        final Link link = link(LinkConfig.ethernet(LinkConfig.UNLIMITED_RATE).withPropagationDelayNs(50_000_000L)
            .withQueueLimit(0, 0));
        for (int i = 0; i < 3; i++) {
            assertThat(link.a().send(numbered(1514, i))).isEqualTo(SendStatus.ACCEPTED);
        }
        scheduler.runAll(100);
        assertThat(recorder.times()).containsExactly(50_000_000L, 50_000_000L, 50_000_000L);
        assertThat(recorder.numbers()).containsExactly(0, 1, 2);
    }

    @Test
    void aLineThatNeverQueuesCostsOneEventPerFrame() {
        final Link link = link(LinkConfig.ethernet(GBPS).withPropagationDelayNs(1_000));
        for (int i = 0; i < 100; i++) {
            scheduler.runUntil(i * 20_000L);
            link.a().send(numbered(1514, i));
        }
        scheduler.runAll(1_000);
        assertThat(recorder.arrivals).hasSize(100);
        assertThat(scheduler.executed()).isEqualTo(100);
    }

    @Test
    void aFullQueueDropsAtTheTailAndCountsIt() {
        final Link link = link(LinkConfig.ethernet(GBPS).withQueueLimit(4, Long.MAX_VALUE));
        final List<SendStatus> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(link.a().send(numbered(1000, i)));
        }
        assertThat(statuses).containsExactly(
            SendStatus.ACCEPTED, SendStatus.ACCEPTED, SendStatus.ACCEPTED, SendStatus.ACCEPTED, SendStatus.ACCEPTED,
            SendStatus.QUEUE_FULL, SendStatus.QUEUE_FULL, SendStatus.QUEUE_FULL, SendStatus.QUEUE_FULL,
            SendStatus.QUEUE_FULL);
        assertThat(link.aToB().queuedFrames()).isEqualTo(4);
        assertThat(link.aToB().queuedBytes()).isEqualTo(4000);
        scheduler.runAll(100);
        assertThat(recorder.numbers()).containsExactly(0, 1, 2, 3, 4);
        final LinkCounters c = link.aToB().counters();
        assertThat(c.framesSent()).isEqualTo(10);
        assertThat(c.droppedQueueFull()).isEqualTo(5);
        assertThat(c.framesDelivered()).isEqualTo(5);
        assertThat(c.bytesDelivered()).isEqualTo(5000);
        assertThat(link.aToB().queuedFrames()).isZero();
    }

    @Test
    void theQueueIsAlsoBoundedInBytes() {
        final Link link = link(LinkConfig.ethernet(GBPS).withQueueLimit(100, 2500));
        link.a().send(numbered(1000, 0)); // on the wire
        assertThat(link.a().send(numbered(1000, 1))).isEqualTo(SendStatus.ACCEPTED);
        assertThat(link.a().send(numbered(1000, 2))).isEqualTo(SendStatus.ACCEPTED);
        assertThat(link.a().send(numbered(1000, 3))).isEqualTo(SendStatus.QUEUE_FULL);
        assertThat(link.a().send(numbered(500, 4))).isEqualTo(SendStatus.ACCEPTED);
        scheduler.runAll(100);
        assertThat(recorder.numbers()).containsExactly(0, 1, 2, 4);
    }

    @Test
    void framesBeyondTheMtuAreDroppedAndATagBuysFourBytes() {
        final Link link = link(LinkConfig.ethernet(GBPS));
        assertThat(link.a().send(numbered(1514, 0))).isEqualTo(SendStatus.ACCEPTED);
        assertThat(link.a().send(numbered(1515, 1))).isEqualTo(SendStatus.OVERSIZE);
        assertThat(link.a().send(Frames.tagged(1518))).isEqualTo(SendStatus.ACCEPTED);
        assertThat(link.a().send(Frames.tagged(1519))).isEqualTo(SendStatus.OVERSIZE);
        assertThat(link.a().send(new byte[13])).isEqualTo(SendStatus.RUNT);
        scheduler.runAll(100);
        final LinkCounters c = link.aToB().counters();
        assertThat(c.droppedOversize()).isEqualTo(2);
        assertThat(c.droppedRunt()).isEqualTo(1);
        assertThat(c.framesDelivered()).isEqualTo(2);
        assertThat(c.framesTransmitted()).isEqualTo(2);
    }

    @Test
    void aJumboMtuCarriesJumboFrames() {
        final Link link = link(LinkConfig.ethernet(10 * GBPS).withMtuBytes(9000));
        assertThat(link.a().send(numbered(9014, 7))).isEqualTo(SendStatus.ACCEPTED);
        assertThat(link.a().send(numbered(9015, 8))).isEqualTo(SendStatus.OVERSIZE);
        scheduler.runAll(100);
        assertThat(recorder.arrivals).singleElement()
            .satisfies(a -> assertThat(a.bytes()).isEqualTo(numbered(9014, 7)));
    }

    @Test
    void aPortWithoutASinkCountsWhatReachesIt() {
        final Link link = new Link("l", scheduler, new SimRandom(1), LinkConfig.ethernet(GBPS));
        link.a().send(numbered(100, 0));
        scheduler.runAll(100);
        assertThat(link.aToB().counters().droppedNoReceiver()).isEqualTo(1);
        assertThat(link.aToB().counters().framesDelivered()).isZero();
    }

    @Test
    void aSinkMayAnswerFromInsideItsCall() {
        final Link link = new Link("l", scheduler, new SimRandom(1), LinkConfig.ethernet(GBPS).withPropagationDelayNs(1_000));
        final List<Long> pongs = new ArrayList<>();
        link.b().attach((long nowNs, DirectBuffer frame, int offset, int length) -> link.b().send(frame, offset, length));
        link.a().attach((long nowNs, DirectBuffer frame, int offset, int length) -> pongs.add(nowNs));
        link.a().send(numbered(60, 0));
        scheduler.runAll(100);
        assertThat(pongs).containsExactly(2 * (672L + 1_000));
    }

    @Test
    void steadyStateAllocatesNoWireBuffers() {
        final Link link = link(LinkConfig.ethernet(GBPS).withPropagationDelayNs(100_000));
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 50; i++) {
                link.a().send(numbered(1514, i));
                link.b().send(numbered(1514, i));
            }
            scheduler.runAll(10_000);
        }
        final long allocated = link.framesAllocated();
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 50; i++) {
                link.a().send(numbered(1514, i));
                link.b().send(numbered(1514, i));
            }
            scheduler.runAll(10_000);
        }
        assertThat(link.framesAllocated()).isEqualTo(allocated).isLessThanOrEqualTo(100);
        assertThat(recorder.arrivals).hasSize(110 * 100);
    }

    @Test
    void theTapRecordsBothDirectionsWhereTheyStartOnTheWireBeforeFaults() throws IOException {
        final Link link = link(LinkConfig.ethernet(GBPS).withPropagationDelayNs(5_000));
        link.aToB().faults(LinkFaults.builder().loss(1.0).build());
        final Path file = dir.resolve("link.pcap");
        try (PcapWriter writer = PcapWriter.create(file)) {
            link.tap(writer);
            link.a().send(numbered(1514, 1)); // starts at 0, lost on the wire
            link.a().send(numbered(1514, 2)); // waits for the first: starts at 12,304
            scheduler.runUntil(500);
            link.b().send(numbered(100, 3)); // starts at 500
            scheduler.runAll(100);
        }
        final List<PcapRecord> records = readAll(file);
        assertThat(records).extracting(PcapRecord::timeNs).containsExactly(0L, 500L, 12_304L);
        assertThat(records.get(0).data()).isEqualTo(numbered(1514, 1));
        assertThat(records.get(1).data()).isEqualTo(numbered(100, 3));
        assertThat(records.get(2).data()).isEqualTo(numbered(1514, 2));
        assertThat(recorder.numbers()).containsExactly(3);
    }

    @Test
    void theReceiverTapRecordsWhatArrivedAfterFaults() throws IOException {
        final Link link = link(LinkConfig.ethernet(GBPS).withPropagationDelayNs(5_000));
        link.aToB().faults(LinkFaults.builder().corrupt(1.0, 1).build());
        final Path sent = dir.resolve("sent.pcap");
        final Path received = dir.resolve("received.pcap");
        try (PcapWriter sender = PcapWriter.create(sent); PcapWriter receiver = PcapWriter.create(received)) {
            link.tap(sender);
            link.tap(receiver, TapPoint.RECEIVER);
            link.a().send(numbered(1514, 1));
            scheduler.runAll(100);
        }
        final PcapRecord before = readAll(sent).getFirst();
        final PcapRecord after = readAll(received).getFirst();
        assertThat(before.timeNs()).isZero();
        assertThat(after.timeNs()).isEqualTo(12_304 + 5_000);
        assertThat(before.data()).isEqualTo(numbered(1514, 1));
        assertThat(after.data()).isEqualTo(recorder.arrivals.getFirst().bytes()).isNotEqualTo(before.data());
    }

    @Test
    void aFullCutStopsBothDirections() {
        final Link link = link(LinkConfig.ethernet(GBPS));
        link.partitionFor(1_000_000);
        link.a().send(numbered(100, 1));
        link.b().send(numbered(100, 2));
        scheduler.runUntil(1_000_000);
        link.a().send(numbered(100, 3));
        scheduler.runAll(100);
        assertThat(recorder.numbers()).containsExactly(3);
        assertThat(link.aToB().counters().droppedPartition() + link.bToA().counters().droppedPartition()).isEqualTo(2);
    }

    private static List<PcapRecord> readAll(Path file) throws IOException {
        final List<PcapRecord> records = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(file)) {
            for (PcapRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        return records;
    }

    @Test
    void aFailingTapEndsTheTapButNotTheSimulation() throws IOException {
        final Link link = link(LinkConfig.ethernet(GBPS));
        final OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 24) {
                    throw new IOException("disk full");
                }
            }
        };
        link.tap(new PcapWriter(failing, 65_535));
        link.a().send(numbered(100, 1));
        link.a().send(numbered(100, 2));
        scheduler.runAll(100);
        assertThat(link.tapErrors()).isEqualTo(1);
        assertThat(link.firstTapError()).hasMessage("disk full");
        assertThat(recorder.numbers()).containsExactly(1, 2);
    }
}
