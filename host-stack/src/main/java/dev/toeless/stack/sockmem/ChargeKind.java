package dev.toeless.stack.sockmem;

/** What a charge is for; refusals are counted per kind and reason. */
public enum ChargeKind {
    /** In-order received data waiting for the reader. */
    RECEIVE,
    /** Received data beyond a hole, kept for reassembly. */
    OUT_OF_ORDER,
    /** Data written by the application and not yet acknowledged. */
    SEND
}
