package dev.toeless.nic.card.ddp;

/**
 * The outcome of a tag check: {@link #NONE}, or one of RFC 5040's remote protection errors
 * (section 7.2, RDMAP layer, error type 1) with its error code. The check that finds it follows
 * Linux's {@code siw} ({@code siw_check_mem}): STag, then protection domain, then access rights,
 * then base and bounds.
 */
public enum ProtectionError {
    /** The segment may be placed. */
    NONE(-1, "none"),
    /** No valid region has this STag (unknown index, wrong key, or invalidated). */
    INVALID_STAG(0x00, "invalid STag"),
    /** The tagged offset and length do not lie inside the region, or the offset wraps. */
    BASE_OR_BOUNDS(0x01, "base or bounds violation"),
    /** The region does not grant the access asked for. */
    ACCESS_RIGHTS(0x02, "access rights violation"),
    /** The region belongs to another protection domain than the stream's. */
    STAG_NOT_ASSOCIATED(0x03, "STag not associated with RDMAP stream");

    private final int code;
    private final String description;

    ProtectionError(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** RFC 5040's error code for a remote protection error; -1 for {@link #NONE}. */
    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The error with RFC 5040 code {@code code}, or null. */
    public static ProtectionError ofCode(int code) {
        for (ProtectionError e : values()) {
            if (e.code == code && e != NONE) {
                return e;
            }
        }
        return null;
    }
}
