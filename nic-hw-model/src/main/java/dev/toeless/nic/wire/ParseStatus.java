package dev.toeless.nic.wire;

/**
 * Why a frame or header did not parse, or {@link #OK}. Parsers return one of these instead of
 * throwing: a bad frame is a counted drop on the receive path, never an exception.
 */
public enum ParseStatus {
    OK,
    /** The buffer ends before a header that its own fields announce. */
    TRUNCATED,
    /** The IP version nibble does not match the EtherType (or is neither 4 nor 6). */
    BAD_IP_VERSION,
    /** IPv4 IHL below 5 or beyond the buffer. */
    BAD_IHL,
    /** A length field is inconsistent: IP total length below its header, UDP length, ARP sizes. */
    BAD_LENGTH,
    /** IPv4 header checksum does not verify. */
    BAD_IP_CHECKSUM,
    /** A transport or ICMP checksum does not verify (only where a parser checks it). */
    BAD_CHECKSUM,
    /** EtherType other than IPv4, IPv6, ARP (after at most one 802.1Q tag). */
    UNKNOWN_ETHERTYPE,
    /** An IP fragment: the transport header is not (or not wholly) in this frame. */
    FRAGMENT,
    /** A TCP, IPv4 or IPv6 (hop-by-hop, destination) option runs past the end of its header. */
    OPTION_OVERRUN,
    /** TCP data offset below 5 words or beyond the segment. */
    BAD_DATA_OFFSET,
    /** More IPv6 extension headers than the walk allows, or an extension header out of place. */
    EXT_HEADER_LIMIT,
    /** A field holds a value the protocol forbids (ARP hardware type, ICMP code, ND hop limit...). */
    BAD_FIELD
}
