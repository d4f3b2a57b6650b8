package dev.toeless.stack.socket;

/**
 * A listening socket as an application sees it, in every placement (the host stack's
 * {@link TcpListener} today, a TOE card's listener through its command queue tomorrow).
 */
public interface Listener {
    /** The next established connection, now the caller's to read, send and close; null when none waits. */
    StreamSocket accept();

    /** Connections waiting to be accepted. */
    int pendingAccepts();

    int localPort();

    /** Stops listening; connections not yet accepted are reset. */
    void close();

    /**
     * Who to wake when a connection is waiting to be accepted: after the event that completed its
     * handshake, on the host's scheduler; {@code null} for nobody. The listener is borrowed for
     * the call; the application may accept inside it.
     */
    void onAcceptable(Acceptable acceptable);

    /** How a listener wakes its application ({@link Wakeup}): only while a connection still waits to be accepted. */
    static void wakeIfWaiting(Acceptable acceptable, Listener listener) {
        if (listener.pendingAccepts() > 0) {
            acceptable.acceptable(listener);
        }
    }

    /** Wakes an application that has a connection to accept. */
    @FunctionalInterface
    interface Acceptable {
        void acceptable(Listener listener);
    }
}
