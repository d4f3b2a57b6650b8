package dev.toeless.stack.driver;

import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.netdev.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken input through a NIC and its driver, in every mode: each frame is a counted
 * drop, a flagged unsplit delivery or an error completion; nothing throws, no byte reaches the
 * flow that should not, and every page comes back.
 */
@ExtendWith(PageLeakCheck.class)
class BadInputTest {
    private static final int DST_PORT = 5_001;
    private static final long ISN = 1_000;

    private final HostMemory memory = new HostMemory(2048);
    private final EventScheduler scheduler = new EventScheduler();
    private final Link link = new Link("wire", scheduler, new SimRandom(7), LinkConfig.ethernet(10_000_000_000L)
        .withMtuBytes(9000));
    private TestHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private void start(DriverMode mode) {
        host = new TestHost("b", memory, scheduler, mode, NicConfig.defaults().withMaxFrameBytes(9018), link.b());
        host.recorder.expect(DST_PORT, ISN + 1, 1 << 16);
    }

    private static byte[] segment(int payloadBytes, TcpOptions options) {
        final byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 0x5A);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[payloadBytes + 200]);
        final TcpRepr tcp = new TcpRepr(40_000, DST_PORT, ISN + 1, 1, TcpHeader.ACK, 65535, 0, options);
        final int length = BulkSender.frameToB(buffer, tcp, payload);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private void send(byte[] frame) {
        link.a().send(frame);
        scheduler.runAll(1_000_000);
    }

    private long deliveredToFlow() {
        return host.recorder.streams.get(DST_PORT).received.cardinality();
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void broken_frames_never_reach_the_flow(DriverMode mode) {
        start(mode);
        final byte[] good = segment(1000, null);

        send(Arrays.copyOf(good, 30)); // truncated inside the IP header
        final byte[] lyingLonger = good.clone();
        lyingLonger[16] = (byte) 0x2F; // IPv4 total length far beyond the frame
        send(lyingLonger);
        final byte[] lyingShorter = good.clone();
        lyingShorter[16] = 0;
        lyingShorter[17] = 10; // total length below the header length
        send(lyingShorter);
        final byte[] badChecksum = good.clone();
        badChecksum[good.length - 1] ^= 0x01;
        send(badChecksum);
        final byte[] unknownType = good.clone();
        unknownType[12] = (byte) 0x88;
        unknownType[13] = (byte) 0xB5;
        send(unknownType);
        final byte[] optionOverrun = segment(100, null);
        optionOverrun[14 + 20 + 12] = (byte) 0x60; // data offset 24 bytes: 4 option bytes
        optionOverrun[14 + 20 + 20] = 2; // MSS option claims
        optionOverrun[14 + 20 + 21] = 40; // 40 bytes in a 4-byte option area
        send(optionOverrun);
        host.nic.onFrame(scheduler.nowNs(), new UnsafeBuffer(good), 0, 10); // a runt straight into the MAC
        scheduler.runAll(1_000_000);

        assertThat(deliveredToFlow()).as("payload bytes delivered to the flow").isZero();
        assertThat(host.nic.statistics().get(NicCounter.RX_DROPPED_MALFORMED)).isEqualTo(1);
        if (mode.softwareRxChecksum()) {
            // unverified, it goes up as NONE; the host's one receive checksum (here the recorder's) drops it
            assertThat(host.driver.counters().rxCsumBad()).isZero();
        } else {
            assertThat(host.nic.statistics().get(NicCounter.RX_CSUM_BAD)).isEqualTo(1);
            assertThat(host.driver.counters().rxCsumBad()).isEqualTo(1);
        }
        assertThat(host.nic.statistics().get(NicCounter.RX_UNSPLIT)).isGreaterThanOrEqualTo(5);

        send(good); // and the queue still works
        assertThat(deliveredToFlow()).isEqualTo(1000);
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void jumbo_frame_is_placed_or_dropped_whole(DriverMode mode) {
        start(mode);
        send(segment(8000, null));
        if (mode == DriverMode.STATELESS) {
            assertThat(deliveredToFlow()).isEqualTo(8000);
        } else {
            assertThat(deliveredToFlow()).isZero();
            assertThat(host.nic.statistics().get(NicCounter.RX_DROPPED_MALFORMED)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void oversized_super_segment_is_refused_and_its_pages_come_back(DriverMode mode) {
        start(mode);
        final BulkSender sender = new BulkSender(host, scheduler, false, 40_000, DST_PORT, ISN);
        final FragList payload = new FragList(20);
        for (int i = 0; i < 17; i++) {
            payload.add(host.txPool.allocate(), 0, 4000); // 68,000 bytes: past GSO_MAX_SIZE
        }
        final int headerLength = sender.template(0, 0, TcpHeader.ACK);
        final TxStatus status = host.driver.tx().sendSuperSegment(0, sender.header, headerLength, sender.l3(),
            sender.l4(), false, 1448, payload, scheduler.nowNs());
        scheduler.runAll(1_000_000);
        if (mode == DriverMode.STATELESS) {
            assertThat(status).isEqualTo(TxStatus.SENT);
            assertThat(host.nic.statistics().get(NicCounter.TX_DROPPED_MALFORMED)).isEqualTo(1);
            assertThat(host.driver.counters().txErrors()).isEqualTo(1);
        } else if (mode == DriverMode.NONE) {
            // Software GSO keeps GSO_MAX_SIZE too and refuses; the caller keeps its pages.
            assertThat(status).isEqualTo(TxStatus.MALFORMED);
            payload.releaseAll(memory);
        } else {
            // Without TSO the driver cuts it into MSS frames itself; each is a legal frame.
            assertThat(status).isEqualTo(TxStatus.SENT);
            assertThat(host.nic.statistics().get(NicCounter.TX_PACKETS)).isEqualTo((68_000 + 1447) / 1448);
        }
        assertThat(host.txPool.pagesOut()).isZero();
    }
}
