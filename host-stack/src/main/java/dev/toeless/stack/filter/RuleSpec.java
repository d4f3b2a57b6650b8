package dev.toeless.stack.filter;

import dev.toeless.nic.wire.TcpHeader;

import java.util.StringJoiner;

/**
 * What a filter rule matches and does, as a value: equal specs describe the same rule, and
 * {@link #toString()} gives the canonical text that {@link RuleParser} reads back to an equal
 * spec. Absent matches are {@code null} (prefixes, limit), {@link #ANY} (protocol, ports) or 0
 * (flag mask); {@code probability} is 1 when there is no random match.
 *
 * @param family        0 for both families, else 4 or 6
 * @param source        source prefix or null
 * @param sourceNegated match when the source is outside the prefix
 * @param dest          destination prefix or null
 * @param destNegated   match when the destination is outside the prefix
 * @param protocol      IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6) or {@link #ANY}
 * @param protocolNegated match any protocol but this one
 * @param sportMin      lowest source port or {@link #ANY}
 * @param sportMax      highest source port or {@link #ANY}
 * @param sportNegated  match ports outside the range
 * @param dportMin      lowest destination port or {@link #ANY}
 * @param dportMax      highest destination port or {@link #ANY}
 * @param dportNegated  match ports outside the range
 * @param flagsMask     the TCP flags examined (FIN=0x01 .. CWR=0x80), 0 for none
 * @param flagsValue    the value those flags must have
 * @param flagsNegated  match when they do not have it
 * @param icmp          an ICMP/ICMPv6 type match (needs protocol icmp or ipv6-icmp) or null
 * @param length        a packet length match or null
 * @param limit         a rate match or null
 * @param probability   the chance the rule matches a packet its other matches accept, (0, 1]
 * @param target        what to do on a match
 * @param rejectWith    the answer for REJECT (null otherwise)
 */
public record RuleSpec(int family,
                       Prefix source, boolean sourceNegated,
                       Prefix dest, boolean destNegated,
                       int protocol, boolean protocolNegated,
                       int sportMin, int sportMax, boolean sportNegated,
                       int dportMin, int dportMax, boolean dportNegated,
                       int flagsMask, int flagsValue, boolean flagsNegated,
                       IcmpMatch icmp, LengthMatch length,
                       RateLimit limit, double probability,
                       Target target, RejectWith rejectWith) {
    /** No protocol or port match. */
    public static final int ANY = -1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;


    public RuleSpec {
        if (family != 0 && family != 4 && family != 6) {
            throw new IllegalArgumentException("family must be 0, 4 or 6: " + family);
        }
        if (source != null && family != source.family() || dest != null && family != dest.family()) {
            throw new IllegalArgumentException("addresses must be of the rule's family " + family);
        }
        if (protocol < ANY || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " outside 0..255");
        }
        checkPorts(sportMin, sportMax, protocol);
        checkPorts(dportMin, dportMax, protocol);
        if ((flagsMask & ~0xFF) != 0 || (flagsValue & ~flagsMask) != 0) {
            throw new IllegalArgumentException("TCP flags value must lie inside the mask (8 bits)");
        }
        if (flagsMask != 0 && protocol != TCP) {
            throw new IllegalArgumentException("a TCP flags match needs protocol tcp");
        }
        if (icmp != null && (protocolNegated || protocol != ICMP && protocol != ICMPV6)) {
            throw new IllegalArgumentException("an ICMP type match needs protocol icmp or ipv6-icmp");
        }
        if (protocolNegated && (sportMin != ANY || dportMin != ANY || flagsMask != 0)) {
            throw new IllegalArgumentException("port and flag matches need a protocol that is not negated");
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
        }
        if (target == null || (target == Target.REJECT) != (rejectWith != null)) {
            throw new IllegalArgumentException("REJECT, and only REJECT, names an answer");
        }
        if (rejectWith == RejectWith.TCP_RESET && (protocol != TCP || protocolNegated)) {
            throw new IllegalArgumentException("tcp-reset needs protocol tcp");
        }
    }

    private static void checkPorts(int min, int max, int protocol) {
        if (min == ANY && max == ANY) {
            return;
        }
        if (min < 0 || max > 0xFFFF || min > max) {
            throw new IllegalArgumentException("port range " + min + ":" + max + " is not within 0..65535 in order");
        }
        if (protocol != TCP && protocol != UDP) {
            throw new IllegalArgumentException("a port match needs protocol tcp or udp");
        }
    }

    /** A spec matching every packet, with the given target. */
    public static RuleSpec all(Target target) {
        return new RuleSpec(0, null, false, null, false, ANY, false, ANY, ANY, false, ANY, ANY, false,
            0, 0, false, null, null, null, 1.0, target, target == Target.REJECT ? RejectWith.ICMP_PORT_UNREACHABLE : null);
    }

    /** The canonical rule text, without the chain command. */
    @Override
    public String toString() {
        final StringJoiner out = new StringJoiner(" ");
        if (family != 0 && source == null && dest == null) {
            out.add("-" + family);
        }
        prefix(out, "-s", source, sourceNegated);
        prefix(out, "-d", dest, destNegated);
        if (protocol != ANY) {
            out.add((protocolNegated ? "! " : "") + "-p " + protocolName(protocol));
        }
        ports(out, "--sport", sportMin, sportMax, sportNegated);
        ports(out, "--dport", dportMin, dportMax, dportNegated);
        if (flagsMask != 0) {
            out.add((flagsNegated ? "! " : "") + "--tcp-flags " + flagList(flagsMask) + " " + flagList(flagsValue));
        }
        if (icmp != null) {
            out.add((icmp.negated() ? "! " : "") + (protocol == ICMP ? "--icmp-type " : "--icmpv6-type ") + icmp.text());
        }
        if (length != null) {
            out.add("-m length " + length);
        }
        if (probability < 1) {
            out.add("-m statistic --mode random --probability " + probability);
        }
        if (limit != null) {
            out.add(limit.toString());
        }
        out.add("-j " + target);
        if (rejectWith != null) {
            out.add("--reject-with " + rejectWith.optionName());
        }
        return out.toString();
    }

    private static void prefix(StringJoiner out, String option, Prefix p, boolean negated) {
        if (p != null) {
            out.add((negated ? "! " : "") + option + " " + p);
        }
    }

    private static void ports(StringJoiner out, String option, int min, int max, boolean negated) {
        if (min != ANY) {
            out.add((negated ? "! " : "") + option + " " + (min == max ? String.valueOf(min) : min + ":" + max));
        }
    }

    static String protocolName(int protocol) {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "ipv6-icmp";
            default -> String.valueOf(protocol);
        };
    }

    static String flagList(int flags) {
        if (flags == 0) {
            return "NONE";
        }
        if (flags == 0xFF) {
            return "ALL";
        }
        final StringJoiner names = new StringJoiner(",");
        for (int bit = 0; bit < TcpHeader.FLAG_BITS; bit++) {
            if ((flags & 1 << bit) != 0) {
                names.add(TcpHeader.flagName(bit));
            }
        }
        return names.toString();
    }
}
