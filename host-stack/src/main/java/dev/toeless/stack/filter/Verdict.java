package dev.toeless.stack.filter;

/**
 * The filter's answer for one packet. On a REJECT verdict the packet is dropped and the caller
 * sends the named answer (a TCP RST, or an ICMP/ICMPv6 destination unreachable); the filter
 * itself sends nothing.
 */
public enum Verdict {
    ACCEPT,
    DROP,
    REJECT_PORT_UNREACHABLE,
    REJECT_ADMIN_PROHIBITED,
    REJECT_TCP_RESET;

    /** Whether the packet goes on. */
    public boolean accepted() {
        return this == ACCEPT;
    }

    /** Whether the caller should answer the sender. */
    public boolean rejected() {
        return ordinal() >= REJECT_PORT_UNREACHABLE.ordinal();
    }
}
