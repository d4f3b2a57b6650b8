package dev.toeless.stack.toe;

/**
 * What a TOE card does with a new connection when it is full (no connection slot, too little card
 * memory, or the listener's SYN queue at its backlog), each taken from a real system.
 */
public enum CardFullPolicy {
    /**
     * The connection stays in, or is passed to, the host stack: the SYN goes up the card's plain
     * NIC path to the host's listener (Microsoft TCP Chimney; FreeBSD {@code t4_tom}, whose
     * {@code toecore} hands the SYN to the software stack).
     */
    FALLBACK("fallback"),
    /** The SYN is answered with a reset and the connection refused (Linux {@code chtls}, {@code iw_cxgb4}). */
    REFUSE("refuse"),
    /**
     * The card makes room by uploading a live connection, its oldest, to the host stack (TCP
     * Chimney's upload): its TCP state and payload move over the PCI link and the host's stack
     * continues it; the new connection takes the freed slot. When nothing can be uploaded (no
     * connection established and idle enough, or host pages short), the SYN falls back as with
     * {@link #FALLBACK}.
     */
    UPLOAD("upload");

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
