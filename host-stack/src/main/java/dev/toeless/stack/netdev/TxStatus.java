package dev.toeless.stack.netdev;

/**
 * What became of a packet handed to a device (or to the driver's transmit side). Who holds the
 * page references afterwards is the called method's contract: {@link NetDevice#transmit} takes
 * them in every outcome; the driver's own send methods take them only on {@link #SENT}.
 */
public enum TxStatus {
    /** On its way; the fragments are released at transmit completion. */
    SENT,
    /** Not enough transmit descriptors or header slots now: try again after completions. */
    BUSY,
    /** The request made no sense (header offsets, MSS, too long, too many fragments). */
    MALFORMED,
    /** The wire refused it (no link, the link's queue full). */
    REFUSED
}
