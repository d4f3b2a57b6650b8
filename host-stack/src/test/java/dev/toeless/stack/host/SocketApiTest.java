package dev.toeless.stack.host;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.IcmpHeader;
import dev.toeless.nic.wire.Icmpv4Repr;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.Ipv4Repr;
import dev.toeless.nic.wire.Icmpv6Repr;
import dev.toeless.nic.wire.Ipv6Header;
import dev.toeless.nic.wire.Ipv6Repr;
import dev.toeless.stack.ip.IpDrop;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Zero-copy receive and send, SYN cookies, path MTU from ICMP, and the global socket-memory limit. */
class SocketApiTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int PORT = 5001;

    private static TcpSocket[] connected(TwoHosts net) {
        final TcpListener listener = net.b.tcp().listenV4(PORT, 16);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final TcpSocket server = net.accept(listener::accept, SECOND);
        assertThat(server).isNotNull();
        listener.close();
        return new TcpSocket[] {client, server};
    }

    @Test
    void pagesSentByReferenceArriveAsPageFragmentsWithoutACopy() {
        final TwoHosts net = new TwoHosts(21);
        final TcpSocket[] pair = connected(net);
        final HostMemory memA = net.a.memory();
        final int pages = 256;
        final byte[] expected = new byte[pages * HostMemory.PAGE_SIZE];
        new SimRandom(9).nextBytes(expected);
        int queued = 0;
        final byte[] received = new byte[expected.length];
        final int[] got = new int[1];
        final long copiedBefore = net.a.ledger().copiedBytes();
        while (got[0] < expected.length) {
            while (queued < pages && pair[0].sendSpaceBytes() >= HostMemory.PAGE_SIZE) {
                final int pfn = memA.allocate();
                net.a.cpu().copyIn(expected, queued * HostMemory.PAGE_SIZE, HostMemory.PAGE_SIZE, pfn, 0);
                assertThat(pair[0].send(pfn, 0, HostMemory.PAGE_SIZE)).isTrue();
                queued++;
            }
            pair[1].read((pfn, offset, length) -> {
                net.b.cpu().copyOut(pfn, offset, length, received, got[0]);
                got[0] += length;
                net.b.memory().release(pfn);
            }, Long.MAX_VALUE);
            if (!net.scheduler.runNext()) {
                break;
            }
        }
        assertThat(received).isEqualTo(expected);
        assertThat(net.a.ledger().copiedBytes() - copiedBefore).as("only the test's own fill copies")
            .isEqualTo(expected.length);
        net.closeAndCheckNoLeaks(pair[0]::close, pair[1]::close);
    }

    @Test
    void aFullSynBacklogAnswersWithCookiesAndTheConnectionsStillOpen() {
        final TwoHosts net = new TwoHosts(22);
        final TcpListener listener = net.b.tcp().listenV4(PORT, 1);
        // resolve b first, so that the four SYNs leave back to back instead of waiting in the ARP queue
        net.a.ip().control().ping(0, false, 0, TwoHosts.IP_B & 0xFFFF_FFFFL, 1, 1, 8);
        net.scheduler.runUntil(10 * MS);
        final List<TcpSocket> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(net.a.tcp().connectV4(TwoHosts.IP_B, PORT));
        }
        final List<TcpSocket> accepted = new ArrayList<>();
        net.runUntil(() -> accepted.size() == 4, () -> {
            TcpSocket s;
            while ((s = listener.accept()) != null) {
                accepted.add(s);
            }
        }, 5 * SECOND);
        assertThat(accepted).hasSize(4);
        assertThat(listener.synCookiesSent()).isEqualTo(3);
        assertThat(listener.cookieConnections()).isEqualTo(3);
        final byte[] hello = "hello through a cookie".getBytes();
        for (TcpSocket c : clients) {
            assertThat(c.write(hello, 0, hello.length)).isEqualTo(hello.length);
        }
        net.scheduler.runUntil(net.scheduler.nowNs() + 100 * MS);
        for (TcpSocket s : accepted) {
            final byte[] buffer = new byte[64];
            assertThat(s.read(buffer, 0, buffer.length)).isEqualTo(hello.length);
            s.close();
        }
        clients.forEach(TcpSocket::close);
        net.closeAndCheckNoLeaks(listener::close);
    }

    @Test
    void fragmentationNeededLowersTheRouteMtuAndTheConnectionsSegments() {
        final TwoHosts net = new TwoHosts(23);
        final TcpSocket[] pair = connected(net);
        final int mtu = 1400;
        injectFragmentationNeeded(net, pair[0].localPort(), mtu);
        assertThat(net.a.routes().mtuV4(net.scheduler.nowNs(), TwoHosts.IP_B)).isEqualTo(mtu);
        assertThat(pair[0].connection().sendMssBytes()).isLessThanOrEqualTo(mtu - 40);
        final byte[] data = new byte[1 << 20];
        new SimRandom(3).nextBytes(data);
        final StreamCheck up = new StreamCheck(data).between(pair[0], pair[1]);
        assertThat(net.runUntil(up::done, up::step, 10 * SECOND)).isTrue();
        assertThat(up.mismatch()).isNull();
        assertThat(net.a.ip().counters().drops(IpDrop.TOO_BIG)).isZero();
        net.closeAndCheckNoLeaks(pair[1]::close, pair[0]::close);
    }

    /** Host a receives an ICMP "fragmentation needed" quoting one of its full-size segments to b. */
    private static void injectFragmentationNeeded(TwoHosts net, int localPort, int mtu) {
        final UnsafeBuffer quote = new UnsafeBuffer(new byte[28]);
        new Ipv4Repr(TwoHosts.IP_A, TwoHosts.IP_B, Ipv4Header.PROTOCOL_TCP, 64, 0, 0, true, false, 0, null, 1480)
            .emit(quote, 0);
        quote.putShort(20, (short) localPort, ByteOrder.BIG_ENDIAN);
        quote.putShort(22, (short) PORT, ByteOrder.BIG_ENDIAN);
        final Icmpv4Repr icmp = Icmpv4Repr.fragmentationNeeded(mtu, quote.byteArray());
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[128]);
        int at = new EthernetRepr(net.a.config().mac(), net.b.config().mac(), EthernetRepr.NO_VLAN,
            EthernetHeader.TYPE_IPV4).emit(frame, 0);
        at += Ipv4Repr.of(TwoHosts.IP_B, TwoHosts.IP_A, Ipv4Header.PROTOCOL_ICMP, icmp.bufferLength()).emit(frame, at);
        at += icmp.emit(frame, at);
        assertThat(frame.getByte(34) & 0xFF).isEqualTo(IcmpHeader.V4_DEST_UNREACHABLE);
        net.inject(net.a, frame, at);
    }

    @Test
    void packetTooBigLowersTheIpv6PathMtu() {
        final TwoHosts net = new TwoHosts(25);
        final TcpListener listener = net.b.tcp().listenV6(PORT, 16);
        final TcpSocket client = net.a.tcp().connectV6(TwoHosts.IP6_B.high(), TwoHosts.IP6_B.low(), PORT);
        final TcpSocket server = net.accept(listener::accept, SECOND);
        final UnsafeBuffer quote = new UnsafeBuffer(new byte[48]);
        Ipv6Repr.of(TwoHosts.IP6_A, TwoHosts.IP6_B, Ipv6Header.NEXT_TCP, 1440).emit(quote, 0);
        quote.putShort(40, (short) client.localPort(), ByteOrder.BIG_ENDIAN);
        quote.putShort(42, (short) PORT, ByteOrder.BIG_ENDIAN);
        final Icmpv6Repr tooBig = Icmpv6Repr.packetTooBig(1280, quote.byteArray());
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        int at = new EthernetRepr(net.a.config().mac(), net.b.config().mac(), EthernetRepr.NO_VLAN,
            EthernetHeader.TYPE_IPV6).emit(frame, 0);
        at += Ipv6Repr.of(TwoHosts.IP6_B, TwoHosts.IP6_A, Ipv6Header.NEXT_ICMPV6, tooBig.bufferLength()).emit(frame, at);
        at += tooBig.emit(frame, at, TwoHosts.IP6_B, TwoHosts.IP6_A);
        net.inject(net.a, frame, at);
        assertThat(net.a.routes().mtuV6(net.scheduler.nowNs(), TwoHosts.IP6_B.high(), TwoHosts.IP6_B.low())).isEqualTo(1280);
        assertThat(client.connection().sendMssBytes()).isLessThanOrEqualTo(1280 - 60);
        final byte[] data = new byte[1 << 20];
        new SimRandom(6).nextBytes(data);
        final StreamCheck up = new StreamCheck(data).between(client, server);
        assertThat(net.runUntil(up::done, up::step, 10 * SECOND)).isTrue();
        assertThat(up.mismatch()).isNull();
        net.closeAndCheckNoLeaks(client::close, server::close, listener::close);
    }

    @Test
    void theGlobalSocketMemoryLimitClosesTheWindowOfAReaderThatDoesNotRead() {
        final TwoHosts net = new TwoHosts(24);
        net.b.tcp().socketMemory().setLimits(16, 24, 32);
        final TcpSocket[] pair = connected(net);
        final byte[] data = new byte[1 << 20];
        new SimRandom(4).nextBytes(data);
        final StreamCheck writer = new StreamCheck(data).between(pair[0], null);
        net.runUntil(() -> false, writer::step, SECOND);
        final long high = 32L * HostMemory.PAGE_SIZE;
        assertThat(net.b.tcp().socketMemory().usedBytes()).isLessThanOrEqualTo(high);
        assertThat(pair[1].readableBytes()).isLessThanOrEqualTo(high);
        assertThat(net.b.tcp().memoryDrops()).as("the window closes instead").isZero();
        assertThat(pair[1].connection().receiveWindowBytes()).isZero();
        assertThat(pair[0].connection().peerWindowBytes()).isZero();
        assertThat(pair[0].connection().counters().zeroWindowProbes()).as("the writer probes").isPositive();
        assertThat(pair[1].connection().counters().outOfWindowDrops()).as("each probe is answered").isPositive();
        final StreamCheck rest = new StreamCheck(data).between(null, pair[1]);
        assertThat(net.runUntil(rest::done, () -> {
            writer.step();
            rest.step();
        }, 120 * SECOND)).isTrue();
        assertThat(rest.mismatch()).isNull();
        net.closeAndCheckNoLeaks(pair[0]::close, pair[1]::close);
    }

    @Test
    void windowsOfferedOutOfTheSameFreeMemoryOvercommitItAndTheExcessIsDroppedAtTheHardLimit() {
        final TwoHosts net = new TwoHosts(25);
        net.b.tcp().socketMemory().setLimits(16, 24, 32);
        final TcpListener listener = net.b.tcp().listenV4(PORT, 16);
        final TcpSocket c1 = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final TcpSocket c2 = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final TcpSocket[] s = new TcpSocket[2];
        assertThat(net.runUntil(() -> {
            for (int i = 0; i < 2; i++) {
                s[i] = s[i] != null ? s[i] : listener.accept();
            }
            return s[1] != null;
        }, () -> { }, SECOND)).isTrue();
        final byte[] data = new byte[1 << 19];
        new SimRandom(5).nextBytes(data);
        final StreamCheck w1 = new StreamCheck(data).between(c1, null);
        final StreamCheck w2 = new StreamCheck(data).between(c2, null);
        net.runUntil(() -> false, () -> {
            w1.step();
            w2.step();
        }, SECOND);
        // both windows were offered out of the same free memory: what overcommits it is dropped
        final long high = 32L * HostMemory.PAGE_SIZE;
        assertThat(net.b.tcp().socketMemory().usedBytes()).isLessThanOrEqualTo(high);
        assertThat(s[0].readableBytes() + s[1].readableBytes()).isLessThanOrEqualTo(high);
        // a window is never taken back, so data inside one that memory can no longer hold is
        // dropped at the hard limit, and counted
        final long drops = net.b.tcp().memoryDrops();
        assertThat(drops).isPositive();
        final StreamCheck r1 = new StreamCheck(data).between(null, s[0]);
        final StreamCheck r2 = new StreamCheck(data).between(null, s[1]);
        assertThat(net.runUntil(() -> r1.done() && r2.done(), () -> {
            w1.step();
            w2.step();
            r1.step();
            r2.step();
        }, 120 * SECOND)).isTrue();
        assertThat(r1.mismatch()).isNull();
        assertThat(r2.mismatch()).isNull();
        System.out.println("SocketApiTest two writers: hard-limit drops " + drops + ", "
            + net.b.tcp().memoryDrops() + " in all; zero-window probes " + c1.connection().counters().zeroWindowProbes()
            + " + " + c2.connection().counters().zeroWindowProbes());
        for (TcpSocket socket : new TcpSocket[] {c1, c2, s[0], s[1]}) {
            socket.close();
        }
        net.closeAndCheckNoLeaks(listener::close);
    }
}
