package dev.toeless.stack.driver;

import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.feature.Offload;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardware GRO ({@code rx-gro-hw}) in the stateless mode: the NIC coalesces consecutive in-order
 * segments of a flow into one completion with one header. The same frames into a host with it on
 * and one with it off must deliver the same bytes at the same sequence numbers with the same touch
 * and copy counts; PSH, FIN, a gap, a bad checksum and another flow end a coalesced run.
 */
@ExtendWith(PageLeakCheck.class)
class HardwareGroTest {
    private static final int PORT_1 = 5_001;
    private static final int PORT_2 = 5_002;

    /** One receiving host behind its own wire. */
    private static final class Receiver implements AutoCloseable {
        final EventScheduler scheduler = new EventScheduler();
        final HostMemory memory = new HostMemory(4096);
        final Link link = new Link("wire", scheduler, new SimRandom(3), LinkConfig.ethernet(10_000_000_000L));
        final TestHost host;

        Receiver(boolean groHw) {
            host = new TestHost("b", memory, scheduler, DriverMode.STATELESS, NicConfig.defaults(), link.b());
            host.nic.features(host.nic.features().with(Offload.RX_GRO_HW, groHw));
        }

        void send(byte[] frame) {
            link.a().send(new UnsafeBuffer(frame), 0, frame.length);
        }

        long nic(NicCounter c) {
            return host.nic.statistics().get(c);
        }

        @Override
        public void close() {
            host.close();
        }
    }

    /** A TCP segment from A to B as wire bytes; a bad checksum flips the last payload byte after checksumming. */
    private static byte[] segment(int dstPort, long seq, int flags, byte[] payload, boolean badChecksum) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[payload.length + 128]);
        final int length = BulkSender.frameToB(buffer, BulkSender.segmentFromA(dstPort, seq, 1, flags), payload);
        if (badChecksum && payload.length > 0) {
            buffer.putByte(length - 1, (byte) (buffer.getByte(length - 1) ^ 0x5A));
        }
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    private static byte[] payload(Random random, int length) {
        final byte[] p = new byte[length];
        random.nextBytes(p);
        return p;
    }

    @Test
    void coalescedCompletionsCarryTheSameBytesAndTouchesAsUncoalescedOnes() {
        final long first = Long.getLong("hwgro.seed", 1);
        final long last = Long.getLong("hwgro.seed", 30);
        for (long seed = first; seed <= last; seed++) {
            sameBytesWithAndWithout(seed);
        }
    }

    /** Two interleaved flows with random lengths, PSH, FIN, reordering, gaps and bad checksums. */
    private static void sameBytesWithAndWithout(long seed) {
        final String replay = "seed " + seed + "; replay: ./mvnw -o -q -pl host-stack -am test "
            + "-Dtest=HardwareGroTest -Dsurefire.failIfNoSpecifiedTests=false -Dhwgro.seed=" + seed;
        final Random random = new Random(seed);
        final List<byte[]> frames = new ArrayList<>();
        final long[] next = {1_000, 7_000_000};
        final int streamBytes = 300_000;
        int badChecksums = 0;
        while (next[0] - 1_000 < streamBytes - 2_000 && next[1] - 7_000_000 < streamBytes - 2_000) {
            final int f = random.nextInt(8) == 0 ? 1 : 0; // mostly flow 1, now and then flow 2 between
            final int len = random.nextInt(6) == 0 ? 1 + random.nextInt(1448) : 1448;
            final int roll = random.nextInt(100);
            final int flags = TcpHeader.ACK | (roll < 5 ? TcpHeader.PSH : 0);
            final boolean bad = roll >= 5 && roll < 8;
            badChecksums += bad ? 1 : 0;
            final byte[] frame = segment(f == 0 ? PORT_1 : PORT_2, next[f], flags, payload(random, len), bad);
            if (roll >= 8 && roll < 11 && !frames.isEmpty()) {
                frames.add(frames.size() - 1, frame); // overtakes the previous frame: out of order
            } else if (roll >= 11 && roll < 13) {
                next[f] += len; // lost: a gap
                continue;
            } else {
                frames.add(frame);
            }
            next[f] += len;
        }
        frames.add(segment(PORT_1, next[0], TcpHeader.ACK | TcpHeader.FIN, payload(random, 100), false));
        try (Receiver on = new Receiver(true); Receiver off = new Receiver(false)) {
            for (Receiver r : List.of(on, off)) {
                r.host.recorder.expect(PORT_1, 1_000, streamBytes + 2_000);
                r.host.recorder.expect(PORT_2, 7_000_000, streamBytes + 2_000);
                for (byte[] frame : frames) {
                    r.send(frame);
                }
                r.scheduler.runAll(1_000_000);
            }
            assertThat(on.host.nic.features().rxGroHw()).isTrue();
            assertThat(off.host.nic.features().rxGroHw()).isFalse();
            assertThat(on.nic(NicCounter.RX_GRO_HW_COMPLETIONS)).as("the NIC coalesced; " + replay).isPositive();
            assertThat(off.nic(NicCounter.RX_GRO_HW_COMPLETIONS)).isZero();
            assertThat(on.nic(NicCounter.RX_PACKETS)).isEqualTo(frames.size());
            for (int port : List.of(PORT_1, PORT_2)) {
                final Recorder.Stream a = on.host.recorder.streams.get(port);
                final Recorder.Stream b = off.host.recorder.streams.get(port);
                assertThat(a.received).as("bytes received, port " + port + "; " + replay).isEqualTo(b.received);
                assertThat(a.bytes).as("the bytes, port " + port + "; " + replay).isEqualTo(b.bytes);
            }
            assertThat(on.host.recorder.mismatches).isZero();
            assertThat(on.host.recorder.notTcp).as(replay).isEqualTo(off.host.recorder.notTcp);
            assertThat(on.nic(NicCounter.RX_CSUM_BAD)).isEqualTo(off.nic(NicCounter.RX_CSUM_BAD))
                .isEqualTo(badChecksums);
            assertThat(on.host.ledger.touchedBytes()).as("payload touches; " + replay)
                .isEqualTo(off.host.ledger.touchedBytes());
            assertThat(on.host.ledger.copiedBytes()).as("payload copies; " + replay)
                .isEqualTo(off.host.ledger.copiedBytes());
            assertThat(on.host.ledger.headerBytes()).as("fewer headers copied; " + replay)
                .isLessThan(off.host.ledger.headerBytes());
        }
    }

    @Test
    void pshFinAGapABadChecksumAndAnotherFlowEndACoalescedRun() {
        final Random random = new Random(11);
        try (Receiver r = new Receiver(true)) {
            r.host.recorder.expect(PORT_1, 1, 64 << 10);
            r.host.recorder.expect(PORT_2, 1, 64 << 10);
            r.send(segment(PORT_1, 1, TcpHeader.ACK, payload(random, 1000), false));
            r.send(segment(PORT_1, 1001, TcpHeader.ACK, payload(random, 1000), false)); // joins
            r.send(segment(PORT_1, 2001, TcpHeader.ACK | TcpHeader.PSH, payload(random, 1000), false)); // joins, ends
            r.send(segment(PORT_1, 3001, TcpHeader.ACK, payload(random, 1000), false)); // opens
            r.send(segment(PORT_2, 1, TcpHeader.ACK, payload(random, 1000), false)); // another flow: ends, opens
            r.send(segment(PORT_1, 4001, TcpHeader.ACK, payload(random, 1000), false)); // ends flow 2's, opens
            r.send(segment(PORT_1, 6001, TcpHeader.ACK, payload(random, 1000), false)); // a gap: ends, opens
            r.send(segment(PORT_1, 7001, TcpHeader.ACK, payload(random, 1000), true)); // bad checksum: ends
            r.send(segment(PORT_1, 8001, TcpHeader.ACK, payload(random, 1000), false)); // opens
            r.send(segment(PORT_1, 9001, TcpHeader.ACK | TcpHeader.FIN, payload(random, 1000), false)); // ends, alone
            r.scheduler.runAll(1_000_000);
            assertThat(r.nic(NicCounter.RX_GRO_HW_MERGED)).as("only the two segments after the first").isEqualTo(2);
            assertThat(r.nic(NicCounter.RX_GRO_HW_COMPLETIONS)).isEqualTo(1);
            assertThat(r.nic(NicCounter.RX_CSUM_BAD)).isEqualTo(1);
            assertThat(r.host.recorder.streams.get(PORT_1).received.cardinality()).isEqualTo(8000);
        }
    }

    @Test
    void aSessionEndsByItsTimerWhenNoSegmentFollows() {
        try (Receiver r = new Receiver(true)) {
            r.host.recorder.expect(PORT_1, 1, 64 << 10);
            final Random random = new Random(5);
            r.send(segment(PORT_1, 1, TcpHeader.ACK, payload(random, 1448), false));
            r.send(segment(PORT_1, 1449, TcpHeader.ACK, payload(random, 1448), false));
            r.scheduler.runAll(1_000_000);
            assertThat(r.nic(NicCounter.RX_GRO_HW_COMPLETIONS)).isEqualTo(1);
            assertThat(r.host.recorder.streams.get(PORT_1).received.cardinality()).isEqualTo(2 * 1448);
            assertThat(r.host.recorder.packetPayloads).containsExactly(2 * 1448);
        }
    }

    @Test
    void hardwareGroNeedsReceiveChecksumsAndPageAccumulation() {
        assertThat(dev.toeless.nic.feature.OffloadFeatures.all().rxGroHw()).isTrue();
        assertThat(dev.toeless.nic.feature.OffloadFeatures.all().with(Offload.RX_CHECKSUM, false).rxGroHw()).isFalse();
        assertThat(dev.toeless.nic.feature.OffloadFeatures.all().with(Offload.PAGE_ACCUM, false).rxGroHw()).isFalse();
        assertThat(DriverMode.STATELESS.features().rxGroHw()).isTrue();
        assertThat(DriverMode.CSUM_GRO.features().rxGroHw()).isFalse();
    }
}
