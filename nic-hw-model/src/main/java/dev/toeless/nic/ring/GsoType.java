package dev.toeless.nic.ring;

/** What segmentation a TX descriptor asks of the NIC (Linux's SKB_GSO_* for TCP). */
public enum GsoType {
    /** No segmentation: one frame. */
    NONE(0),
    /** TCP over IPv4. */
    TCPV4(1),
    /** TCP over IPv6. */
    TCPV6(2);

    private static final GsoType[] BY_CODE = values();
    private final int code;

    GsoType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a descriptor code, or null for an unknown one (a malformed descriptor). */
    public static GsoType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
