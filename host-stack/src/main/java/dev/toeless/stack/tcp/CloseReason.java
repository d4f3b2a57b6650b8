package dev.toeless.stack.tcp;

/** Why a connection reached CLOSED. */
public enum CloseReason {
    /** Still open, or never opened. */
    NONE,
    /** Both sides closed in order (after TIME_WAIT or LAST_ACK). */
    NORMAL,
    /** The peer sent an acceptable RST. */
    RESET,
    /** The peer refused the connection (RST in answer to our SYN). */
    REFUSED,
    /** Retransmissions or keepalive probes ran out. */
    TIMEOUT,
    /** The application aborted (we sent RST). */
    ABORTED
}
