package dev.toeless.stack.netdev;

/** What became of a packet handed to {@link NetDevice#transmit}. */
public enum TxStatus {
    /** On its way; the fragments are released at transmit completion. */
    SENT,
    /** The device or the wire refused it (queue full, too long, no link); the fragments are released. */
    DROPPED
}
