package dev.toeless.stack.host;

import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two hosts move 8 MiB each way through sockets over a simulated link, IPv4 and IPv6. */
class HostTransferTest {
    private static final int MIB = 1 << 20;
    private static final long SECOND = 1_000_000_000L;
    static final int PORT = 5001;

    @Test
    void eightMebibytesEachWayOverIpv4() {
        transfer(new TwoHosts(1), false, 8 * MIB);
    }

    @Test
    void eightMebibytesEachWayOverIpv6() {
        transfer(new TwoHosts(2), true, 8 * MIB);
    }

    @Test
    void eightMebibytesEachWayWithTwoPercentLossAndReordering() {
        final long seed = 3;
        System.out.println("HostTransferTest lossy seed " + seed + " (replay: new TwoHosts(" + seed + "))");
        final TwoHosts net = new TwoHosts(seed);
        net.link.faults(LinkFaults.builder().loss(0.02).reorder(0.01, 200_000).build());
        transfer(net, false, 8 * MIB);
    }

    /** Moves {@code bytes} each way and checks them; then shuts the devices down and checks for leaks. */
    static void transfer(TwoHosts net, boolean v6, int bytes) {
        final byte[] aToB = new byte[bytes];
        final byte[] bToA = new byte[bytes];
        new SimRandom(42).nextBytes(aToB);
        new SimRandom(43).nextBytes(bToA);
        final TcpListener listener = v6 ? net.b.tcp().listenV6(PORT, 16) : net.b.tcp().listenV4(PORT, 16);
        final TcpSocket client = v6 ? net.a.tcp().connectV6(TwoHosts.IP6_B.high(), TwoHosts.IP6_B.low(), PORT)
            : net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final TcpSocket server = net.accept(listener::accept, 10 * SECOND);
        assertThat(server).as("accepted").isNotNull();
        final StreamCheck up = new StreamCheck(aToB).between(client, server);
        final StreamCheck down = new StreamCheck(bToA).between(server, client);
        final boolean done = net.runUntil(() -> up.done() && down.done(), () -> {
            up.step();
            down.step();
        }, 600 * SECOND);
        final double transferSeconds = net.scheduler.nowNs() / 1e9;
        assertThat(up.mismatch()).isNull();
        assertThat(down.mismatch()).isNull();
        assertThat(done).as("a>b received %d, b>a received %d, %s / %s", up.received(), down.received(),
            net.a.ip().counters(), net.b.ip().counters()).isTrue();
        System.out.println("client " + client.connection() + " " + client.connection().counters());
        System.out.println("server " + server.connection() + " " + server.connection().counters());
        client.close();
        server.close();
        listener.close();
        net.drain();
        assertThat(client.state()).isEqualTo(TcpState.CLOSED);
        assertThat(server.state()).isEqualTo(TcpState.CLOSED);
        assertThat(net.a.tcp().connectionCount()).isZero();
        assertThat(net.b.tcp().connectionCount()).isZero();
        net.checkNoLeaks();
        System.out.printf("transfer %s %d bytes each way in %.3f s virtual; a: %s; b: %s; ledger a copied %d checksummed %d header %d%n",
            v6 ? "IPv6" : "IPv4", bytes, transferSeconds, net.a.ip().counters(), net.b.ip().counters(),
            net.a.ledger().copiedBytes(), net.a.ledger().checksummedBytes(), net.a.ledger().headerBytes());
    }
}
