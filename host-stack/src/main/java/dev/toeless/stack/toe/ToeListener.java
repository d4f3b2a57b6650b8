package dev.toeless.stack.toe;

import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.Wakeup;

import java.util.ArrayDeque;

/**
 * A listener on a TOE host: on the card (connections the card opened come as {@link ToeSocket}s)
 * and on the host stack beside it (connections the card passed up when full come as the host's
 * own sockets), behind one {@link Listener}.
 */
public final class ToeListener implements Listener {
    private final ToeDriver driver;
    private final boolean ipv6;
    private final int port;
    private final int backlog;
    private final long cookie;
    private final TcpListener host;
    private final ArrayDeque<ToeSocket> accepted = new ArrayDeque<>();
    private final Wakeup<Acceptable, Listener> wakeup;
    private boolean closed;
    private long cardConnections;

    ToeListener(ToeDriver driver, boolean ipv6, int port, int backlog, long cookie, TcpListener host) {
        this.driver = driver;
        this.ipv6 = ipv6;
        this.port = port;
        this.backlog = backlog;
        this.cookie = cookie;
        this.host = host;
        this.wakeup = new Wakeup<>(driver.scheduler(), this, Listener::wakeIfWaiting);
    }

    long cookie() {
        return cookie;
    }

    boolean ipv6() {
        return ipv6;
    }

    int backlog() {
        return backlog;
    }

    boolean closed() {
        return closed;
    }

    /** The next connection, offloaded or fallen back; null when none waits. */
    @Override
    public StreamSocket accept() {
        final ToeSocket s = accepted.pollFirst();
        if (s != null) {
            return s;
        }
        return host == null ? null : host.accept();
    }

    @Override
    public int pendingAccepts() {
        return accepted.size() + (host == null ? 0 : host.pendingAccepts());
    }

    @Override
    public int localPort() {
        return port;
    }

    /** The host stack's listener beside the card's: where fallen-back connections are accepted. */
    public TcpListener hostListener() {
        return host;
    }

    /** Connections the card opened for this listener. */
    public long cardConnections() {
        return cardConnections;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.unlisten(this);
        if (host != null) {
            host.close();
        }
        ToeSocket s;
        while ((s = accepted.pollFirst()) != null) {
            s.abort();
        }
    }

    @Override
    public void onAcceptable(Acceptable newAcceptable) {
        wakeup.set(newAcceptable);
        if (host != null) {
            host.onAcceptable(newAcceptable == null ? null : l -> wakeup.wake());
        }
    }

    void onCompletion(ToeCompletionDescriptor c) {
        if (c.type() != ToeCompletionDescriptor.STATE_CHANGE) {
            return;
        }
        switch (c.state()) {
            case ToeCompletionDescriptor.STATE_PASSIVE_OPEN -> {
                final ToeSocket s = driver.passiveOpen(this, c.tid(), (int) c.value());
                cardConnections++;
                if (closed) {
                    s.abort();
                } else {
                    accepted.addLast(s);
                    wakeup.wake();
                }
            }
            case ToeCompletionDescriptor.STATE_CLOSED -> {
                if (c.tid() >= 0) {
                    driver.closedBeforeAccept(c.tid(), c.status());
                } else if (closed) {
                    driver.forget(this); // the card closed the listener
                }
            }
            default -> { }
        }
    }

    /** A card reset: connections waiting to be accepted are lost with it. */
    void failPending(int status) {
        for (ToeSocket s : accepted) {
            s.fail(status);
        }
    }
}
