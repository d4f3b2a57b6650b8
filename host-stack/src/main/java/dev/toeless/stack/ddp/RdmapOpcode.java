package dev.toeless.stack.ddp;

/** RDMAP's opcodes (RFC 5040 section 4.3), the low four bits of the RDMAP control byte. */
public enum RdmapOpcode {
    WRITE(0x0),
    READ_REQUEST(0x1),
    READ_RESPONSE(0x2),
    SEND(0x3),
    SEND_INVALIDATE(0x4),
    SEND_SOLICITED(0x5),
    SEND_SOLICITED_INVALIDATE(0x6),
    TERMINATE(0x7);

    private static final RdmapOpcode[] BY_CODE = values();

    private final int code;

    RdmapOpcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The opcode with this code, or null for a reserved one (8 to 15). */
    public static RdmapOpcode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
