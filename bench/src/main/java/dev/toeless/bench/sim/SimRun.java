package dev.toeless.bench.sim;

import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.stack.cardnode.CardNode;
import dev.toeless.stack.cardnode.CardNodeConfig;
import dev.toeless.stack.cardnode.SpliceProxy;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.OffloadNic;
import dev.toeless.stack.host.PciPort;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.route.Route;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.toe.ToeSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * One seed of the simulator: two {@link Host}s on one {@link Link}, the connections of a
 * {@link SimScenario} opened from a to b, data moving both ways through faults, and the
 * {@link SimInvariants} checked after every scheduler event. When the fault phase ends the link
 * heals and every transfer must finish within {@link #LIVENESS_BOUND_NS}; then every socket is
 * closed, every timer runs out, and neither host may hold a page.
 *
 * <p>On a {@code toe} seed host b runs a TOE card ({@link CardFaults}): the server side of each
 * connection is on the card's TCP (checked by the same invariants, through
 * {@link ToeSocket#engine()}), on the host stack when the card fell back or uploaded it, or
 * refused. A refused connection, and one a card reset lost, is given up by the simulated
 * applications; a lost one must have been told to host b (its socket failed), never lost silently.
 *
 * <p>On a {@code toe+ddp} seed host b's card runs DDP on every connection ({@link ToeDdpTraffic}:
 * a's bytes WRITTEN into a region of b's, b's SENT into a's posted buffers) with a {@code toe}
 * seed's card faults (but the full card always refuses); each connection has a port of its own,
 * whose protection domain is its own.
 *
 * <p>On a {@code card-node} seed host b sits behind a card node ({@link CardNodeSetup}) whose wire
 * port is on the link: each connection has a port of its own, so host b's accepted socket names its
 * connection even when the card's splice proxy opened it. In proxy mode the same rules hold on each
 * of the two TCP connections (client with the card's wire socket, the card's PCI socket with host
 * b's); after closing and draining the proxy holds no relay and the card no connection, and the
 * card's memory, like the hosts', has every page back.
 */
public final class SimRun {
    /** After the link heals, every transfer must finish within this much virtual time. */
    public static final long LIVENESS_BOUND_NS = 120 * SimScenario.SECOND;
    private static final int PORT_V4 = 7000;
    private static final int PORT_V6 = 7001;
    /** A card-node seed's connection i goes to this port plus i. */
    private static final int CARD_NODE_PORT = 7100;
    private static final long DRAIN_EVENTS = 2_000_000;

    private final SimScenario scenario;
    private final DeliveryHook hook;
    private final EventScheduler scheduler;
    private final Link link;
    private final Host a;
    private final Host b;
    /** Host b's card node on a {@code card-node} seed, else null; its splice proxies in proxy mode. */
    private final CardNode cardNode;
    private final List<SpliceProxy> proxies = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    /** The proxy's two sockets of each connection on a proxy-mode card-node seed, else null. */
    private final SimInvariants.Relay relay;
    private final List<SimStream> streams = new ArrayList<>();
    private final List<TcpSocket> clients = new ArrayList<>();
    private final StreamSocket[] servers;
    /** Connections a card reset took: their sockets on host b must say so. */
    private final List<Integer> lostToReset = new ArrayList<>();
    private final SimInvariants invariants;
    /** The DDP transfers of a {@code toe+ddp} seed, else null. */
    private final ToeDdpTraffic ddp;
    private long readBudgetBytes;
    private EventScheduler.Timer readerTick;
    private String failure;

    public SimRun(SimScenario scenario, DeliveryHook hook) {
        this.scenario = scenario;
        this.hook = hook;
        final LinkConfig linkConfig = LinkConfig.ethernet(scenario.bitsPerSecond())
            .withPropagationDelayNs(scenario.propagationDelayNs());
        final Testbed.Builder testbed = Testbed.builder(scenario.seed()).link(linkConfig).a(this::host);
        final CardNodeSetup setup = scenario.cardNode();
        if (setup != null) {
            // routing: host b ends TCP with host a across the faults, with the seed's settings
            testbed.cardNode(setup.config(Testbed.MAC_B, Testbed.IP_B, scenario.tcp()), setup.routing())
                .b(c -> setup.routing() ? c.withMemory(4096, 2048, 256).withTcp(scenario.tcp())
                    : c.withMemory(4096, 2048, 256));
        } else if (scenario.card() != null) {
            // a toe host's card NIC path keeps a ring of receive pages: its pool has room for the card's too
            testbed.b(c -> host(c).withMemory(4096, 2048, 256).withToe(scenario.card().config()));
        } else {
            testbed.b(this::host);
        }
        final Testbed bed = testbed.build();
        this.scheduler = bed.scheduler();
        this.link = bed.link();
        this.a = bed.a();
        this.b = bed.b();
        this.cardNode = bed.cardNode();
        this.servers = new StreamSocket[scenario.connections().size()];
        if (setup != null && setup.routing()) {
            a.routes().add(Route.viaV4(Prefix.v4(cardNode.config().hostPciIpv4(), CardNodeConfig.PCI_PREFIX_LENGTH),
                Testbed.IP_B, linkConfig.mtuBytes(), 0));
        }
        this.relay = setup == null || setup.routing() ? null : new SimInvariants.Relay() {
            @Override
            public TcpConnection front(int i) {
                final TcpSocket s = cardNode.wireTcp().findV4(Testbed.IP_B, CARD_NODE_PORT + i, Testbed.IP_A,
                    clients.get(i).localPort());
                return s == null ? null : s.connection();
            }

            @Override
            public TcpConnection back(int i) {
                if (!(servers[i] instanceof TcpSocket server)) {
                    return null;
                }
                final TcpSocket s = cardNode.pciTcp().findV4(cardNode.config().cardPciIpv4(), server.remotePort(),
                    cardNode.config().hostPciIpv4(), CARD_NODE_PORT + i);
                return s == null ? null : s.connection();
            }
        };
        this.invariants = new SimInvariants(clients, servers, relay);
        this.ddp = setup != null || scenario.ddp() == null ? null : new ToeDdpTraffic(scenario.ddp(), a, b,
            ((ToeCard) b.attachment()).driver().card().ddp(), clients, servers);
    }

    /** A host of the seed: small memory, the seed's TCP. */
    private HostConfig host(HostConfig config) {
        return config.withMemory(1024, 256, 256).withTcp(scenario.tcp());
    }

    /** Runs the seed to its end and says how it went. Never throws for what the model does. */
    public SeedResult run() {
        long moved = 0;
        try {
            failure = execute();
        } catch (RuntimeException | AssertionError e) {
            failure = "exception at " + scheduler.nowNs() / 1000 + " us: " + e;
        }
        for (SimStream s : streams) {
            moved += s.received();
        }
        if (ddp != null) {
            moved += ddp.bytesMoved();
        }
        final String what = failure == null ? null
            : failure + "\nscenario of seed " + scenario.seed() + ": " + scenario.describe();
        return new SeedResult(scenario.seed(), failure == null, what, scheduler.nowNs(), moved, scheduler.executed());
    }

    private String execute() {
        if (ddp != null) {
            for (int i = 0; i < scenario.connections().size(); i++) {
                final int port = ToeDdpTraffic.port(i);
                listeners.add(scenario.connections().get(i).ipv6() ? b.listenV6(port, 16) : b.listenV4(port, 16));
                ddp.listen(i);
            }
        } else if (cardNode == null) {
            listeners.add(b.listenV4(PORT_V4, 16));
            listeners.add(b.listenV6(PORT_V6, 16));
        } else {
            for (int i = 0; i < scenario.connections().size(); i++) {
                listeners.add(b.listenV4(CARD_NODE_PORT + i, 16));
                if (!scenario.cardNode().routing()) {
                    proxies.add(SpliceProxy.on(cardNode, CARD_NODE_PORT + i));
                }
            }
        }
        openConnections();
        scheduleFaults();
        final long deadlineNs = scenario.faultPhaseNs() + LIVENESS_BOUND_NS;
        String broken = step();
        while (broken == null && !allDone()) {
            if (scheduler.nextDeadlineNs() > deadlineNs) {
                return "liveness: transfers not finished " + LIVENESS_BOUND_NS / SimScenario.SECOND
                    + " s after the link healed: " + progress();
            }
            scheduler.runNext();
            broken = step();
        }
        if (broken != null) {
            return broken + progress();
        }
        return closeAndDrain();
    }

    /** Every client connects at time 0; its streams wait for the server side until it is accepted. */
    private void openConnections() {
        final SimRandom data = new SimRandom(scenario.seed()).fork("data");
        final int bufferBytes = 16 * 1024;
        for (int i = 0; i < scenario.connections().size(); i++) {
            final SimScenario.Connection c = scenario.connections().get(i);
            final SimStream up = new SimStream("conn" + i + " a>b", bytes(data, c.aToBBytes()), bufferBytes, hook);
            final SimStream down = new SimStream("conn" + i + " b>a", bytes(data, c.bToABytes()), bufferBytes, hook);
            final TcpSocket client = cardNode != null
                ? a.tcp().connectV4(scenario.cardNode().routing() ? cardNode.config().hostPciIpv4() : Testbed.IP_B,
                    CARD_NODE_PORT + i)
                : c.ipv6() ? a.tcp().connectV6(Testbed.IP6_B.high(), Testbed.IP6_B.low(), serverPort(i))
                : a.tcp().connectV4(Testbed.IP_B, serverPort(i));
            clients.add(client);
            if (ddp != null) {
                ddp.open(i, up.data(), down.data(), scenario.seed());
                up.detach();
                down.detach();
            } else {
                up.sender(client);
                down.receiver(client);
            }
            streams.add(up);
            streams.add(down);
            if (c.aborts()) {
                final int index = i;
                scheduler.at(c.abortAtNs(), () -> abort(index, c.abortByClient()));
            }
        }
    }

    /** Faults and partitions now, healing at the end of the fault phase, and the slow reader's clock. */
    private void scheduleFaults() {
        link.aToB().faults(scenario.aToB());
        link.bToA().faults(scenario.bToA());
        for (SimScenario.Partition p : scenario.partitions()) {
            scheduler.at(p.startNs(), () -> (p.aToB() ? link.aToB() : link.bToA()).partitionFor(p.lengthNs()));
        }
        scheduler.at(scenario.faultPhaseNs(), link::heal);
        if (scenario.card() != null && scenario.card().resets()) {
            scheduler.at(scenario.card().resetAtNs(), this::cardReset);
        }
        if (scenario.readIntervalNs() > 0) {
            readerTick = scheduler.after(scenario.readIntervalNs(), this::onReaderTick);
        } else {
            readBudgetBytes = Long.MAX_VALUE;
        }
    }

    /** Host b's port for connection i (on a toe or host-stack seed; a card-node seed's are its own). */
    private int serverPort(int i) {
        return ddp != null ? ToeDdpTraffic.port(i) : scenario.connections().get(i).ipv6() ? PORT_V6 : PORT_V4;
    }

    private static byte[] bytes(SimRandom random, int length) {
        final byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** One side aborts; both streams stop counting for liveness, and the other side's reads stay checked. */
    private void abort(int index, boolean byClient) {
        final StreamSocket s = byClient ? clients.get(index) : servers[index];
        if (s == null) {
            clients.get(index).abort();
        } else {
            s.abort();
        }
        streams.get(2 * index).abort();
        streams.get(2 * index + 1).abort();
        if (ddp != null) {
            ddp.abort(index);
        }
    }

    /**
     * The card resets: every connection on it is lost. The applications give up each one whose
     * client is established and whose server side was on the card (accepted, or not yet accepted
     * but held by the card's TCP; one the card passed up to host b's stack is not the card's to
     * lose); the check at the end wants every such server socket failed.
     */
    private void cardReset() {
        final boolean[] onHost = new boolean[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            onHost[i] = servers[i] == null && hostStackHolds(i);
        }
        ((ToeCard) b.attachment()).driver().card().reset();
        for (int i = 0; i < clients.size(); i++) {
            final boolean onCard = servers[i] == null ? !onHost[i]
                : servers[i] instanceof ToeSocket t && !t.isUploaded() && t.engine() != null;
            if (clients.get(i).isEstablished() && onCard) {
                lostToReset.add(i);
                streams.get(2 * i).abort();
                streams.get(2 * i + 1).abort();
                if (ddp != null) {
                    ddp.lostToReset(i);
                }
            }
        }
    }

    /** Whether host b's own stack holds the server side of {@code client}'s connection (fallen back, not yet accepted). */
    private boolean hostStackHolds(int i) {
        final TcpSocket client = clients.get(i);
        return (client.isIpv6()
            ? b.tcp().findV6(Testbed.IP6_B.high(), Testbed.IP6_B.low(), serverPort(i), Testbed.IP6_A.high(),
                Testbed.IP6_A.low(), client.localPort())
            : b.tcp().findV4(Testbed.IP_B, serverPort(i), Testbed.IP_A, client.localPort())) != null;
    }

    /**
     * Connections the card could not keep, given up by their applications once told: a client whose
     * SYN the full card refused, or that host b reset because a card reset lost the connection before
     * it was accepted; a server socket failed by a card reset.
     */
    private void giveUpLost() {
        for (int i = 0; i < clients.size(); i++) {
            final CloseReason client = clients.get(i).closeReason();
            final boolean clientTold = servers[i] == null && (client == CloseReason.REFUSED || client == CloseReason.RESET);
            final boolean serverTold = servers[i] instanceof ToeSocket t && t.isFailed();
            if (clientTold || serverTold) {
                streams.get(2 * i).abort();
                streams.get(2 * i + 1).abort();
            }
        }
    }

    /** The engine running a server socket: the host stack's, or a TOE card's; null when none. */
    static TcpConnection engine(StreamSocket s) {
        return switch (s) {
            case null -> null;
            case TcpSocket t -> t.connection();
            case ToeSocket t -> t.engine();
            default -> null;
        };
    }

    /** Whether a socket's connection was reset (by the peer, or by a card reset). */
    static boolean wasReset(StreamSocket s) {
        return s instanceof TcpSocket tcp ? tcp.closeReason() == CloseReason.RESET
            : s instanceof ToeSocket t && t.wasReset();
    }

    private void onReaderTick() {
        readBudgetBytes = Math.min(readBudgetBytes + scenario.readChunkBytes(), 4L * scenario.readChunkBytes());
        readerTick = allDone() ? null : scheduler.after(scenario.readIntervalNs(), this::onReaderTick);
    }

    /** The application's turn after one event: accept, write, read, then check every invariant. */
    private String step() {
        for (int i = 0; i < listeners.size(); i++) {
            acceptAll(listeners.get(i), cardNode == null ? -1 : i);
        }
        if (scenario.card() != null) {
            giveUpLost();
        }
        if (ddp != null) {
            final String broken = ddp.step();
            if (broken != null) {
                return broken;
            }
        }
        for (SimStream s : streams) {
            s.write();
        }
        for (SimStream s : streams) {
            final long n = s.read(readBudgetBytes);
            if (readBudgetBytes != Long.MAX_VALUE) {
                readBudgetBytes -= n;
            }
            if (s.violation() != null) {
                return s.violation();
            }
        }
        return invariants.check(scheduler.nowNs());
    }

    /**
     * Accepts what {@code listener} has; {@code portIndex} is the connection a card-node seed's
     * listener is for (-1: the peer's port names it). In routing mode the peer must be that
     * connection's client itself; in proxy mode it is the card.
     */
    private void acceptAll(Listener listener, int portIndex) {
        StreamSocket s;
        while ((s = listener.accept()) != null) {
            final int port = s instanceof ToeSocket t ? t.remotePort() : ((TcpSocket) s).remotePort();
            final boolean ipv6 = s instanceof ToeSocket t ? t.isIpv6() : ((TcpSocket) s).isIpv6();
            final boolean proxied = cardNode != null && !scenario.cardNode().routing();
            final int index = proxied ? portIndex : clientIndex(port, ipv6);
            if (index < 0 || portIndex >= 0 && index != portIndex) {
                failure = "accepted a connection from port " + port + " no client opened";
                s.abort();
                continue;
            }
            if (servers[index] != null) {
                failure = "conn" + index + " accepted twice";
                continue;
            }
            servers[index] = s;
            if (ddp != null) {
                ddp.accepted(index, s);
            } else {
                streams.get(2 * index).receiver(s);
                streams.get(2 * index + 1).sender(s);
            }
        }
    }

    private int clientIndex(int port, boolean ipv6) {
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i).localPort() == port && clients.get(i).isIpv6() == ipv6) {
                return i;
            }
        }
        return -1;
    }

    private boolean allDone() {
        if (failure != null) {
            return true;
        }
        for (SimStream s : streams) {
            if (!s.done()) {
                return false;
            }
        }
        return ddp == null || ddp.done();
    }

    private String closeAndDrain() {
        if (failure != null) {
            return failure;
        }
        if (readerTick != null) {
            readerTick.cancel();
        }
        if (ddp != null) {
            final String broken = ddp.finish();
            if (broken != null) {
                return broken + progress();
            }
        }
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).close();
            if (servers[i] != null) {
                servers[i].close();
            }
        }
        for (Listener l : listeners) {
            l.close();
        }
        scheduler.runAll(DRAIN_EVENTS);
        if (!scheduler.isIdle()) {
            return "timers still pending after " + DRAIN_EVENTS + " events of draining";
        }
        if (a.tcp().connectionCount() != 0 || b.tcp().connectionCount() != 0) {
            return "connections left after closing and draining: a " + a.tcp().connectionCount() + ", b "
                + b.tcp().connectionCount() + progress();
        }
        if (cardNode != null) {
            final String node = cardNodeAfterDrain();
            if (node != null) {
                return node;
            }
        }
        if (b.attachment() instanceof ToeCard card) {
            final String toe = cardAfterDrain(card);
            if (toe != null) {
                return toe;
            }
            b.close(); // the card's NIC path gives back the pages posted to its rings
        }
        final String leak = leaks();
        return leak != null ? leak : invariants.check(scheduler.nowNs());
    }

    /** The card is empty, every page it was lent is back, and every connection a reset lost was told. */
    private String cardAfterDrain(ToeCard card) {
        for (int i : lostToReset) {
            if (servers[i] instanceof ToeSocket t && !t.isFailed()) {
                return "conn" + i + " was lost to a card reset but its socket on host b was never told: " + t;
            }
        }
        if (card.driver().card().connections() != 0) {
            return "card connections left after closing and draining: " + card.driver().card().connections();
        }
        if (card.driver().pagesLent() != 0) {
            return "pages still lent to the card after draining: " + card.driver().pagesLent();
        }
        try {
            card.driver().card().assertNoLeaks();
            return null;
        } catch (AssertionError | IllegalStateException e) {
            return "card page leak: " + e.getMessage();
        }
    }

    /**
     * Every relay of the proxy ended on its own and the card holds no connection; then the proxies
     * stop listening, both devices shut down, and every page of the card's memory is back.
     */
    private String cardNodeAfterDrain() {
        for (int i = 0; i < proxies.size(); i++) {
            if (proxies.get(i).openSplices() != 0) {
                return "conn" + i + ": the splice proxy still relays after closing and draining: "
                    + proxies.get(i).snapshot() + progress();
            }
        }
        for (SpliceProxy p : proxies) {
            p.close();
        }
        scheduler.runAll(DRAIN_EVENTS);
        if (cardNode.wireTcp().connectionCount() != 0 || cardNode.pciTcp().connectionCount() != 0) {
            return "card node connections left after closing and draining: wire " + cardNode.wireTcp().connectionCount()
                + ", pci " + cardNode.pciTcp().connectionCount();
        }
        b.close();
        cardNode.close();
        try {
            cardNode.assertNoLeaks();
            return null;
        } catch (AssertionError | IllegalStateException e) {
            return "card node page leak: " + e.getMessage();
        }
    }

    /**
     * Shuts both hosts' devices down (the buffers each driver posted to its NIC's rings are the
     * driver's until then, and come back) and checks that every page of both hosts is home.
     */
    private String leaks() {
        a.close();
        b.close();
        try {
            a.memory().assertNoLeaks();
            b.memory().assertNoLeaks();
            return null;
        } catch (AssertionError | IllegalStateException e) {
            return "page leak: " + e.getMessage();
        }
    }

    private static String hostCounters(Host h) {
        return h.ip().counters() + " tcp in " + h.tcp().segmentsIn() + " resets sent " + h.tcp().resetsSent()
            + " memory drops " + h.tcp().memoryDrops() + switch (h.attachment()) {
                case OffloadNic offload -> " driver " + offload.driver().counters();
                case ToeCard card -> " toe " + card.counterSnapshot();
                case PciPort pci -> " pci " + pci.counterSnapshot();
            };
    }

    /** Host b's attachment counters (a TOE card's {@code toe_*} among them), after {@link #run()}. */
    CounterSnapshot hostBCounters() {
        return b.attachment().counterSnapshot();
    }

    /** The card node's counters and its proxies' ({@code splice_*}, summed), after {@link #run()}; null without one. */
    CounterSnapshot cardNodeCounters() {
        if (cardNode == null) {
            return null;
        }
        return proxies.isEmpty() ? cardNode.counterSnapshot()
            : cardNode.counterSnapshot().and(CounterSnapshot.sum(proxies));
    }

    private static String serverState(StreamSocket s) {
        final TcpConnection c = engine(s);
        return s + (c == null ? " (no engine)" : " " + c + " " + c.counters());
    }

    private String progress() {
        final StringBuilder sb = new StringBuilder();
        for (SimStream s : streams) {
            sb.append("\n  ").append(s.progress());
        }
        for (int i = 0; i < clients.size(); i++) {
            sb.append("\n  conn").append(i).append(" client ").append(clients.get(i).connection()).append(' ')
                .append(clients.get(i).closeReason()).append(' ').append(clients.get(i).connection().counters())
                .append("\n  conn").append(i).append(" server ")
                .append(servers[i] == null ? "not accepted" : serverState(servers[i]));
            if (ddp != null) {
                sb.append("\n  ").append(ddp.progress(i));
            }
            if (relay != null) {
                sb.append("\n  conn").append(i).append(" relay front ").append(relay.front(i)).append(" back ")
                    .append(relay.back(i));
            }
        }
        sb.append("\n  a ").append(hostCounters(a)).append("\n  b ").append(hostCounters(b));
        if (cardNode != null) {
            sb.append("\n  card node wire tcp in ").append(cardNode.wireTcp().segmentsIn()).append(" pci tcp in ")
                .append(cardNode.pciTcp().segmentsIn()).append(' ').append(cardNodeCounters());
        }
        return sb.toString();
    }
}
