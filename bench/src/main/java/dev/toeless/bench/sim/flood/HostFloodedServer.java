package dev.toeless.bench.sim.flood;

import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpState;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The host stack under attack: a {@link Host} (the plain software NIC) whose {@link TcpListener}
 * takes the flood, and whose application answers each request.
 */
public final class HostFloodedServer implements FloodedServer {
    private final Host host;
    private final List<Served> served = new ArrayList<>();
    private TcpListener listener;
    private int requestBytes;
    private byte[] response;
    private final byte[] scratch = new byte[4096];

    /** One accepted connection and how far its exchange has come. */
    private static final class Served {
        final TcpSocket socket;
        int requestRead;
        int responseWritten;

        Served(TcpSocket socket) {
            this.socket = socket;
        }
    }

    public HostFloodedServer(HostConfig config, EventScheduler scheduler, SimRandom random) {
        this.host = new Host(config, scheduler, random);
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public void listen(int port, int backlog, boolean synCookies, int requestBytes, int responseBytes) {
        host.tcp().synCookies(synCookies);
        this.listener = host.tcp().listenV4(port, backlog);
        this.requestBytes = requestBytes;
        this.response = new byte[responseBytes];
        for (int i = 0; i < responseBytes; i++) {
            response[i] = (byte) (i * 31 + 7);
        }
    }

    @Override
    public void serve() {
        TcpSocket s;
        while ((s = listener.accept()) != null) {
            served.add(new Served(s));
        }
        for (Iterator<Served> it = served.iterator(); it.hasNext(); ) {
            final Served c = it.next();
            if (c.socket.state() == TcpState.CLOSED) {
                it.remove();
                continue;
            }
            if (c.requestRead < requestBytes) {
                final int n = c.socket.read(scratch, 0, Math.min(scratch.length, requestBytes - c.requestRead));
                if (n > 0) {
                    c.requestRead += n;
                }
            }
            if (c.requestRead >= requestBytes && c.responseWritten < response.length) {
                c.responseWritten += c.socket.write(response, c.responseWritten, response.length - c.responseWritten);
            }
            if (c.responseWritten == response.length && c.socket.isEndOfStream()) {
                c.socket.close();
                it.remove();
            }
        }
    }

    @Override
    public ListenerMemory memory() {
        return new ListenerMemory(listener.halfOpen(), host.tcp().connectionCount(),
            host.tcp().socketMemory().usedBytes(), host.memory().pagesInUse(), listener.synCookiesSent(),
            listener.cookieConnections(), listener.synQueueDrops());
    }

    @Override
    public boolean synQueueFull() {
        return listener.halfOpen() >= listener.backlog();
    }

    @Override
    public String shutDown() {
        for (Served c : served) {
            c.socket.abort();
        }
        served.clear();
        listener.close();
        final int inUse = host.memory().pagesInUse();
        host.close();
        return inUse == 0 ? null : inUse + " page(s) of the server still referenced";
    }
}
