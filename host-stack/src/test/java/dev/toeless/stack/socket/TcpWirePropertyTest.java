package dev.toeless.stack.socket;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpOptionsView;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.tcp.TcpSegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A segment the engine emits, written to the wire by {@link TcpWire} and parsed back, is the same
 * segment: header fields, every option, the payload bytes, and a transport checksum that verifies
 * (computed in software over the payload page).
 */
class TcpWirePropertyTest {
    private static final int PEER = Prefix.parseV4("10.0.0.2");
    private static final Ipv6Address PEER6 = Ipv6Address.parse("fd00::2");
    private static final long PEER_MAC = 0x02_00_00_00_00_02L;

    @Property(tries = 300)
    void emittedSegmentsParseBackToThemselves(@ForAll int seq, @ForAll int ack, @ForAll @IntRange(max = 0xFF) int flags,
                                              @ForAll @IntRange(max = 0xFFFF) int window,
                                              @ForAll @IntRange(min = -1, max = 9000) int mss,
                                              @ForAll @IntRange(min = -1, max = 14) int windowScale,
                                              @ForAll boolean sackPermitted, @ForAll boolean timestamps,
                                              @ForAll int tsVal, @ForAll int tsEcr,
                                              @ForAll @IntRange(max = 4) int sackBlocks,
                                              @ForAll @IntRange(max = 1400) int payloadBytes, @ForAll boolean v6) {
        final EventScheduler scheduler = new EventScheduler();
        final Host host = new Host(HostConfig.of("h", 0x02_00_00_00_00_01L, Prefix.parseV4("10.0.0.1"),
            Ipv6Address.parse("fd00::1")).withMemory(1024, 16, 16), scheduler, new SimRandom(1));
        final UnsafeBuffer captured = new UnsafeBuffer(new byte[2048]);
        final int[] capturedLength = new int[1];
        host.plugInto((frame, offset, length) -> {
            captured.putBytes(0, frame, offset, length);
            capturedLength[0] = length;
            return true;
        });
        host.ip().arpTable().addStatic(0, 0, PEER & 0xFFFF_FFFFL, PEER_MAC);
        host.ip().ndTable().addStatic(0, PEER6.high(), PEER6.low(), PEER_MAC);
        final HostMemory memory = host.memory();

        final TcpSegment seg = new TcpSegment().header(seq, ack, flags, window);
        if (mss >= 0) {
            seg.mssOption(mss);
        }
        if (windowScale >= 0) {
            seg.windowScaleOption(windowScale);
        }
        seg.sackPermitted(sackPermitted);
        if (timestamps) {
            seg.timestamps(tsVal, tsEcr);
        }
        for (int i = 0; i < sackBlocks; i++) {
            seg.addSackBlock(seq + 100 * i, seq + 100 * i + 50);
        }
        final byte[] payload = new byte[payloadBytes];
        new SimRandom(seq).nextBytes(payload);
        if (payloadBytes > 0) {
            final int pfn = memory.allocate();
            host.cpu().copyIn(payload, 0, payloadBytes, pfn, 100);
            seg.addFragment(pfn, 100, payloadBytes);
        }
        new TcpWire(host.ip(), host.cpu(), host.ip().device().features()).transmit(0, v6, v6 ? host.ip().ipv6Hi() : 0,
            v6 ? host.ip().ipv6Lo() : host.ip().ipv4() & 0xFFFF_FFFFL, 40_000,
            v6 ? PEER6.high() : 0, v6 ? PEER6.low() : PEER & 0xFFFF_FFFFL, 80, seg, 0);
        scheduler.runAll(1_000); // the NIC sends what the driver posted as its own work

        final ParsedFrame f = new ParsedFrame();
        assertThat(new FrameParser().parse(captured, 0, capturedLength[0], f)).isEqualTo(ParseStatus.OK);
        assertThat(f.transportChecksumOk()).isTrue();
        assertThat(f.srcPort()).isEqualTo(40_000);
        assertThat(f.dstPort()).isEqualTo(80);
        assertThat(f.dstMac()).isEqualTo(PEER_MAC);
        final RxPacket rx = new RxPacket();
        final TcpSegment back = new TcpSegment();
        TcpWire.toSegment(f, rx, back);
        assertThat(back.seq()).isEqualTo(seq);
        assertThat(back.ack()).isEqualTo(ack);
        assertThat(back.flags()).isEqualTo(flags);
        assertThat(back.windowField()).isEqualTo(window);
        assertThat(back.mssOption()).isEqualTo(mss);
        assertThat(back.windowScaleOption()).isEqualTo(windowScale);
        assertThat(back.sackPermitted()).isEqualTo(sackPermitted);
        assertThat(back.hasTimestamps()).isEqualTo(timestamps);
        if (timestamps) {
            assertThat(back.tsVal()).isEqualTo(tsVal);
            assertThat(back.tsEcr()).isEqualTo(tsEcr);
        }
        final TcpOptionsView o = f.tcpOptions();
        assertThat(o.sackCount()).isLessThanOrEqualTo(sackBlocks);
        for (int i = 0; i < o.sackCount(); i++) {
            assertThat((int) o.sackLeft(i)).isEqualTo(seq + 100 * i);
        }
        final int mtu = host.ip().device().mtuBytes();
        assertThat(f.ipEnd() - f.l3Offset()).as("SACK blocks give way to the MTU").isLessThanOrEqualTo(mtu);
        assertThat(f.payloadLength()).isEqualTo(payloadBytes);
        final byte[] onWire = new byte[payloadBytes];
        captured.getBytes(f.payloadOffset(), onWire);
        assertThat(onWire).isEqualTo(payload);
        host.close(); // the buffers the driver posted to the NIC's rings come back
        memory.assertNoLeaks();
    }
}
