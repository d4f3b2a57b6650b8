package dev.toeless.stack.filter;

/**
 * The answer a REJECT rule asks the caller to send, named as in iptables' {@code --reject-with}.
 * The ICMP kinds map to ICMPv6 "destination unreachable" codes 4 and 1 for IPv6 packets.
 */
public enum RejectWith {
    ICMP_PORT_UNREACHABLE("icmp-port-unreachable", Verdict.REJECT_PORT_UNREACHABLE),
    ICMP_ADMIN_PROHIBITED("icmp-admin-prohibited", Verdict.REJECT_ADMIN_PROHIBITED),
    TCP_RESET("tcp-reset", Verdict.REJECT_TCP_RESET);

    private final String optionName;
    private final Verdict verdict;

    RejectWith(String optionName, Verdict verdict) {
        this.optionName = optionName;
        this.verdict = verdict;
    }

    /** The name used after {@code --reject-with}. */
    public String optionName() {
        return optionName;
    }

    public Verdict verdict() {
        return verdict;
    }
}
