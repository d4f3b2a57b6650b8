package dev.toeless.stack.filter;

import dev.toeless.nic.sim.SimRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

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
            final Verdict got = filter.evaluateV4(Hook.INPUT, i, src, dst, proto, sport, dport, flags, 100);
            Verdict expected = policy == Target.ACCEPT ? Verdict.ACCEPT : Verdict.DROP;
            for (RuleSpec spec : rules) {
                if (reference(spec, src, dst, proto, sport, dport, flags)) {
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

    private static String randomRule(SplittableRandom r, int[] nets) {
        final StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            sb.append(r.nextBoolean() ? "! " : "").append("-s ").append(Prefix.v4(nets[r.nextInt(3)], r.nextInt(33)))
                .append(' ');
        }
        if (r.nextBoolean()) {
            sb.append(r.nextBoolean() ? "! " : "").append("-d ").append(Prefix.v4(nets[r.nextInt(3)], 16 + r.nextInt(17)))
                .append(' ');
        }
        final int proto = r.nextInt(4);
        if (proto == 1 || proto == 2) {
            sb.append("-p ").append(proto == 1 ? "tcp " : "udp ");
            if (r.nextBoolean()) {
                final int a = r.nextInt(2000);
                sb.append(r.nextBoolean() ? "! " : "").append("--dport ").append(a).append(':').append(a + r.nextInt(500)).append(' ');
            }
            if (r.nextBoolean()) {
                sb.append("--sport ").append(r.nextInt(2000)).append(' ');
            }
            if (proto == 1 && r.nextBoolean()) {
                final int mask = 1 + r.nextInt(255);
                sb.append(r.nextBoolean() ? "! " : "").append("--tcp-flags ").append(RuleSpec.flagList(mask)).append(' ')
                    .append(RuleSpec.flagList(mask & r.nextInt(256))).append(' ');
            }
        } else if (proto == 3) {
            sb.append(r.nextBoolean() ? "! " : "").append("-p icmp ");
        }
        sb.append("-j ").append(new String[]{"ACCEPT", "DROP", "REJECT"}[r.nextInt(3)]);
        return sb.toString();
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
