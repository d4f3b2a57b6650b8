package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.card.ddp.DdpCardConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Accepts;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.toe.ToeFirmware;

import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts on one modeled link (the stateless-offload NIC on both), a TCP connection from a to b,
 * and a DDP stream at each end with a DDP card of its own: a (initiator) writes into b's
 * (responder) regions. Protection domain 1 on both streams unless a test says otherwise.
 *
 * <p>{@link #onCard} puts b's end on a TOE card: b's connection runs on the card's TCP, its stream
 * in the card's firmware ({@code CardDdp}), polled by the card whenever the connection has news
 * (never by the test), and {@link #cardB} is that card's region table and placement DMA.
 */
public final class DdpPair {
    public static final int IP_A = Prefix.parseV4("10.0.0.1");
    public static final int IP_B = Prefix.parseV4("10.0.0.2");
    public static final int PORT = 4791;
    public static final int PD = 1;
    public static final long SECOND = 1_000_000_000L;

    public final EventScheduler scheduler = new EventScheduler();
    public final Link link;
    public final Host a;
    public final Host b;
    public final DdpCard cardA;
    public final DdpCard cardB;
    public final PagePool messagesA;
    public final PagePool messagesB;
    public final Listener listener;
    public final TcpSocket client;
    /** b's end of the connection on host TCP; null when b's end is on a TOE card. */
    public final TcpSocket server;
    /** b's end of the connection: {@link #server}, or the TOE card's socket. */
    public final StreamSocket serverSocket;
    /** b's TOE card, or null. */
    public final ToeFirmware toeB;
    public final DdpStream initiator;
    public final DdpStream responder;

    public DdpPair(long seed) {
        this(seed, DdpCardConfig.DEFAULT, DdpStream.DEFAULT_SEGMENT_PAYLOAD);
    }

    public DdpPair(long seed, DdpCardConfig cardConfig, int segmentPayload) {
        this(seed, cardConfig, segmentPayload, false);
    }

    /** With {@code rawInitiator} host a has no DDP stream: the test speaks raw bytes on {@link #client}. */
    public DdpPair(long seed, DdpCardConfig cardConfig, int segmentPayload, boolean rawInitiator) {
        this(seed, cardConfig, segmentPayload, rawInitiator, false);
    }

    /** With {@code rawResponder} host b has no DDP stream: the test speaks raw bytes on {@link #server}. */
    public DdpPair(long seed, DdpCardConfig cardConfig, int segmentPayload, boolean rawInitiator,
                   boolean rawResponder) {
        this(seed, cardConfig, segmentPayload, rawInitiator, rawResponder, false);
    }

    /** b's end on a TOE card (its default configuration and DDP card), a's on host TCP. */
    public static DdpPair onCard(long seed) {
        return new DdpPair(seed, DdpCardConfig.DEFAULT, DdpStream.DEFAULT_SEGMENT_PAYLOAD, false, false, true);
    }

    private DdpPair(long seed, DdpCardConfig cardConfig, int segmentPayload, boolean rawInitiator,
                    boolean rawResponder, boolean responderOnCard) {
        final SimRandom random = new SimRandom(seed);
        this.link = new Link("wire", scheduler, random, LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(20_000));
        this.a = new Host(config("a", 1, IP_A, "fd00::1"), scheduler, random).plugInto(link.a());
        final HostConfig bConfig = config("b", 2, IP_B, "fd00::2");
        this.b = new Host(responderOnCard ? bConfig.withToe(ToeConfig.defaults()) : bConfig, scheduler, random)
            .plugInto(link.b());
        this.toeB = responderOnCard ? ((ToeCard) b.attachment()).driver().card() : null;
        this.cardA = new DdpCard(a.memory(), cardConfig);
        this.cardB = responderOnCard ? toeB.ddp().hardware() : new DdpCard(b.memory(), cardConfig);
        this.messagesA = new PagePool(a.memory(), "a.ddp", 256);
        this.messagesB = new PagePool(b.memory(), "b.ddp", 256);
        this.listener = responderOnCard ? b.listenV4(PORT, 4) : b.tcp().listenV4(PORT, 4);
        this.client = a.tcp().connectV4(IP_B, PORT);
        this.serverSocket = Accepts.within(scheduler, listener::accept, 5 * SECOND);
        assertThat(serverSocket).as("accepted").isNotNull();
        this.server = responderOnCard ? null : (TcpSocket) serverSocket;
        this.initiator = rawInitiator ? null : new DdpStream(new SocketByteStream(client), cardA, a.cpu(), messagesA,
            DdpStream.Role.INITIATOR, PD, segmentPayload);
        this.responder = rawResponder ? null : responderOnCard
            ? toeB.ddp().start(serverSocket, DdpStream.Role.RESPONDER, PD)
            : new DdpStream(new SocketByteStream(server), cardB, b.cpu(), messagesB, DdpStream.Role.RESPONDER, PD,
                segmentPayload);
        if (!rawInitiator && !rawResponder) {
            assertThat(run(() -> initiator.isRunning() && responder.isRunning(), 5 * SECOND))
                .as("MPA negotiated: %s / %s", initiator, responder).isTrue();
        }
    }

    private static HostConfig config(String name, long mac, int ip, String ip6) {
        return HostConfig.of(name, 0x02_00_00_00_00_00L | mac, ip, Ipv6Address.parse(ip6))
            .withMemory(8192, 2048, 1024).withNic(DriverMode.STATELESS);
    }

    /** Runs events, polling both streams after each, until {@code done} or {@code limitNs} of virtual time. */
    public boolean run(BooleanSupplier done, long limitNs) {
        return runUntil(done, () -> {
            if (initiator != null) {
                initiator.poll();
            }
            if (responder != null && toeB == null) {
                responder.poll(); // a card's stream is polled by the card
            }
        }, limitNs);
    }

    public boolean runUntil(BooleanSupplier done, Runnable step, long limitNs) {
        return scheduler.runUntil(done, step, limitNs);
    }

    /** Runs until nothing is left to do for {@code limitNs} (every queued FPDU delivered and processed). */
    public void settle(long limitNs) {
        run(() -> false, limitNs);
    }

    /** Closes both streams and sockets, lets every timer run out, and checks every page of both hosts is home. */
    public void closeAndCheckNoLeaks(Runnable... releases) {
        if (initiator != null) {
            initiator.close();
        }
        if (responder != null && toeB == null) {
            responder.close(); // a card's stream goes when its connection leaves the card
        }
        client.close();
        serverSocket.close();
        listener.close();
        for (Runnable r : releases) {
            r.run();
        }
        scheduler.runAll(10_000_000);
        messagesA.close();
        messagesB.close();
        a.close();
        b.close();
        a.memory().assertNoLeaks();
        b.memory().assertNoLeaks();
        if (toeB != null) {
            toeB.assertNoLeaks();
        }
    }
}
