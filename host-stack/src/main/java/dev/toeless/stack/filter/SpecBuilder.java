package dev.toeless.stack.filter;

import dev.toeless.nic.wire.TcpHeader;

import java.util.HashSet;
import java.util.Set;

/** Collects the options of one rule spec for {@link RuleParser} and checks how they combine. */
final class SpecBuilder {
    private static final int SYN_MASK = TcpHeader.FIN | TcpHeader.SYN | TcpHeader.RST | TcpHeader.ACK;

    private final RuleParser p;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> modules = new HashSet<>();
    private int family;
    private Prefix source;
    private boolean sourceNegated;
    private int sourceWord;
    private Prefix dest;
    private boolean destNegated;
    private int destWord;
    private int protocol = RuleSpec.ANY;
    private boolean protocolNegated;
    private int sportMin = RuleSpec.ANY;
    private int sportMax = RuleSpec.ANY;
    private boolean sportNegated;
    private int dportMin = RuleSpec.ANY;
    private int dportMax = RuleSpec.ANY;
    private boolean dportNegated;
    private int portWord = -1;
    private int flagsMask;
    private int flagsValue;
    private boolean flagsNegated;
    private int flagsWord = -1;
    private IcmpMatch icmp;
    private boolean icmpV6;
    private int icmpWord = -1;
    private LengthMatch length;
    private long limitCount = 3;
    private RateLimit.Unit limitUnit = RateLimit.Unit.HOUR;
    private int limitBurst = 5;
    private boolean randomMode;
    private double probability = 1.0;
    private int statisticWord = -1;
    private Target target;
    private int targetWord = -1;
    private RejectWith rejectWith;
    private int rejectWord = -1;

    SpecBuilder(RuleParser parser) {
        this.p = parser;
    }

    void option(String option, int word, boolean negated) {
        final String name = canonical(option);
        if (negated && !NEGATABLE.contains(name)) {
            throw p.error(word, "'" + option + "' cannot be negated with '!'");
        }
        if (!name.equals("-m") && !seen.add(name)) {
            throw p.error(word, "'" + option + "' given twice");
        }
        switch (name) {
            case "-4", "-6" -> {
                family = name.equals("-4") ? 4 : 6;
            }
            case "-s" -> {
                source = prefix();
                sourceNegated = negated;
                sourceWord = word;
            }
            case "-d" -> {
                dest = prefix();
                destNegated = negated;
                destWord = word;
            }
            case "-p" -> {
                protocol = protocol(p.next("a protocol"));
                protocolNegated = negated;
            }
            case "-m" -> module();
            case "--sport" -> {
                final int[] range = ports();
                sportMin = range[0];
                sportMax = range[1];
                sportNegated = negated;
                portWord = word;
            }
            case "--dport" -> {
                final int[] range = ports();
                dportMin = range[0];
                dportMax = range[1];
                dportNegated = negated;
                portWord = word;
            }
            case "--tcp-flags", "--syn" -> flags(name, word, negated);
            case "--icmp-type", "--icmpv6-type" -> icmp(name, word, negated);
            case "--length" -> length(name, word, negated);
            case "--limit", "--limit-burst" -> limit(name, word);
            case "--mode", "--probability" -> statistic(name, word);
            case "-j" -> target(word);
            case "--reject-with" -> rejectWith(word);
            default -> throw p.error(word, "unknown option '" + option + "'");
        }
    }

    private static final Set<String> NEGATABLE = Set.of("-s", "-d", "-p", "--sport", "--dport", "--tcp-flags", "--syn",
        "--icmp-type", "--icmpv6-type", "--length");
    private static final Set<String> MODULES = Set.of("tcp", "udp", "icmp", "icmp6", "length", "limit", "statistic");

    private static String canonical(String option) {
        return switch (option) {
            case "--ipv4" -> "-4";
            case "--ipv6" -> "-6";
            case "--source", "--src" -> "-s";
            case "--destination", "--dst" -> "-d";
            case "--protocol" -> "-p";
            case "--match" -> "-m";
            case "--jump" -> "-j";
            case "--source-port" -> "--sport";
            case "--destination-port" -> "--dport";
            default -> option;
        };
    }

    private Prefix prefix() {
        final String value = p.next("an address");
        try {
            return Prefix.parse(value);
        } catch (IllegalArgumentException e) {
            throw p.error(p.lastWord(), e.getMessage());
        }
    }

    private int protocol(String name) {
        return switch (RuleParser.lower(name)) {
            case "tcp" -> RuleSpec.TCP;
            case "udp" -> RuleSpec.UDP;
            case "icmp" -> RuleSpec.ICMP;
            case "ipv6-icmp", "icmpv6", "icmp6" -> RuleSpec.ICMPV6;
            case "all" -> RuleSpec.ANY;
            default -> {
                if (!name.matches("[0-9]{1,3}") || Integer.parseInt(name) > 255) {
                    throw p.error(p.lastWord(), "unknown protocol '" + name
                        + "': use tcp, udp, icmp, ipv6-icmp, all or a number 0..255");
                }
                yield Integer.parseInt(name);
            }
        };
    }

    private void module() {
        final String module = p.next("a match module (tcp, udp, icmp, icmp6, length, limit or statistic)");
        if (!MODULES.contains(module)) {
            throw p.error(p.lastWord(), "unknown match module '" + module
                + "': known are tcp, udp, icmp, icmp6, length, limit, statistic");
        }
        if (!modules.add(module)) {
            throw p.error(p.lastWord(), "match module '" + module + "' given twice");
        }
    }

    private int[] ports() {
        final String value = p.next("a port or port range");
        final int colon = value.indexOf(':');
        final String low = colon < 0 ? value : value.substring(0, colon);
        final String high = colon < 0 ? value : value.substring(colon + 1);
        final int min = low.isEmpty() ? 0 : port(low);
        final int max = high.isEmpty() ? 0xFFFF : port(high);
        if (min > max) {
            throw p.error(p.lastWord(), "port range '" + value + "' runs backwards");
        }
        return new int[]{min, max};
    }

    private int port(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 0xFFFF) {
            throw p.error(p.lastWord(), "port '" + text + "' is not a number 0..65535");
        }
        return Integer.parseInt(text);
    }

    private void flags(String name, int word, boolean negated) {
        if (seen.contains("--tcp-flags") && seen.contains("--syn")) {
            throw p.error(word, "--syn and --tcp-flags cannot be combined");
        }
        if (name.equals("--syn")) {
            flagsMask = SYN_MASK;
            flagsValue = TcpHeader.SYN;
        } else {
            flagsMask = flagSet(p.next("the flags to examine (e.g. SYN,ACK)"));
            flagsValue = flagSet(p.next("the flags that must be set (e.g. SYN)"));
            if ((flagsValue & ~flagsMask) != 0) {
                throw p.error(p.lastWord(), "flags that must be set are not all among the examined ones");
            }
        }
        flagsNegated = negated;
        flagsWord = word;
    }

    private int flagSet(String list) {
        if (list.equals("ALL")) {
            return 0xFF;
        }
        if (list.equals("NONE")) {
            return 0;
        }
        int flags = 0;
        for (String flag : list.split(",", -1)) {
            final int bit = TcpHeader.flagBit(flag);
            if (bit < 0) {
                throw p.error(p.lastWord(), "unknown TCP flag '" + flag
                    + "': use FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, ALL or NONE");
            }
            flags |= 1 << bit;
        }
        return flags;
    }

    private void icmp(String name, int word, boolean negated) {
        if (seen.contains("--icmp-type") && seen.contains("--icmpv6-type")) {
            throw p.error(word, "--icmp-type and --icmpv6-type cannot be combined");
        }
        icmpV6 = name.equals("--icmpv6-type");
        final String value = p.next("an ICMP type (a name, N or N/M)");
        final int[] named = (icmpV6 ? IcmpMatch.V6_NAMES : IcmpMatch.V4_NAMES).get(value);
        if (named != null) {
            icmp = new IcmpMatch(named[0], named[1], negated);
        } else if (value.matches("[0-9]{1,3}(/[0-9]{1,3})?")) {
            final int slash = value.indexOf('/');
            final int type = Integer.parseInt(slash < 0 ? value : value.substring(0, slash));
            final int code = slash < 0 ? RuleSpec.ANY : Integer.parseInt(value.substring(slash + 1));
            if (type > 255 || code > 255) {
                throw p.error(p.lastWord(), "ICMP type and code must be 0..255, not '" + value + "'");
            }
            icmp = new IcmpMatch(type, code, negated);
        } else {
            throw p.error(p.lastWord(), "unknown ICMP" + (icmpV6 ? "v6" : "") + " type '" + value
                + "': use a number, type/code, or a name such as "
                + (icmpV6 ? "echo-request or packet-too-big" : "echo-request or fragmentation-needed"));
        }
        icmpWord = word;
    }

    private void length(String name, int word, boolean negated) {
        if (!modules.contains("length")) {
            throw p.error(word, "'" + name + "' needs '-m length' before it");
        }
        final String value = p.next("a length or length range");
        final int colon = value.indexOf(':');
        final String low = colon < 0 ? value : value.substring(0, colon);
        final String high = colon < 0 ? value : value.substring(colon + 1);
        if (!low.matches("[0-9]{0,5}") || !high.matches("[0-9]{0,5}")) {
            throw p.error(p.lastWord(), "length '" + value + "' is not a number or range within 0..65535");
        }
        final int min = low.isEmpty() ? 0 : Integer.parseInt(low);
        final int max = high.isEmpty() ? 0xFFFF : Integer.parseInt(high);
        if (max > 0xFFFF || min > max) {
            throw p.error(p.lastWord(), "length '" + value + "' is not a range within 0..65535 in order");
        }
        length = new LengthMatch(min, max, negated);
    }

    private void limit(String name, int word) {
        if (!modules.contains("limit")) {
            throw p.error(word, "'" + name + "' needs '-m limit' before it");
        }
        final String value = p.next(name.equals("--limit") ? "a rate such as 10/second" : "a burst in packets");
        if (name.equals("--limit-burst")) {
            limitBurst = p.number(value, p.lastWord(), "burst");
            if (limitBurst < 1) {
                throw p.error(p.lastWord(), "the burst must be at least 1");
            }
            return;
        }
        final int slash = value.indexOf('/');
        final String count = slash < 0 ? value : value.substring(0, slash);
        limitUnit = slash < 0 ? RateLimit.Unit.SECOND : RateLimit.Unit.parse(value.substring(slash + 1));
        if (limitUnit == null) {
            throw p.error(p.lastWord(), "unknown unit in '" + value + "': use second, minute, hour or day");
        }
        limitCount = p.number(count, p.lastWord(), "rate");
        if (limitCount < 1) {
            throw p.error(p.lastWord(), "the rate must be at least 1 per " + limitUnit.text());
        }
    }

    private void statistic(String name, int word) {
        if (!modules.contains("statistic")) {
            throw p.error(word, "'" + name + "' needs '-m statistic' before it");
        }
        final String value = p.next(name.equals("--mode") ? "a mode (random)" : "a probability");
        if (name.equals("--mode")) {
            if (!value.equals("random")) {
                throw p.error(p.lastWord(), "only '--mode random' is supported, not '" + value + "'");
            }
            randomMode = true;
            statisticWord = word;
            return;
        }
        try {
            probability = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            probability = Double.NaN;
        }
        if (!(probability > 0 && probability <= 1)) {
            throw p.error(p.lastWord(), "probability '" + value + "' must be a number in (0, 1]");
        }
        statisticWord = word;
    }

    private void target(int word) {
        final String value = p.next("a target (ACCEPT, DROP or REJECT)");
        try {
            target = Target.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw p.error(p.lastWord(), "unknown target '" + value + "': use ACCEPT, DROP or REJECT");
        }
        targetWord = word;
    }

    private void rejectWith(int word) {
        final String value = p.next("the answer to send");
        for (RejectWith r : RejectWith.values()) {
            if (r.optionName().equals(value) || r.optionName().replace("icmp-", "icmp6-").equals(value)
                || value.equals("icmp6-adm-prohibited") && r == RejectWith.ICMP_ADMIN_PROHIBITED) {
                rejectWith = r;
                rejectWord = word;
                return;
            }
        }
        throw p.error(p.lastWord(), "unknown answer '" + value
            + "': use icmp-port-unreachable, icmp-admin-prohibited or tcp-reset");
    }

    RuleSpec build() {
        final int end = Integer.MAX_VALUE;
        if (target == null) {
            throw p.error(end, "a rule needs a target: -j ACCEPT, -j DROP or -j REJECT");
        }
        checkFamilies();
        if ((sportMin != RuleSpec.ANY || dportMin != RuleSpec.ANY)
            && (protocolNegated || protocol != RuleSpec.TCP && protocol != RuleSpec.UDP)) {
            throw p.error(portWord, "a port match needs '-p tcp' or '-p udp' (not negated)");
        }
        if (flagsMask != 0 && (protocolNegated || protocol != RuleSpec.TCP)) {
            throw p.error(flagsWord, "a TCP flags match needs '-p tcp'");
        }
        if (icmp != null && (protocolNegated || protocol != (icmpV6 ? RuleSpec.ICMPV6 : RuleSpec.ICMP))) {
            throw p.error(icmpWord, icmpV6 ? "--icmpv6-type needs '-p ipv6-icmp'" : "--icmp-type needs '-p icmp'");
        }
        if (modules.contains("length") && length == null) {
            throw p.error(Integer.MAX_VALUE, "'-m length' needs '--length min[:max]'");
        }
        if (modules.contains("statistic") && (!randomMode || probability == 1.0 && !seen.contains("--probability"))) {
            throw p.error(statisticWord < 0 ? end : statisticWord,
                "'-m statistic' needs '--mode random --probability P'");
        }
        if (rejectWith != null && target != Target.REJECT) {
            throw p.error(rejectWord, "--reject-with goes with -j REJECT only");
        }
        if (target == Target.REJECT && rejectWith == null) {
            rejectWith = RejectWith.ICMP_PORT_UNREACHABLE;
        }
        if (rejectWith == RejectWith.TCP_RESET && (protocol != RuleSpec.TCP || protocolNegated)) {
            throw p.error(rejectWord, "--reject-with tcp-reset needs '-p tcp'");
        }
        final RateLimit limit = modules.contains("limit") ? new RateLimit(limitCount, limitUnit, limitBurst) : null;
        return new RuleSpec(family, source, sourceNegated, dest, destNegated, protocol, protocolNegated,
            sportMin, sportMax, sportNegated, dportMin, dportMax, dportNegated,
            flagsMask, flagsValue, flagsNegated, icmp, length, limit, probability, target, rejectWith);
    }

    private void checkFamilies() {
        if (source != null && dest != null && source.family() != dest.family()) {
            throw p.error(destWord, "source is IPv" + source.family() + " but destination is IPv" + dest.family());
        }
        final Prefix any = source != null ? source : dest;
        if (any == null) {
            return;
        }
        if (family != 0 && family != any.family()) {
            throw p.error(source != null ? sourceWord : destWord, "address is IPv" + any.family()
                + " but the rule says -" + family);
        }
        family = any.family();
    }
}
