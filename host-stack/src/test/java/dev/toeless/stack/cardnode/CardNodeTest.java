package dev.toeless.stack.cardnode;

import dev.toeless.nic.link.LinkFaults;
import dev.toeless.stack.host.Accepts;
import dev.toeless.stack.ip.IpDrop;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garzik's card as a node of its own: a remote's connection ends on the card, which relays the
 * stream to its host over TCP across the PCI link (64 KiB packets); the operator's rules on the
 * card apply; in routing mode the card forwards and the host ends TCP itself. Each test prints its
 * seed; rerun one with the same seed by its name
 * ({@code ./mvnw -o -q -pl host-stack -am test -Dtest=CardNodeTest#NAME -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class CardNodeTest {
    private static final int PORT = 5001;
    private static final int SIZE = 1 << 20;

    @Test
    void aMebibyteThroughTheSpliceProxyArrivesWholeAndTheReplyComesBack() {
        final CardNet net = new CardNet(1301);
        final SpliceProxy proxy = SpliceProxy.on(net.card, PORT);
        final TcpListener listener = net.host.tcp().listenV4(PORT, 8);
        final Relay relay = relay(net, CardNet.IP_CARD, listener, SIZE, 0);

        relay.assertWholeAndAnswered();
        assertThat(relay.receiver.received).isEqualTo(SIZE);
        final TcpSocket atHost = (TcpSocket) relay.receiver.socket;
        assertThat(atHost.remoteLow()).as("the host's peer is the card, on the PCI link")
            .isEqualTo(net.card.config().cardPciIpv4() & 0xFFFF_FFFFL);
        assertThat(proxy.bytesToHost()).isEqualTo(SIZE);
        assertThat(proxy.bytesToRemote()).isEqualTo(("got " + SIZE).length());
        final long wireSegments = SIZE / net.remote.config().tcp().mssBytes();
        final long hostPackets = net.host.ip().counters().received();
        assertThat(hostPackets).as("the host sees 64 KiB packets, not the wire's segments")
            .isLessThan(wireSegments / 10);
        assertThat(net.host.attachment().counterSnapshot().get("pci_rx_multi_page")).isPositive();
        assertThat(net.card.pciDevice().drops() + net.card.router().forwardedToHost()).isZero();

        proxy.close();
        listener.close();
        net.closeAndCheckNoLeaks();
    }

    /**
     * The sim's seed 258 at its smallest: a remote that sends 536-byte segments fills the card's
     * receive queue with one fragment per segment, and the proxy queues them, by reference, on the
     * PCI connection, whose 60 KiB segments would span more than a hundred of them. A segment
     * carries no more fragments than one packet does ({@code TcpSegment.MAX_FRAGMENTS}): before,
     * the packet took the first 64, the rest of the references were lost, and the host dropped
     * the packet as malformed (its IP length counted bytes it did not carry), again on every
     * retransmission until the connection timed out.
     */
    @Test
    void aStreamOfSmallSegmentsCrossesTheProxyInPacketsOfAtMostSixtyFourFragments() {
        final int size = 256 * 1024;
        final CardNet net = new CardNet(1307, tcp -> tcp.withMssBytes(536));
        net.link.aToB().faults(LinkFaults.builder().loss(0.05).build()); // holes: the card queues segment by segment
        final SpliceProxy proxy = SpliceProxy.on(net.card, PORT);
        final TcpListener listener = net.host.tcp().listenV4(PORT, 8);
        final long readFromNs = net.scheduler.nowNs() + 50 * CardNet.SECOND / 1000; // the card's queues fill first
        final Relay relay = relay(net, CardNet.IP_CARD, listener, size, readFromNs);

        assertThat(net.host.attachment().counterSnapshot().get("pci_rx_drop_malformed"))
            .as("no packet from the card lacks bytes its header counts").isZero();
        relay.assertWholeAndAnswered();

        proxy.close();
        listener.close();
        net.closeAndCheckNoLeaks();
    }

    @Test
    void aRemotesResetCrossesTheProxyToTheHost() {
        final CardNet net = new CardNet(1305);
        final SpliceProxy proxy = SpliceProxy.on(net.card, PORT);
        final TcpListener listener = net.host.tcp().listenV4(PORT, 8);
        final TcpSocket remote = net.remote.tcp().connectV4(CardNet.IP_CARD, PORT);
        final TcpSocket atHost = Accepts.within(net.scheduler, listener::accept, CardNet.SECOND);
        assertThat(atHost).isNotNull();

        remote.abort();
        net.scheduler.runUntil(net.scheduler.nowNs() + CardNet.SECOND);

        assertThat(atHost.closeReason()).as("the proxy reset the host's side too").isEqualTo(CloseReason.RESET);
        assertThat(proxy.openSplices()).isZero();
        assertThat(proxy.snapshot().get("splice_resets")).isEqualTo(1);
        assertThat(net.card.wireTcp().connectionCount() + net.card.pciTcp().connectionCount()).isZero();

        proxy.close();
        listener.close();
        net.closeAndCheckNoLeaks();
    }

    @Test
    void aHalfClosedRelayWhoseRemoteVanishedIsResetAfterItsIdleTime() {
        final CardNet net = new CardNet(1306);
        final SpliceProxy proxy = SpliceProxy.on(net.card, PORT);
        final TcpListener listener = net.host.tcp().listenV4(PORT, 8);
        final TcpSocket remote = net.remote.tcp().connectV4(CardNet.IP_CARD, PORT);
        final TcpSocket atHost = Accepts.within(net.scheduler, listener::accept, CardNet.SECOND);
        atHost.close(); // the host is done: its FIN goes to the card, the card's to the remote
        net.scheduler.runUntil(net.scheduler.nowNs() + CardNet.SECOND);
        assertThat(remote.isEndOfStream()).isTrue();
        net.link.aToB().partitionFor(Long.MAX_VALUE / 4); // the remote's RST never arrives
        remote.abort();

        net.scheduler.runUntil(net.scheduler.nowNs() + SpliceProxy.HALF_CLOSED_IDLE_NS / 2);
        assertThat(proxy.openSplices()).as("idle, but not yet for the idle time").isEqualTo(1);
        net.scheduler.runUntil(net.scheduler.nowNs() + SpliceProxy.HALF_CLOSED_IDLE_NS);
        assertThat(proxy.openSplices()).isZero();
        assertThat(proxy.snapshot().get("splice_idle_resets")).isEqualTo(1);

        net.link.heal();
        proxy.close();
        listener.close();
        net.closeAndCheckNoLeaks();
    }

    @Test
    void anOperatorsRejectRuleOnTheCardTurnsTheRemoteAway() {
        final CardNet net = new CardNet(1302);
        final SpliceProxy proxy = SpliceProxy.on(net.card, PORT);
        final TcpListener listener = net.host.tcp().listenV4(PORT, 8);
        net.card.filter().execute("-A INPUT -s 10.0.0.1 -p tcp --dport 5001 -j REJECT --reject-with tcp-reset");

        final TcpSocket s = net.remote.tcp().connectV4(CardNet.IP_CARD, PORT);
        net.scheduler.runUntil(net.scheduler.nowNs() + CardNet.SECOND / 10);

        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(net.card.wireIp().counters().drops(IpDrop.FILTER_INPUT)).isEqualTo(1);
        assertThat(net.card.wireIp().counters().rejectsSent()).isEqualTo(1);
        assertThat(proxy.snapshot().get("splice_accepted")).isZero();
        assertThat(net.host.ip().counters().received()).as("nothing reached the host").isZero();

        proxy.close();
        listener.close();
        net.closeAndCheckNoLeaks();
    }

    @Test
    void inRoutingModeTheHostEndsTcpItselfAndSeesTheWiresSegments() {
        final CardNet net = new CardNet(1303);
        net.card.routing(true);
        final TcpListener listener = net.host.tcp().listenV4(PORT, 8);
        final Relay relay = relay(net, net.card.config().hostPciIpv4(), listener, SIZE, 0);

        relay.assertWholeAndAnswered();
        final TcpSocket atHost = (TcpSocket) relay.receiver.socket;
        assertThat(atHost.remoteLow()).as("end to end: the host's peer is the remote")
            .isEqualTo(CardNet.IP_REMOTE & 0xFFFF_FFFFL);
        assertThat(net.card.router().forwardedToHost()).isPositive();
        assertThat(net.card.router().forwardedToWire()).isPositive();
        assertThat(net.card.wireTcp().segmentsIn()).as("the card's own TCP sees none of it").isZero();
        assertThat(net.host.ip().counters().received()).as("the host sees the wire's segments")
            .isGreaterThanOrEqualTo(SIZE / net.remote.config().tcp().mssBytes());

        listener.close();
        net.closeAndCheckNoLeaks();
    }

    @Test
    void inRoutingModeTheOperatorsRulesApplyToForwardedPackets() {
        final CardNet net = new CardNet(1304);
        net.card.routing(true);
        final TcpListener listener = net.host.tcp().listenV4(PORT, 8);
        net.card.filter().execute("-A PREROUTING -p tcp --dport 5001 -j DROP");

        final TcpSocket s = net.remote.tcp().connectV4(net.card.config().hostPciIpv4(), PORT);
        net.scheduler.runUntil(net.scheduler.nowNs() + 5 * CardNet.SECOND);

        assertThat(s.state()).as("every SYN dropped on the card").isEqualTo(TcpState.SYN_SENT);
        assertThat(net.card.router().dropFilter()).as("the SYN and its retransmissions").isGreaterThanOrEqualTo(3);
        assertThat(net.card.router().forwardedToHost()).isZero();
        assertThat(listener.accept()).isNull();
        assertThat(net.host.ip().counters().received()).isZero();

        s.abort();
        listener.close();
        net.closeAndCheckNoLeaks();
    }

    /** A stream from the remote to {@code address}:PORT and the host's reply, as it ended. */
    private record Relay(boolean done, byte[] data, CardNet.Sender sender, CardNet.Receiver receiver) {
        void assertWholeAndAnswered() {
            assertThat(done).as("the transfer and the reply finish").isTrue();
            assertThat(receiver.sha256).isEqualTo(CardNet.sha256(data, data.length));
            assertThat(sender.reply()).isEqualTo("got " + data.length);
        }
    }

    /**
     * The remote sends {@code size} bytes of the seed's stream to {@code address}:PORT; the host
     * accepts on {@code listener} and reads from {@code readFromNs} of virtual time on (0: at once),
     * for at most 30 seconds.
     */
    private static Relay relay(CardNet net, int address, TcpListener listener, int size, long readFromNs) {
        final byte[] data = CardNet.stream(net.seed, size);
        final CardNet.Sender sender = new CardNet.Sender(net.remote.tcp().connectV4(address, PORT), data);
        final CardNet.Receiver receiver = new CardNet.Receiver(listener::accept);
        final boolean done = net.runUntil(() -> sender.done, () -> {
            sender.run();
            if (net.scheduler.nowNs() >= readFromNs) {
                receiver.run();
            }
        }, 30 * CardNet.SECOND);
        return new Relay(done, data, sender, receiver);
    }
}
