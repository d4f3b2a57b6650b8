package dev.toeless.stack.host;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.Ipv4Repr;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.ip.IpDrop;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ping, the filter's DROP and REJECT, RST for a closed port, the qdisc's rate limit, and counted drops. */
class HostServicesTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int PORT = 5001;

    @Test
    void pingIsAnsweredOverIpv4AndIpv6() {
        final TwoHosts net = new TwoHosts(11);
        final List<String> replies = new ArrayList<>();
        net.a.ip().echoListener((nowNs, v6, hi, lo, id, seq, bytes) -> replies.add((v6 ? "v6 " : "v4 ") + id + "/" + seq + " " + bytes));
        net.a.ip().control().ping(0, false, 0, TwoHosts.IP_B & 0xFFFF_FFFFL, 7, 1, 56);
        net.a.ip().control().ping(0, true, TwoHosts.IP6_B.high(), TwoHosts.IP6_B.low(), 7, 2, 56);
        net.scheduler.runUntil(SECOND);
        assertThat(replies).containsExactlyInAnyOrder("v4 7/1 56", "v6 7/2 56");
        assertThat(net.b.ip().counters().echoRequests()).isEqualTo(2);
        net.drain();
    }

    @Test
    void aDropRuleStopsTheConnectionAndARejectRuleAnswersWithReset() {
        final TwoHosts net = new TwoHosts(12);
        final TcpListener listener = net.b.tcp().listenV4(PORT, 16);
        net.b.filter().execute("-A INPUT -p tcp --dport 5001 -j DROP");
        final TcpSocket dropped = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        net.scheduler.runUntil(5 * SECOND);
        assertThat(dropped.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(listener.accept()).isNull();
        assertThat(net.b.ip().counters().drops(IpDrop.FILTER_INPUT)).isGreaterThanOrEqualTo(3);
        dropped.abort();

        net.b.filter().execute("-R INPUT 1 -p tcp --dport 5001 -j REJECT --reject-with tcp-reset");
        final TcpSocket rejected = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        net.scheduler.runUntil(net.scheduler.nowNs() + 100 * MS);
        assertThat(rejected.state()).isEqualTo(TcpState.CLOSED);
        assertThat(rejected.closeReason()).isIn(CloseReason.REFUSED, CloseReason.RESET);
        assertThat(net.b.ip().counters().rejectsSent()).isEqualTo(1);
        net.closeAndCheckNoLeaks(listener::close);
    }

    @Test
    void anIcmpRejectAnswersWithPortUnreachable() {
        final TwoHosts net = new TwoHosts(16);
        net.b.filter().execute("-A INPUT -p tcp --dport 5001 -j REJECT");
        final TcpSocket s = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        net.scheduler.runUntil(100 * MS);
        assertThat(net.b.ip().counters().rejectsSent()).isEqualTo(1);
        assertThat(net.a.ip().counters().icmpErrorsIn()).isEqualTo(1);
        assertThat(s.state()).as("a soft error: the SYN is retried").isEqualTo(TcpState.SYN_SENT);
        s.abort();
        net.drain();
        net.checkNoLeaks();
    }

    @Test
    void aSegmentForNoSocketDrawsAReset() {
        final TwoHosts net = new TwoHosts(13);
        final TcpSocket s = net.a.tcp().connectV4(TwoHosts.IP_B, 9);
        net.scheduler.runUntil(100 * MS);
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(net.b.tcp().resetsSent()).isEqualTo(1);
        net.drain();
    }

    @Test
    void theQdiscRateLimitCapsGoodputInVirtualTime() {
        final TwoHosts net = new TwoHosts(14);
        final long rateBytesPerSecond = 1_000_000;
        net.a.qdisc().setRate(0, rateBytesPerSecond, 16 * 1024);
        final byte[] data = new byte[2 << 20];
        new SimRandom(5).nextBytes(data);
        final TcpListener listener = net.b.tcp().listenV4(PORT, 16);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final TcpSocket server = net.accept(listener::accept, SECOND);
        final long start = net.scheduler.nowNs();
        final StreamCheck up = new StreamCheck(data).between(client, server);
        assertThat(net.runUntil(up::done, up::step, 60 * SECOND)).isTrue();
        final double seconds = (net.scheduler.nowNs() - start) / 1e9;
        final double goodput = data.length / seconds;
        System.out.printf("qdisc 1 MB/s: 2 MiB in %.3f s virtual, goodput %.0f B/s%n", seconds, goodput);
        assertThat(goodput).isLessThanOrEqualTo(rateBytesPerSecond).isGreaterThan(0.85 * rateBytesPerSecond);
        assertThat(up.mismatch()).isNull();
        net.closeAndCheckNoLeaks(client::close, server::close, listener::close);
    }

    @Test
    void fragmentsAndBadChecksumsAreCountedDrops() {
        final TwoHosts net = new TwoHosts(15);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final TcpRepr tcp = new TcpRepr(40000, PORT, 1, 0, TcpHeader.SYN, 1000, 0, TcpOptions.NONE);
        int length = Frames.tcpV4(frame, 0, net.b.config().mac(), net.a.config().mac(), EthernetRepr.NO_VLAN,
            TwoHosts.IP_A, TwoHosts.IP_B, tcp, new byte[0]);
        frame.putByte(14 + 20 + TcpHeader.CHECKSUM_OFFSET, (byte) (frame.getByte(14 + 20 + TcpHeader.CHECKSUM_OFFSET) ^ 1));
        net.inject(net.b, frame, length);
        assertThat(net.b.ip().counters().drops(IpDrop.BAD_CHECKSUM)).isEqualTo(1);

        final Ipv4Repr fragment = new Ipv4Repr(TwoHosts.IP_A, TwoHosts.IP_B, Ipv4Header.PROTOCOL_TCP, 64, 0, 1, false,
            true, 0, null, 24);
        length = new EthernetRepr(net.b.config().mac(), net.a.config().mac(), EthernetRepr.NO_VLAN, 0x0800).emit(frame, 0);
        length += fragment.emit(frame, length) + 24;
        net.inject(net.b, frame, Math.max(60, length));
        assertThat(net.b.ip().counters().drops(IpDrop.FRAGMENT)).isEqualTo(1);
        assertThat(net.b.tcp().segmentsIn()).isZero();
        net.checkNoLeaks();
    }
}
