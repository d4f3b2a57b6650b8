package dev.toeless.nic.link;

/** What the link did with a frame handed to {@link Link.Port#send}. Every drop is also counted. */
public enum SendStatus {
    /** Taken: it is being serialized or waits in the transmit queue. Faults may still drop it later. */
    ACCEPTED,
    /** Longer than MTU plus the L2 header; dropped. */
    OVERSIZE,
    /** Shorter than an Ethernet header; dropped. */
    RUNT,
    /** The transmit queue was full (tail drop). */
    QUEUE_FULL
}
