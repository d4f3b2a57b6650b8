package dev.toeless.bench.debate;

import dev.toeless.bench.demo.CostSetup;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Short connections in a closed loop, HTTP/1.0 style: {@code clients} clients on host A each
 * connect, send a 100-byte request, read a {@code responseBytes} response to its end and open the
 * next; host B (the server, charged by the cost model) accepts, reads the request, writes the
 * response from a buffer and closes. Runs for {@code durationNs} of virtual time and counts the
 * exchanges completed with every byte.
 */
final class ShortConnectionsRun {
    static final int REQUEST_BYTES = 100;
    private static final int PORT = 80;
    private static final int IP_A = Ipv4Address.parse("10.0.0.1");
    private static final int IP_B = Ipv4Address.parse("10.0.0.2");

    record Result(int responseBytes, long completed, long failed, long virtualNs, double connPerSecond,
                  double hostNsPerConn) {
    }

    private final DriverMode mode;
    private final int responseBytes;
    private final int clients;
    private final long durationNs;
    private final long seed;
    private final CostSetup cost;
    private long completed;
    private long failed;

    ShortConnectionsRun(DriverMode mode, int responseBytes, int clients, long durationNs, long seed, CostSetup cost) {
        this.mode = mode;
        this.responseBytes = responseBytes;
        this.clients = clients;
        this.durationNs = durationNs;
        this.seed = seed;
        this.cost = cost;
    }

    /** A client's exchange. */
    private static final class Exchange {
        final TcpSocket socket;
        int written;
        long read;

        Exchange(TcpSocket socket) {
            this.socket = socket;
        }
    }

    /** The server's side of one connection. */
    private static final class Served {
        final TcpSocket socket;
        int requestRead;
        int responseWritten;

        Served(TcpSocket socket) {
            this.socket = socket;
        }
    }

    Result run() {
        final EventScheduler scheduler = new EventScheduler();
        final SimRandom random = new SimRandom(seed);
        final Link link = new Link("wire", scheduler, random, LinkConfig.ethernet(Transfers.TEN_GBIT)
            .withPropagationDelayNs(10_000));
        final Host a = new Host(HostConfig.of("a", 0x02_00_00_00_00_01L, IP_A, null).withNic(mode), scheduler, random)
            .plugInto(link.a());
        final Host b = new Host(HostConfig.of("b", 0x02_00_00_00_00_02L, IP_B, null).withNic(mode), scheduler, random)
            .plugInto(link.b());
        final HostCost hostCost = new HostCost(cost.profile(), scheduler.clock());
        b.cpu().cost(hostCost);
        final TcpListener listener = b.tcp().listenV4(PORT, 1024);
        final byte[] request = new byte[REQUEST_BYTES];
        Arrays.fill(request, (byte) 'q');
        final byte[] response = new byte[responseBytes];
        Arrays.fill(response, (byte) 'r');
        final byte[] scratch = new byte[64 * 1024];
        final List<Exchange> open = new ArrayList<>();
        final List<Served> served = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            open.add(new Exchange(a.tcp().connectV4(IP_B, PORT)));
        }
        while (scheduler.nowNs() < durationNs && !scheduler.isIdle()) {
            scheduler.runNext();
            TcpSocket s;
            while ((s = listener.accept()) != null) {
                served.add(new Served(s));
            }
            for (Iterator<Served> it = served.iterator(); it.hasNext(); ) {
                if (serve(it.next(), scratch, response)) {
                    it.remove();
                }
            }
            stepClients(a, open, request, scratch);
        }
        final long end = scheduler.nowNs();
        final long busyPs = hostCost.busyPs();
        for (Exchange e : open) {
            e.socket.abort();
        }
        for (Served s : served) {
            s.socket.abort();
        }
        listener.close();
        scheduler.runAll(50_000_000);
        a.close();
        b.close();
        a.memory().assertNoLeaks();
        b.memory().assertNoLeaks();
        return new Result(responseBytes, completed, failed, end, completed * 1e9 / Math.max(1, end),
            completed == 0 ? 0 : busyPs / 1000.0 / completed);
    }

    /** Each client moves its exchange on; one that ended (either way) is counted and opens the next. */
    private void stepClients(Host a, List<Exchange> open, byte[] request, byte[] scratch) {
        for (int i = 0; i < open.size(); i++) {
            final Exchange e = open.get(i);
            final int outcome = exchange(e, request, scratch);
            if (outcome != 0) {
                if (outcome > 0) {
                    completed++;
                } else {
                    failed++;
                }
                e.socket.close();
                open.set(i, new Exchange(a.tcp().connectV4(IP_B, PORT)));
            }
        }
    }

    /** The server's step for one connection; true when it is done with it. */
    private static boolean serve(Served c, byte[] scratch, byte[] response) {
        if (c.requestRead < REQUEST_BYTES) {
            final int n = c.socket.read(scratch, 0, REQUEST_BYTES - c.requestRead);
            c.requestRead += Math.max(0, n);
            if (c.requestRead < REQUEST_BYTES) {
                return c.socket.isEndOfStream();
            }
        }
        if (c.responseWritten < response.length) {
            c.responseWritten += c.socket.write(response, c.responseWritten, response.length - c.responseWritten);
        }
        if (c.responseWritten == response.length) {
            c.socket.close();
            return true;
        }
        return false;
    }

    /** The client's step: 1 when the whole response arrived, -1 when the connection failed, 0 meanwhile. */
    private int exchange(Exchange e, byte[] request, byte[] scratch) {
        if (!e.socket.isEstablished() && e.read == 0 && e.written == 0) {
            return e.socket.state() == dev.toeless.stack.tcp.TcpState.CLOSED ? -1 : 0;
        }
        if (e.written < request.length) {
            e.written += e.socket.write(request, e.written, request.length - e.written);
        }
        int n;
        while ((n = e.socket.read(scratch, 0, scratch.length)) > 0) {
            e.read += n;
        }
        if (e.read >= responseBytes) {
            return 1;
        }
        return e.socket.isEndOfStream() || e.socket.state() == dev.toeless.stack.tcp.TcpState.CLOSED ? -1 : 0;
    }
}
