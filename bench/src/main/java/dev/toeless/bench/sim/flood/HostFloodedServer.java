package dev.toeless.bench.sim.flood;

import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpState;

/**
 * The host stack under attack: a {@link Host} (the modeled NIC, every offload off) whose {@link TcpListener}
 * takes the flood, and whose application answers each request.
 */
public final class HostFloodedServer implements FloodedServer {
    private final Host host;
    private final Responder responder = new Responder(s -> ((TcpSocket) s).state() == TcpState.CLOSED);
    private TcpListener listener;

    /** @param host the server host, on the link (its modeled NIC in any mode) */
    public HostFloodedServer(Host host) {
        this.host = host;
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
        responder.exchange(requestBytes, responseBytes);
    }

    @Override
    public void serve() {
        TcpSocket s;
        while ((s = listener.accept()) != null) {
            responder.accepted(s);
        }
        responder.serve();
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
        responder.abortAll();
        listener.close();
        host.close(); // the driver's buffers posted to the NIC's rings come back when it closes
        final int inUse = host.memory().pagesInUse();
        return inUse == 0 ? null : inUse + " page(s) of the server still referenced";
    }
}
