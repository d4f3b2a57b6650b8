package dev.toeless.stack.filter;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.qdisc.TokenBucket;

/**
 * A rule installed in a chain: its spec unpacked into primitive fields for the per-packet test,
 * its counters and its rate bucket. Owned by {@link PacketFilter}; callers see
 * {@link RuleView} snapshots.
 */
final class Rule {
    final long id;
    final RuleSpec spec;
    final Verdict verdict;
    private final int family;
    private final boolean matchSource;
    private final boolean sourceNegated;
    private final long srcNetHi;
    private final long srcNetLo;
    private final long srcMaskHi;
    private final long srcMaskLo;
    private final boolean matchDest;
    private final boolean destNegated;
    private final long dstNetHi;
    private final long dstNetLo;
    private final long dstMaskHi;
    private final long dstMaskLo;
    private final int protocol;
    private final boolean protocolNegated;
    private final int sportMin;
    private final int sportMax;
    private final boolean sportNegated;
    private final int dportMin;
    private final int dportMax;
    private final boolean dportNegated;
    private final int flagsMask;
    private final int flagsValue;
    private final boolean flagsNegated;
    private final IcmpMatch icmp;
    private final LengthMatch length;
    private final double probability;
    private final TokenBucket limit;
    long packets;
    long bytes;

    Rule(long id, RuleSpec spec) {
        this.id = id;
        this.spec = spec;
        this.verdict = switch (spec.target()) {
            case ACCEPT -> Verdict.ACCEPT;
            case DROP -> Verdict.DROP;
            case REJECT -> spec.rejectWith().verdict();
        };
        this.family = spec.family();
        final Prefix s = spec.source();
        this.matchSource = s != null;
        this.sourceNegated = spec.sourceNegated();
        this.srcNetHi = s == null ? 0 : s.hi();
        this.srcNetLo = s == null ? 0 : s.lo();
        this.srcMaskHi = s == null ? 0 : s.maskHi();
        this.srcMaskLo = s == null ? 0 : s.maskLo();
        final Prefix d = spec.dest();
        this.matchDest = d != null;
        this.destNegated = spec.destNegated();
        this.dstNetHi = d == null ? 0 : d.hi();
        this.dstNetLo = d == null ? 0 : d.lo();
        this.dstMaskHi = d == null ? 0 : d.maskHi();
        this.dstMaskLo = d == null ? 0 : d.maskLo();
        this.protocol = spec.protocol();
        this.protocolNegated = spec.protocolNegated();
        this.sportMin = spec.sportMin();
        this.sportMax = spec.sportMax();
        this.sportNegated = spec.sportNegated();
        this.dportMin = spec.dportMin();
        this.dportMax = spec.dportMax();
        this.dportNegated = spec.dportNegated();
        this.flagsMask = spec.flagsMask();
        this.flagsValue = spec.flagsValue();
        this.flagsNegated = spec.flagsNegated();
        this.icmp = spec.icmp();
        this.length = spec.length();
        this.probability = spec.probability();
        final RateLimit l = spec.limit();
        this.limit = l == null ? null : new TokenBucket(l.count(), l.unit().periodNs(), l.burst());
    }

    /**
     * Whether the rule matches. Header matches first; then the random draw (so the seeded stream
     * is consumed only by packets the header matches select), then the rate bucket (so only
     * sampled packets spend tokens).
     */
    boolean matches(FilterPacket p, long nowNs, SimRandom random) {
        if (family != 0 && family != p.family) {
            return false;
        }
        if (protocol != RuleSpec.ANY && (protocol == p.protocol) == protocolNegated) {
            return false;
        }
        if (matchSource && (((p.srcHi ^ srcNetHi) & srcMaskHi) == 0 && ((p.srcLo ^ srcNetLo) & srcMaskLo) == 0)
            == sourceNegated) {
            return false;
        }
        if (matchDest && (((p.dstHi ^ dstNetHi) & dstMaskHi) == 0 && ((p.dstLo ^ dstNetLo) & dstMaskLo) == 0)
            == destNegated) {
            return false;
        }
        if (sportMin != RuleSpec.ANY && !portMatches(p.srcPort, sportMin, sportMax, sportNegated)) {
            return false;
        }
        if (dportMin != RuleSpec.ANY && !portMatches(p.dstPort, dportMin, dportMax, dportNegated)) {
            return false;
        }
        if (flagsMask != 0 && ((p.tcpFlags & flagsMask) == flagsValue) == flagsNegated) {
            return false;
        }
        if (icmp != null && !icmp.matches(p.icmpType, p.icmpCode)) {
            return false;
        }
        if (length != null && !length.matches(p.lengthBytes)) {
            return false;
        }
        if (probability < 1.0 && !(random.nextDouble() < probability)) {
            return false;
        }
        return limit == null || limit.tryTake(nowNs, 1);
    }

    private static boolean portMatches(int port, int min, int max, boolean negated) {
        if (port < 0) {
            return false;
        }
        return (port >= min && port <= max) != negated;
    }
}
