package dev.toeless.nic.rss;

/**
 * Which fields an RSS hash covered, reported in the RX completion (the NDIS hash types a
 * stateless NIC supports, without the IPv6 extension-header variants).
 */
public enum RssHashType {
    /** No hash: RSS off, or a frame the parser did not understand. */
    NONE(0),
    /** IPv4 source and destination address. */
    IPV4(1),
    /** IPv4 addresses and TCP/UDP ports. */
    L4_IPV4(2),
    /** IPv6 source and destination address. */
    IPV6(3),
    /** IPv6 addresses and TCP/UDP ports. */
    L4_IPV6(4);

    private static final RssHashType[] BY_CODE = values();
    private final int code;

    RssHashType(int code) {
        this.code = code;
    }

    /** The value carried in a completion descriptor. */
    public int code() {
        return code;
    }

    /** The type for a descriptor code, or {@link #NONE} for an unknown one. */
    public static RssHashType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : NONE;
    }
}
