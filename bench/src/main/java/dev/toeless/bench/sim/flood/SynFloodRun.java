package dev.toeless.bench.sim.flood;

import dev.toeless.bench.report.LatencySummary;
import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpOptionsView;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpState;
import dev.toeless.stack.toe.ToeConfig;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One SYN-flood run: a client host and an attacker share one side of a 1 Gbit/s link, the
 * {@link FloodedServer} is on the other. The client opens legitimate connections at the
 * scenario's rate; the attacker sends SYNs from random addresses in 198.18.0.0/15 (RFC 2544's
 * benchmarking range) and random ports at the flood rate, and never answers the SYN-ACKs, which
 * the server routes to the client host (its gateway), whose IP layer drops them. After the
 * attack every legitimate connection is given its timeout to finish, then every timer runs out
 * and the server must hold no page. Everything is virtual time from the scenario's seed.
 */
public final class SynFloodRun {
    static final int CLIENT_IP = Testbed.IP_A;
    static final int SERVER_IP = Testbed.IP_B;
    static final int PORT = 80;
    private static final long ATTACKER_MAC = 0x02_00_00_00_00_66L;
    private static final int SPOOF_BASE = Prefix.parseV4("198.18.0.0");
    private static final long DRAIN_EVENTS = 50_000_000;

    private final SynFloodScenario scenario;
    private final EventScheduler scheduler;
    private final SimRandom arrivals;
    private final SimRandom spoof;
    private final Link link;
    private final Host client;
    private final FloodedServer server;
    private final List<Attempt> active = new ArrayList<>();
    private final Histogram connectNs = LatencySummary.histogram();
    private final byte[] request;
    private final byte[] scratch = new byte[4096];
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[128]);
    private long attempted;
    private long spoofed;
    private int peakHalfOpen;
    private int peakSockets;
    private long peakSocketMemory;
    private long peakPages;
    /** Pages the server holds at rest, before any traffic: its driver's buffers posted to the NIC's rings. */
    private final long restPages;
    private long queueFullAtNs = -1;

    /** One legitimate connection. */
    private static final class Attempt {
        final TcpSocket socket;
        final long startNs;
        int requestWritten;
        int responseRead;

        Attempt(TcpSocket socket, long startNs) {
            this.socket = socket;
            this.startNs = startNs;
        }
    }

    /** A run against the host stack. */
    public static SynFloodRun againstHost(SynFloodScenario scenario) {
        return new SynFloodRun(scenario, SynFloodRun::serverConfig, HostFloodedServer::new);
    }

    /**
     * A run against a TOE card ({@code card}, its full-card policy included) with the host stack
     * behind it taking what the card passes up.
     */
    public static SynFloodRun againstToe(SynFloodScenario scenario, ToeConfig card) {
        return new SynFloodRun(scenario, c -> serverConfig(c).withToe(card),
            host -> new ToeFloodedServer("toe " + card.policy().label(), host));
    }

    /** The server: 64 MiB of memory, a quarter of it for receiving and a quarter for sending. */
    private static HostConfig serverConfig(HostConfig config) {
        return config.withMemory(16_384, 4_096, 4_096);
    }

    /**
     * @param serverConfig what the server host is built from (at the testbed's host b)
     * @param underAttack  the server under attack around that host
     */
    SynFloodRun(SynFloodScenario scenario, UnaryOperator<HostConfig> serverConfig,
                Function<Host, FloodedServer> underAttack) {
        this.scenario = scenario;
        final Testbed bed = Testbed.builder(scenario.seed()).names("client", "server").ipv4Only()
            .link(LinkConfig.ethernet(1_000_000_000L).withPropagationDelayNs(50_000)).b(serverConfig).build();
        this.scheduler = bed.scheduler();
        this.arrivals = bed.random().fork("arrivals");
        this.spoof = bed.random().fork("spoof");
        this.link = bed.link();
        this.client = bed.a();
        this.server = underAttack.apply(bed.b());
        server.defaultRouteVia(CLIENT_IP);
        server.listen(PORT, scenario.backlog(), scenario.synCookies(), scenario.requestBytes(), scenario.responseBytes());
        this.restPages = server.memory().pagesInUse();
        this.request = new byte[scenario.requestBytes()];
        Arrays.fill(request, (byte) 'r');
    }

    public SynFloodResult run() {
        scheduler.at(nextGap(arrivals, scenario.legitPerSecond()), this::openLegit);
        if (scenario.floodFactor() > 0) {
            scheduler.at(nextGap(spoof, scenario.spoofedPerSecond()), this::sendSpoofedSyn);
        }
        final long endNs = scenario.attackNs() + scenario.clientTimeoutNs();
        while (scheduler.nowNs() <= endNs && !scheduler.isIdle()) {
            scheduler.runNext();
            step();
        }
        final ListenerMemory atEnd = server.memory();
        for (Attempt a : active) {
            a.socket.abort();
        }
        active.clear();
        scheduler.runAll(DRAIN_EVENTS);
        server.serve();
        final java.util.Map<String, Long> counters = server.counters();
        final String leak = server.shutDown();
        final LatencySummary times = LatencySummary.of(connectNs);
        return new SynFloodResult(scenario, server.name(), attempted, times.count(), spoofed, peakHalfOpen, peakSockets,
            peakSocketMemory, peakPages, atEnd, times, leak,
            scheduler.nowNs(), scheduler.executed(), queueFullAtNs, counters);
    }

    /** After every event: the server's application, the clients', and the memory peaks. */
    private void step() {
        server.serve();
        final long now = scheduler.nowNs();
        for (Iterator<Attempt> it = active.iterator(); it.hasNext(); ) {
            final Attempt a = it.next();
            if (advance(a, now)) {
                it.remove();
            }
        }
        final ListenerMemory m = server.memory();
        peakHalfOpen = Math.max(peakHalfOpen, m.halfOpen());
        peakSockets = Math.max(peakSockets, m.sockets());
        peakSocketMemory = Math.max(peakSocketMemory, m.socketMemoryBytes());
        peakPages = Math.max(peakPages, m.pagesInUse() - restPages);
        if (queueFullAtNs < 0 && now <= scenario.attackNs() && server.synQueueFull()) {
            queueFullAtNs = now;
        }
    }

    /** Moves one legitimate exchange on; true when it is over (succeeded or failed). */
    private boolean advance(Attempt a, long now) {
        if (now - a.startNs > scenario.clientTimeoutNs() || a.socket.state() == TcpState.CLOSED) {
            a.socket.abort();
            return true;
        }
        if (!a.socket.isEstablished()) {
            return false;
        }
        if (a.requestWritten < request.length) {
            a.requestWritten += a.socket.write(request, a.requestWritten, request.length - a.requestWritten);
        }
        int n;
        while ((n = a.socket.read(scratch, 0, scratch.length)) > 0) {
            a.responseRead += n;
        }
        if (a.responseRead >= scenario.responseBytes()) {
            connectNs.recordValue(now - a.startNs);
            a.socket.close();
            return true;
        }
        return false;
    }

    private void openLegit() {
        final long now = scheduler.nowNs();
        if (now >= scenario.attackNs()) {
            return;
        }
        attempted++;
        final Attempt a = new Attempt(client.tcp().connectV4(SERVER_IP, PORT), now);
        active.add(a);
        // an event at the client's timeout, so it gives up then even when nothing else happens
        scheduler.at(now + scenario.clientTimeoutNs() + 1, () -> { });
        scheduler.at(now + nextGap(arrivals, scenario.legitPerSecond()), this::openLegit);
    }

    private void sendSpoofedSyn() {
        final long now = scheduler.nowNs();
        if (now >= scenario.attackNs()) {
            return;
        }
        spoofed++;
        final int source = SPOOF_BASE | spoof.nextInt(1 << 17);
        final int port = 1024 + spoof.nextInt(65536 - 1024);
        final TcpOptions options = new TcpOptions(1460, TcpOptionsView.NONE, false, false, 0, 0, List.of());
        final TcpRepr syn = new TcpRepr(port, PORT, spoof.nextLong() & 0xFFFF_FFFFL, 0, TcpHeader.SYN, 64_240, 0, options);
        final int n = Frames.tcpV4(frame, 0, server.mac(), ATTACKER_MAC, -1, source, server.ipv4(), syn, new byte[0]);
        link.a().send(frame, 0, n);
        scheduler.at(now + nextGap(spoof, scenario.spoofedPerSecond()), this::sendSpoofedSyn);
    }

    /** An exponential gap for a Poisson process of {@code perSecond}, at least 1 ns. */
    private static long nextGap(SimRandom r, double perSecond) {
        final double u = 1.0 - r.nextDouble();
        return Math.max(1, (long) (-Math.log(u) / perSecond * SynFloodScenario.SECOND));
    }
}
