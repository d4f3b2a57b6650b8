package dev.toeless.stack.filter;

/**
 * A snapshot of one installed rule for listing.
 *
 * @param hook     its chain
 * @param position its 1-based position in the chain
 * @param id       a handle that stays the same while the rule is installed
 * @param spec     what it matches and does
 * @param packets  packets it matched
 * @param bytes    bytes of those packets
 */
public record RuleView(Hook hook, int position, long id, RuleSpec spec, long packets, long bytes) {
    /** iptables-save -c style: {@code [packets:bytes] -A CHAIN spec}. */
    @Override
    public String toString() {
        return "[" + packets + ":" + bytes + "] -A " + hook + " " + spec;
    }
}
