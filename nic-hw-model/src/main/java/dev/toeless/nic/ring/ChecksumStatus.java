package dev.toeless.nic.ring;

/** The receive checksum verdict a completion carries for the L3/L4 checksums. */
public enum ChecksumStatus {
    /** Not checked: offload off, or a protocol the NIC does not verify. */
    NONE(0),
    /** Every checksum the NIC knows how to verify was right. */
    GOOD(1),
    /** A checksum was wrong; the host decides (it normally drops and counts). */
    BAD(2);

    private static final ChecksumStatus[] BY_CODE = values();
    private final int code;

    ChecksumStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status for a descriptor code; an unknown code reads as {@link #NONE}. */
    public static ChecksumStatus ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : NONE;
    }
}
