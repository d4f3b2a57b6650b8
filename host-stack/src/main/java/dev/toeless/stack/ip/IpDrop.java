package dev.toeless.stack.ip;

/** Why the IP layer dropped a packet; each reason has its own counter in {@link IpCounters}. */
public enum IpDrop {
    /** The frame did not parse (truncated, bad lengths, bad IPv4 header checksum, options overrun). */
    MALFORMED,
    /** An IPv4 or IPv6 fragment: TCP sets DF, fragments are not reassembled. */
    FRAGMENT,
    /** Addressed to another MAC. */
    OTHER_HOST,
    /** Addressed to an IP address that is not ours (no forwarding). */
    NOT_LOCAL,
    /** A header or a whole control packet too long for the receive header buffer. */
    TOO_LONG,
    /** A transport or ICMP checksum that does not verify. */
    BAD_CHECKSUM,
    /** Dropped or rejected by the PREROUTING chain. */
    FILTER_PREROUTING,
    /** Dropped or rejected by the INPUT chain. */
    FILTER_INPUT,
    /** Dropped or rejected by the OUTPUT chain. */
    FILTER_OUTPUT,
    /** An IP protocol or ICMP type this host does not handle. */
    UNHANDLED,
    /** A neighbour discovery message that breaks RFC 4861 validity (hop limit not 255). */
    BAD_ND,
    /** No route to the destination. */
    NO_ROUTE,
    /** Larger than the path MTU. */
    TOO_BIG,
    /** The neighbour could not be resolved, its queue overflowed, or the table is full. */
    NEIGHBOUR,
    /** Refused by the qdisc (tail drop or larger than its burst). */
    QDISC,
    /** Refused by the device. */
    DEVICE,
    /** No transmit packet left in the pool. */
    NO_BUFFER
}
