package dev.toeless.stack.tcp;

import java.util.Locale;

/**
 * How a SACK sender decides a segment is lost, and how much it sends during recovery. Without
 * SACK (the peer did not permit it) both fall back to NewReno (RFC 6582).
 */
public enum LossDetection {
    /**
     * RACK-TLP (RFC 8985): a segment is lost once a segment sent after it was delivered and a
     * reordering window has passed; tail loss probes, also during recovery. The window in
     * recovery follows Proportional Rate Reduction (RFC 6937, PRR-SSRB as Linux). The default.
     */
    RACK_TLP("rack"),
    /**
     * RFC 6675: DupThresh duplicate ACKs or SACKed segments above a hole; the pipe is compared
     * with the congestion window; a tail loss probe only outside recovery.
     */
    RFC6675("rfc6675");

    private final String cliName;

    LossDetection(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in reports ("rack", "rfc6675"). */
    public String cliName() {
        return cliName;
    }

    /**
     * @throws IllegalArgumentException naming the known choices, for any other name
     */
    public static LossDetection byName(String name) {
        for (LossDetection d : values()) {
            if (d.cliName.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown loss detection '" + name + "'; known: rack, rfc6675");
    }
}
