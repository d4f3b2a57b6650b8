package dev.toeless.stack.filter;

import java.util.Map;

/**
 * A rule's ICMP or ICMPv6 match, as iptables' {@code --icmp-type} and ip6tables'
 * {@code --icmpv6-type}: a type, optionally a code, optionally negated.
 *
 * @param type    the ICMP type, 0..255
 * @param code    the code, 0..255, or {@link RuleSpec#ANY} for every code of the type
 * @param negated match every other type/code
 */
public record IcmpMatch(int type, int code, boolean negated) {
    /** The names iptables accepts after --icmp-type, as {type, code or -1}. */
    static final Map<String, int[]> V4_NAMES = Map.ofEntries(
        Map.entry("echo-reply", new int[]{0, -1}),
        Map.entry("destination-unreachable", new int[]{3, -1}),
        Map.entry("network-unreachable", new int[]{3, 0}),
        Map.entry("host-unreachable", new int[]{3, 1}),
        Map.entry("protocol-unreachable", new int[]{3, 2}),
        Map.entry("port-unreachable", new int[]{3, 3}),
        Map.entry("fragmentation-needed", new int[]{3, 4}),
        Map.entry("source-quench", new int[]{4, -1}),
        Map.entry("redirect", new int[]{5, -1}),
        Map.entry("echo-request", new int[]{8, -1}),
        Map.entry("time-exceeded", new int[]{11, -1}),
        Map.entry("parameter-problem", new int[]{12, -1}),
        Map.entry("timestamp-request", new int[]{13, -1}),
        Map.entry("timestamp-reply", new int[]{14, -1}));

    /** The names ip6tables accepts after --icmpv6-type. */
    static final Map<String, int[]> V6_NAMES = Map.ofEntries(
        Map.entry("destination-unreachable", new int[]{1, -1}),
        Map.entry("no-route", new int[]{1, 0}),
        Map.entry("communication-prohibited", new int[]{1, 1}),
        Map.entry("address-unreachable", new int[]{1, 3}),
        Map.entry("port-unreachable", new int[]{1, 4}),
        Map.entry("packet-too-big", new int[]{2, -1}),
        Map.entry("time-exceeded", new int[]{3, -1}),
        Map.entry("parameter-problem", new int[]{4, -1}),
        Map.entry("echo-request", new int[]{128, -1}),
        Map.entry("echo-reply", new int[]{129, -1}),
        Map.entry("router-solicitation", new int[]{133, -1}),
        Map.entry("router-advertisement", new int[]{134, -1}),
        Map.entry("neighbour-solicitation", new int[]{135, -1}),
        Map.entry("neighbor-solicitation", new int[]{135, -1}),
        Map.entry("neighbour-advertisement", new int[]{136, -1}),
        Map.entry("neighbor-advertisement", new int[]{136, -1}));

    public IcmpMatch {
        if (type < 0 || type > 255 || code < RuleSpec.ANY || code > 255) {
            throw new IllegalArgumentException("ICMP type and code must be 0..255: " + type + "/" + code);
        }
    }

    /** Whether a packet of this type and code matches; an unknown type (-1) never does. */
    boolean matches(int packetType, int packetCode) {
        if (packetType < 0) {
            return false;
        }
        return (packetType == type && (code == RuleSpec.ANY || packetCode == code)) != negated;
    }

    /** The numeric form, {@code type} or {@code type/code}. */
    String text() {
        return code == RuleSpec.ANY ? String.valueOf(type) : type + "/" + code;
    }
}
