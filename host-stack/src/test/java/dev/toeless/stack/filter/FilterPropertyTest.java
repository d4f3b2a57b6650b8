package dev.toeless.stack.filter;

import dev.toeless.nic.sim.SimRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FilterPropertyTest {

    /**
     * A chain of random header-only rules gives the verdict a plain reference evaluator gives: the
     * first rule whose every match holds, else the policy. Addresses are drawn near the rules'
     * prefixes so both outcomes occur.
     */
    @Property(tries = 300)
    void verdictsAgreeWithAReferenceEvaluator(@ForAll long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final PacketFilter filter = new PacketFilter(new SimRandom(seed));
        final List<RuleSpec> rules = new ArrayList<>();
        final int[] nets = {0x0A000000, 0xC0A80100, 0xAC100000};
        for (int i = 0; i < 1 + r.nextInt(8); i++) {
            final String text = randomRule(r, nets);
            final RuleSpec spec = RuleParser.parseSpec(text);
            rules.add(spec);
            filter.append(Hook.INPUT, spec);
        }
        final Target policy = r.nextBoolean() ? Target.ACCEPT : Target.DROP;
        filter.setPolicy(Hook.INPUT, policy);
        for (int i = 0; i < 200; i++) {
            final int src = nets[r.nextInt(3)] ^ (r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(1 << 12));
            final int dst = nets[r.nextInt(3)] ^ r.nextInt(1 << 12);
            final int proto = new int[]{6, 17, 1}[r.nextInt(3)];
            final int sport = proto == 1 ? -1 : r.nextInt(2000);
            final int dport = proto == 1 ? -1 : r.nextInt(2000);
            final int flags = proto == 6 ? r.nextInt(256) : 0;
            final int length = 20 + r.nextInt(3000);
            final int icmpType = proto == 1 && r.nextInt(4) > 0 ? r.nextInt(4) : -1;
            final int icmpCode = r.nextInt(3);
            final FilterPacket packet = new FilterPacket().v4(src, dst, proto, sport, dport, flags, length);
            if (icmpType >= 0) {
                packet.icmp(icmpType, icmpCode);
            }
            final Verdict got = filter.evaluate(Hook.INPUT, i, packet);
            Verdict expected = policy == Target.ACCEPT ? Verdict.ACCEPT : Verdict.DROP;
            for (RuleSpec spec : rules) {
                if (reference(spec, src, dst, proto, sport, dport, flags)
                    && referenceIcmpAndLength(spec, icmpType, icmpCode, length)) {
                    expected = switch (spec.target()) {
                        case ACCEPT -> Verdict.ACCEPT;
                        case DROP -> Verdict.DROP;
                        case REJECT -> spec.rejectWith().verdict();
                    };
                    break;
                }
            }
            assertThat(got).as("seed %d packet %d", seed, i).isEqualTo(expected);
        }
    }

    /**
     * A rate-limited rule matches at most count * t / period + burst packets over a window of
     * virtual time (windows start at random packets; the one ending at a packet counts it), and
     * every packet it passes up falls through to the policy.
     */
    @Property(tries = 200)
    void rateMatchNeverExceedsRateTimesTimePlusBurst(@ForAll @IntRange(min = 1, max = 1000) int count,
                                                     @ForAll @IntRange(min = 1, max = 50) int burst,
                                                     @ForAll long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final PacketFilter filter = new PacketFilter(new SimRandom(seed));
        filter.execute("-A OUTPUT -m limit --limit " + count + "/second --limit-burst " + burst + " -j ACCEPT");
        filter.execute("-P OUTPUT DROP");
        final long start = r.nextLong(1L << 40);
        long now = start;
        long matched = 0;
        long windowStart = start;
        long matchedBefore = 0;
        for (int i = 0; i < 3000; i++) {
            // quiet stretches that fill the bucket, then dense bursts that drain it
            now += r.nextInt(10) == 0 ? r.nextLong(0, 20_000_000_000L / count)
                : r.nextLong(0, 100_000_000L / count + 1);
            if (filter.evaluateV4(Hook.OUTPUT, now, 1, 2, 17, 1, 2, 0, 100).accepted()) {
                matched++;
            }
            final double allowed = (double) count * (now - windowStart) / 1e9 + burst;
            assertThat((double) (matched - matchedBefore)).as("seed %d", seed).isLessThanOrEqualTo(allowed + 1e-9);
            if (r.nextInt(50) == 0) { // a new window starts at an arbitrary packet
                windowStart = now;
                matchedBefore = matched;
            }
        }
        assertThat(matched + filter.policyPackets(Hook.OUTPUT)).isEqualTo(3000);
        assertThat(filter.list(Hook.OUTPUT).getFirst().packets()).isEqualTo(matched);
    }

    private static String randomRule(SplittableRandom r, int[] nets) {
        final StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            sb.append(r.nextBoolean() ? "! " : "").append("-s ").append(Prefix.v4(nets[r.nextInt(3)], r.nextInt(33)))
                .append(' ');
        }
        if (r.nextBoolean()) {
            sb.append(r.nextBoolean() ? "! " : "").append("-d ")
                .append(Prefix.v4(nets[r.nextInt(3)], 16 + r.nextInt(17)))
                .append(' ');
        }
        final int proto = r.nextInt(4);
        if (proto == 1 || proto == 2) {
            sb.append("-p ").append(proto == 1 ? "tcp " : "udp ");
            if (r.nextBoolean()) {
                final int a = r.nextInt(2000);
                sb.append(r.nextBoolean() ? "! " : "").append("--dport ").append(a).append(':')
                    .append(a + r.nextInt(500)).append(' ');
            }
            if (r.nextBoolean()) {
                sb.append("--sport ").append(r.nextInt(2000)).append(' ');
            }
            if (proto == 1 && r.nextBoolean()) {
                final int mask = 1 + r.nextInt(255);
                sb.append(r.nextBoolean() ? "! " : "").append("--tcp-flags ")
                    .append(RuleSpec.flagList(mask)).append(' ')
                    .append(RuleSpec.flagList(mask & r.nextInt(256))).append(' ');
            }
        } else if (proto == 3) {
            if (r.nextBoolean()) {
                sb.append(r.nextBoolean() ? "! " : "").append("-p icmp ");
            } else {
                sb.append("-p icmp ").append(r.nextBoolean() ? "! " : "").append("--icmp-type ").append(r.nextInt(4))
                    .append(r.nextBoolean() ? "/" + r.nextInt(3) + " " : " ");
            }
        }
        if (r.nextInt(4) == 0) {
            final int min = r.nextInt(1500);
            sb.append("-m length ").append(r.nextBoolean() ? "! " : "").append("--length ").append(min).append(':')
                .append(min + r.nextInt(1500)).append(' ');
        }
        sb.append("-j ").append(new String[]{"ACCEPT", "DROP", "REJECT"}[r.nextInt(3)]);
        return sb.toString();
    }

    private static boolean referenceIcmpAndLength(RuleSpec s, int type, int code, int length) {
        boolean ok = true;
        if (s.icmp() != null) {
            ok = type >= 0 && (type == s.icmp().type() && (s.icmp().code() < 0 || code == s.icmp().code()))
                != s.icmp().negated();
        }
        if (s.length() != null) {
            ok &= (length >= s.length().min() && length <= s.length().max()) != s.length().negated();
        }
        return ok;
    }

    private static boolean reference(RuleSpec s, int src, int dst, int proto, int sport, int dport, int flags) {
        boolean ok = true;
        if (s.source() != null) {
            ok &= s.source().containsV4(src) != s.sourceNegated();
        }
        if (s.dest() != null) {
            ok &= s.dest().containsV4(dst) != s.destNegated();
        }
        if (s.protocol() != RuleSpec.ANY) {
            ok &= (s.protocol() == proto) != s.protocolNegated();
        }
        if (s.sportMin() != RuleSpec.ANY) {
            ok &= sport >= 0 && (sport >= s.sportMin() && sport <= s.sportMax()) != s.sportNegated();
        }
        if (s.dportMin() != RuleSpec.ANY) {
            ok &= dport >= 0 && (dport >= s.dportMin() && dport <= s.dportMax()) != s.dportNegated();
        }
        if (s.flagsMask() != 0) {
            ok &= ((flags & s.flagsMask()) == s.flagsValue()) != s.flagsNegated();
        }
        return ok;
    }
}
