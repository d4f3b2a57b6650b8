package dev.toeless.stack.driver;

import dev.toeless.accum.AccumConfig;
import dev.toeless.accum.AccumulatingPlacement;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.rss.ToeplitzHash;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.Ipv6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts, each with the modeled NIC and this driver, joined by a 10 Gb/s link: host A sends a
 * bulk TCP stream (generated segments, no TCP engine), host B's recorder checks every delivered
 * payload byte against what was sent, in every driver mode, over IPv4 and IPv6, loss-free and
 * lossy. Fixed seeds; every page returns to its pool.
 */
@ExtendWith(PageLeakCheck.class)
class TwoHostTransferTest {
    private static final long SEED = 0x70E1E55L;
    private static final int STREAM_BYTES = 2 << 20;
    private static final long ISN = 0xFFFF_F000L; // wraps the sequence space mid-stream
    private static final int SRC_PORT = 40_000;
    private static final int DST_PORT = 5_001;

    private final HostMemory memoryA = new HostMemory(4096);
    private final HostMemory memoryB = new HostMemory(4096);
    private TestHost a;
    private TestHost b;

    @AfterEach
    void closeHosts() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private byte[] transfer(DriverMode mode, boolean ipv6, LinkFaults faults) {
        return transfer(mode, ipv6, faults, null);
    }

    private byte[] transfer(DriverMode mode, boolean ipv6, LinkFaults faults, String ethtoolMidway) {
        final EventScheduler scheduler = new EventScheduler();
        final Link link = new Link("wire", scheduler, new SimRandom(SEED), LinkConfig.ethernet(10_000_000_000L));
        link.faults(faults);
        final NicConfig config = NicConfig.defaults().withQueuePairs(2);
        a = new TestHost("a", memoryA, scheduler, mode, config, link.a());
        b = new TestHost("b", memoryB, scheduler, mode, config, link.b());
        final byte[] data = new byte[STREAM_BYTES];
        new Random(SEED).nextBytes(data);
        b.recorder.expect(DST_PORT, ISN + 1, data.length);
        final FlowTuple flow = ipv6
            ? new FlowTuple(BulkSender.V6_A, BulkSender.V6_B, SRC_PORT, DST_PORT)
            : new FlowTuple(Ipv6Address.v4Mapped(BulkSender.V4_A), Ipv6Address.v4Mapped(BulkSender.V4_B), SRC_PORT,
            DST_PORT);
        b.driver.hint(flow, (int) (ISN + 1));
        final BulkSender sender = new BulkSender(a, scheduler, ipv6, SRC_PORT, DST_PORT, ISN);
        if (ethtoolMidway != null) {
            sender.midway(() -> {
                b.nic.features(b.nic.features().apply(ethtoolMidway));
                a.nic.features(a.nic.features().apply(ethtoolMidway));
            });
        }
        sender.sendAll(data);
        scheduler.runAll(10_000_000);
        return data;
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void loss_free_ipv4_stream_arrives_intact(DriverMode mode) {
        final byte[] data = transfer(mode, false, LinkFaults.NONE);
        assertWhole(data);
        assertModeCosts(mode, data.length);
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void loss_free_ipv6_stream_arrives_intact(DriverMode mode) {
        final byte[] data = transfer(mode, true, LinkFaults.NONE);
        assertWhole(data);
        assertModeCosts(mode, data.length);
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void lossy_link_delivers_only_right_bytes(DriverMode mode) {
        final LinkFaults faults = LinkFaults.builder().loss(0.01).corrupt(0.01, 1).truncate(0.005).duplicate(0.005)
            .reorder(0.01, 5_000).build();
        final byte[] data = transfer(mode, false, faults);
        final Recorder.Stream s = b.recorder.streams.get(DST_PORT);
        assertThat(b.recorder.mismatches).as("bytes that differ from what was sent").isZero();
        assertThat(s.received.cardinality()).isLessThan(data.length).isGreaterThan(data.length / 2);
        for (int i = s.received.nextSetBit(0); i >= 0; i = s.received.nextSetBit(i + 1)) {
            if (s.bytes[i] != data[i]) {
                throw new AssertionError("byte " + i + " differs (seed " + SEED + ")");
            }
        }
        if (mode != DriverMode.NONE) {
            assertThat(b.nic.statistics().get(NicCounter.RX_CSUM_BAD)).isPositive();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"page-accum off", "header-split off", "rx-hash off",
        "rx-checksum off", "page-accum off rx-hash off", "tso off", "tx-checksum off"})
    void switching_offloads_mid_stream_changes_costs_never_bytes(String ethtool) {
        final byte[] data = transfer(DriverMode.STATELESS, false, LinkFaults.NONE, ethtool);
        assertWhole(data);
        assertThat(b.nic.features().toString()).doesNotContain(ethtool.split(" ")[0] + ",");
    }

    /**
     * Four interleaved bulk flows: each flow's next 64 KiB burst comes about 210 us after its last,
     * so the flush timer must outlast that gap (here 1 ms) or open pages close partial (with the
     * 100 us default, about 88% arrive full; bytes are right either way).
     */
    @org.junit.jupiter.api.Test
    void four_flows_spread_by_rss_each_fill_their_own_aligned_pages() {
        final EventScheduler scheduler = new EventScheduler();
        final Link link = new Link("wire", scheduler, new SimRandom(SEED), LinkConfig.ethernet(10_000_000_000L));
        final NicConfig config = NicConfig.defaults().withQueuePairs(2).withAccumPlacement(
            AccumulatingPlacement.factory(AccumConfig.defaults().withFlushTimeoutNs(1_000_000)));
        a = new TestHost("a", memoryA, scheduler, DriverMode.STATELESS, config, link.a());
        b = new TestHost("b", memoryB, scheduler, DriverMode.STATELESS, config, link.b());
        final int flows = 4;
        final BulkSender[] senders = new BulkSender[flows];
        final byte[][] data = new byte[flows][1 << 20];
        final int[] ports = twoFlowsPerQueue(b);
        for (int f = 0; f < flows; f++) {
            new Random(SEED + f).nextBytes(data[f]);
            final int port = ports[f];
            final long isn = ISN + 7919L * f;
            b.recorder.expect(port, isn + 1, data[f].length);
            b.driver.hint(new FlowTuple(Ipv6Address.v4Mapped(BulkSender.V4_A), Ipv6Address.v4Mapped(BulkSender.V4_B),
                SRC_PORT, port), (int) (isn + 1));
            senders[f] = new BulkSender(a, scheduler, false, SRC_PORT, port, isn);
        }
        BulkSender.sendInterleaved(scheduler, senders, data);
        for (int f = 0; f < flows; f++) {
            assertThat(b.recorder.streams.get(ports[f]).bytes).as("flow " + f).isEqualTo(data[f]);
        }
        assertThat(b.recorder.mismatches).isZero();
        assertThat(b.nic.queue(0).interrupts()).as("queue 0 used").isPositive();
        assertThat(b.nic.queue(1).interrupts()).as("queue 1 used").isPositive();
        assertThat(b.recorder.fullPageFraction()).isGreaterThanOrEqualTo(0.99);
        assertThat(b.ledger.touchedBytes()).isZero();
    }

    /** Destination ports whose flows RSS puts two on each of the two queues. */
    private static int[] twoFlowsPerQueue(TestHost host) {
        final ToeplitzHash toeplitz = ToeplitzHash.microsoftKey();
        final int[] ports = new int[4];
        final int[] perQueue = new int[2];
        int n = 0;
        for (int port = DST_PORT; n < ports.length; port++) {
            final int q = host.nic.indirectionTable().queueFor(toeplitz.hashV4(BulkSender.V4_A, BulkSender.V4_B, SRC_PORT,
                port));
            if (perQueue[q] < 2) {
                perQueue[q]++;
                ports[n++] = port;
            }
        }
        return ports;
    }

    private void assertWhole(byte[] data) {
        final Recorder.Stream s = b.recorder.streams.get(DST_PORT);
        assertThat(b.recorder.mismatches).isZero();
        assertThat(s.received.cardinality()).as("payload bytes delivered").isEqualTo(data.length);
        assertThat(s.bytes).isEqualTo(data);
    }

    private void assertModeCosts(DriverMode mode, int bytes) {
        switch (mode) {
            case NONE -> {
                assertThat(b.ledger.checksummedBytes()).as("the driver leaves the RX checksum to the host").isZero();
                assertThat(b.testLedger.checksummedBytes()).as("one software RX checksum pass (the recorder stands in"
                    + " for the IP layer)").isEqualTo(bytes);
                assertThat(a.ledger.checksummedBytes()).as("software GSO checksum pass").isEqualTo(bytes);
                assertThat(b.nic.statistics().get(NicCounter.RX_UNSPLIT)).isPositive();
            }
            case CSUM -> {
                assertThat(b.ledger.touchedBytes()).isZero();
                assertThat(a.ledger.touchedBytes()).isZero();
                assertThat(a.nic.statistics().get(NicCounter.TX_CSUM_OFFLOAD)).isPositive();
            }
            case CSUM_GRO -> {
                assertThat(b.ledger.touchedBytes()).isZero();
                assertThat(b.driver.groMerged()).isPositive();
                assertThat(b.recorder.packets).isLessThan(a.nic.statistics().get(NicCounter.TX_PACKETS));
            }
            case STATELESS -> {
                assertThat(b.ledger.touchedBytes()).isZero();
                assertThat(a.ledger.touchedBytes()).isZero();
                assertThat(a.nic.statistics().get(NicCounter.TX_TSO_SEGMENTS)).isPositive();
                assertThat(b.nic.statistics().get(NicCounter.RX_HDS_SPLIT)).isPositive();
                assertThat(b.nic.publishCounters().get(NicCounter.RX_ACCUM_APPENDED)).isPositive();
                assertThat(b.recorder.fullPageFraction()).as("payload pages that arrive full").isGreaterThanOrEqualTo(0.99);
            }
        }
        assertThat(a.ledger.copiedBytes() + b.ledger.copiedBytes()).as("payload copies").isZero();
    }
}
