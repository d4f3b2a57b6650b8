package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.ProtectionError;

/**
 * Why a stream is terminated, as the layer, error type and error code a TERMINATE message carries
 * (RFC 5040 section 7.2 for RDMAP and DDP, RFC 5044 section 8 for MPA, the LLP layer). Only the
 * causes this firmware detects are listed.
 */
public enum TerminateCause {
    INVALID_STAG(Layer.RDMAP, 1, 0x00, "remote protection error: invalid STag"),
    BASE_OR_BOUNDS(Layer.RDMAP, 1, 0x01, "remote protection error: base or bounds violation"),
    ACCESS_RIGHTS(Layer.RDMAP, 1, 0x02, "remote protection error: access rights violation"),
    STAG_NOT_ASSOCIATED(Layer.RDMAP, 1, 0x03, "remote protection error: STag not associated with RDMAP stream"),
    INVALID_RDMAP_VERSION(Layer.RDMAP, 2, 0x05, "remote operation error: invalid RDMAP version"),
    UNEXPECTED_OPCODE(Layer.RDMAP, 2, 0x06, "remote operation error: unexpected opcode"),
    INVALID_DDP_VERSION(Layer.DDP, 2, 0x06, "untagged buffer error: invalid DDP version"),
    INVALID_QN(Layer.DDP, 2, 0x01, "untagged buffer error: invalid QN"),
    NO_BUFFER(Layer.DDP, 2, 0x02, "untagged buffer error: invalid MSN, no buffer available"),
    INVALID_MSN(Layer.DDP, 2, 0x03, "untagged buffer error: invalid MSN, MSN range not valid"),
    INVALID_MO(Layer.DDP, 2, 0x04, "untagged buffer error: invalid MO"),
    MESSAGE_TOO_LONG(Layer.DDP, 2, 0x05, "untagged buffer error: DDP message too long for available buffer"),
    SEGMENT_TOO_SHORT(Layer.DDP, 0, 0x00, "local catastrophic error: a ULPDU shorter than its DDP header"),
    MPA_CRC(Layer.LLP, 0, 0x02, "MPA error: received MPA CRC does not match"),
    MPA_START(Layer.LLP, 0, 0x04, "MPA error: invalid MPA request or reply");

    /** The Layer field: who found the error. */
    public enum Layer {
        RDMAP(0), DDP(1), LLP(2);

        private final int code;

        Layer(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final Layer layer;
    private final int errorType;
    private final int errorCode;
    private final String description;

    TerminateCause(Layer layer, int errorType, int errorCode, String description) {
        this.layer = layer;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.description = description;
    }

    public Layer layer() {
        return layer;
    }

    public int errorType() {
        return errorType;
    }

    public int errorCode() {
        return errorCode;
    }

    public String description() {
        return description;
    }

    /** The cause for a failed tag check. */
    public static TerminateCause of(ProtectionError e) {
        return switch (e) {
            case INVALID_STAG -> INVALID_STAG;
            case BASE_OR_BOUNDS -> BASE_OR_BOUNDS;
            case ACCESS_RIGHTS -> ACCESS_RIGHTS;
            case STAG_NOT_ASSOCIATED -> STAG_NOT_ASSOCIATED;
            case NONE -> throw new IllegalArgumentException("no error to terminate for");
        };
    }

    /** The cause with these three fields, or null. */
    public static TerminateCause of(int layer, int errorType, int errorCode) {
        for (TerminateCause c : values()) {
            if (c.layer.code == layer && c.errorType == errorType && c.errorCode == errorCode) {
                return c;
            }
        }
        return null;
    }
}
