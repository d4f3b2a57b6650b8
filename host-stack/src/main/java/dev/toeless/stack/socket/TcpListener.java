package dev.toeless.stack.socket;

import java.util.ArrayDeque;

/**
 * A listening socket: the local address and port it takes SYNs for, its SYN backlog (half-open
 * connections it keeps state for; beyond it the stack answers with SYN cookies) and its queue of
 * established connections waiting for {@link #accept()}.
 */
public final class TcpListener implements Listener {
    final TcpStack stack;
    final boolean ipv6;
    final long localHi;
    final long localLo;
    final int localPort;
    final int backlog;
    final ArrayDeque<TcpSocket> acceptQueue = new ArrayDeque<>();
    int halfOpen;
    int peakHalfOpen;
    boolean closed;
    long synCookiesSent;
    long cookieConnections;
    long synQueueDrops;
    private final Wakeup<Acceptable, Listener> wakeup;

    TcpListener(TcpStack stack, boolean ipv6, long localHi, long localLo, int localPort, int backlog) {
        this.stack = stack;
        this.ipv6 = ipv6;
        this.localHi = localHi;
        this.localLo = localLo;
        this.localPort = localPort;
        this.backlog = backlog;
        this.wakeup = new Wakeup<>(stack.scheduler(), this, Listener::wakeIfWaiting);
    }

    /** The next established connection, or null when none is waiting. */
    @Override
    public TcpSocket accept() {
        return acceptQueue.pollFirst();
    }

    /** Connections waiting to be accepted. */
    @Override
    public int pendingAccepts() {
        return acceptQueue.size();
    }

    /** Half-open connections (SYN received, handshake not complete) with state kept. */
    public int halfOpen() {
        return halfOpen;
    }

    /** The most half-open connections held at once since the listener opened. */
    public int peakHalfOpen() {
        return peakHalfOpen;
    }

    /** The SYN backlog: half-open connections kept with state before SYN cookies (or drops) start. */
    public int backlog() {
        return backlog;
    }

    /** SYNs dropped because the SYN backlog was full and SYN cookies were off (Linux: ListenDrops). */
    public long synQueueDrops() {
        return synQueueDrops;
    }

    void halfOpened() {
        halfOpen++;
        peakHalfOpen = Math.max(peakHalfOpen, halfOpen);
    }

    @Override
    public int localPort() {
        return localPort;
    }

    public long synCookiesSent() {
        return synCookiesSent;
    }

    /** Connections established from a valid SYN cookie. */
    public long cookieConnections() {
        return cookieConnections;
    }

    /** Stops listening; connections not yet accepted are aborted (a half-open one when its handshake completes). */
    @Override
    public void close() {
        stack.closeListener(this);
    }

    @Override
    public void onAcceptable(Acceptable newAcceptable) {
        wakeup.set(newAcceptable);
    }

    /** A connection joined the accept queue: wake the application, as a scheduled event of its own. */
    void wakeAcceptor() {
        wakeup.wake();
    }
}
