package dev.toeless.stack.tcp;

/**
 * What the host's socket memory lets one connection's receive side hold: the most in-order
 * bytes it may still queue now, beyond what it already queues. The receiver advertises no more
 * than this (and no more than its own buffer), but never moves the right edge of a window it
 * already offered to the left (RFC 9293 3.8.6: the window should not shrink). Asked each time a
 * window is computed; the owner of the connection supplies it and keeps no state in the engine.
 */
@FunctionalInterface
public interface ReceiveWindowLimit {
    /** No limit beyond the connection's own receive buffer. */
    ReceiveWindowLimit UNLIMITED = () -> Long.MAX_VALUE;

    /** Bytes of in-order data the connection may still queue now (0 closes the window). */
    long allowanceBytes();
}
