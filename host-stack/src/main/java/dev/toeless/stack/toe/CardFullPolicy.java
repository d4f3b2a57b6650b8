package dev.toeless.stack.toe;

/**
 * What a TOE card does with a new connection when it is full (no connection slot, too little card
 * memory, or the listener's SYN queue at its backlog), each taken from a real system. (Chimney's
 * third answer, uploading a live connection back to the host to make room, is not modeled.)
 */
public enum CardFullPolicy {
    /**
     * The connection stays in, or is passed to, the host stack: the SYN goes up the card's plain
     * NIC path to the host's listener (Microsoft TCP Chimney; FreeBSD {@code t4_tom}, whose
     * {@code toecore} hands the SYN to the software stack).
     */
    FALLBACK("fallback"),
    /** The SYN is answered with a reset and the connection refused (Linux {@code chtls}, {@code iw_cxgb4}). */
    REFUSE("refuse");

    private final String label;

    CardFullPolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The policy named {@code label}, or null. */
    public static CardFullPolicy byLabel(String label) {
        for (CardFullPolicy p : values()) {
            if (p.label.equalsIgnoreCase(label)) {
                return p;
            }
        }
        return null;
    }
}
