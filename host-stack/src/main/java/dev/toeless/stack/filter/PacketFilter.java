package dev.toeless.stack.filter;

import dev.toeless.nic.sim.SimRandom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Netfilter-like packet filtering for the IP layer: three hook chains ({@link Hook}), each an
 * ordered list of rules and a policy. A packet is tested against the chain's rules in order; the
 * first that matches decides ({@link Verdict}); if none does, the policy does. Rules are added,
 * replaced, removed and listed at run time, programmatically or with iptables-like commands
 * ({@link #execute(String)}, syntax in {@link RuleParser}). Each rule counts the packets and bytes
 * it matched; each chain counts the packets its policy decided.
 *
 * <p>Evaluation allocates nothing: a change builds a new rule array for the chain, evaluation
 * walks the current one. A rule keeps its counters and rate bucket when others are added or
 * removed around it. Random matches draw from the {@link SimRandom} given at construction, so a
 * run with loss injected by a rule replays from its seed. One owner, one thread.
 */
public final class PacketFilter {
    private static final Rule[] EMPTY = new Rule[0];
    private static final int VERDICT_COUNT = Verdict.values().length;

    private final SimRandom random;
    private final Rule[][] chains = new Rule[Hook.values().length][];
    private final Target[] policies = new Target[Hook.values().length];
    private final long[] policyPackets = new long[Hook.values().length];
    private final long[] policyBytes = new long[Hook.values().length];
    private final long[] evaluated = new long[Hook.values().length];
    private final long[] verdicts = new long[Hook.values().length * VERDICT_COUNT];
    private final FilterPacket scratch = new FilterPacket();
    private long nextId = 1;

    /** Empty chains with ACCEPT policies; {@code random} feeds the probability matches. */
    public PacketFilter(SimRandom random) {
        this.random = random;
        Arrays.fill(chains, EMPTY);
        Arrays.fill(policies, Target.ACCEPT);
    }

    /** The verdict for {@code packet} at {@code hook}; updates the counters. */
    public Verdict evaluate(Hook hook, long nowNs, FilterPacket packet) {
        final int h = hook.ordinal();
        evaluated[h]++;
        final Rule[] rules = chains[h];
        Verdict verdict = null;
        for (Rule rule : rules) {
            if (rule.matches(packet, nowNs, random)) {
                rule.packets++;
                rule.bytes += packet.lengthBytes;
                verdict = rule.verdict;
                break;
            }
        }
        if (verdict == null) {
            policyPackets[h]++;
            policyBytes[h] += packet.lengthBytes;
            verdict = policies[h] == Target.ACCEPT ? Verdict.ACCEPT : Verdict.DROP;
        }
        verdicts[h * VERDICT_COUNT + verdict.ordinal()]++;
        return verdict;
    }

    /** {@link #evaluate} for an IPv4 packet given as plain fields (ports -1 when absent). */
    public Verdict evaluateV4(Hook hook, long nowNs, int src, int dst, int protocol,
                              int srcPort, int dstPort, int tcpFlags, int lengthBytes) {
        return evaluate(hook, nowNs, scratch.v4(src, dst, protocol, srcPort, dstPort, tcpFlags, lengthBytes));
    }

    /** {@link #evaluate} for an IPv6 packet given as plain fields (ports -1 when absent). */
    public Verdict evaluateV6(Hook hook, long nowNs, long srcHi, long srcLo, long dstHi, long dstLo,
                              int protocol, int srcPort, int dstPort, int tcpFlags, int lengthBytes) {
        return evaluate(hook, nowNs,
            scratch.v6(srcHi, srcLo, dstHi, dstLo, protocol, srcPort, dstPort, tcpFlags, lengthBytes));
    }

    /** Whether the chain would accept everything without looking (no rules, ACCEPT policy). */
    public boolean isPassThrough(Hook hook) {
        return chains[hook.ordinal()].length == 0 && policies[hook.ordinal()] == Target.ACCEPT;
    }

    /** Appends a rule; returns its id. */
    public long append(Hook hook, RuleSpec spec) {
        return insert(hook, chains[hook.ordinal()].length + 1, spec);
    }

    /** Inserts a rule before position {@code position} (1-based; length+1 appends); returns its id. */
    public long insert(Hook hook, int position, RuleSpec spec) {
        final Rule[] old = chains[hook.ordinal()];
        if (position < 1 || position > old.length + 1) {
            throw new IllegalArgumentException("cannot insert at " + position + " in " + hook
                + " (" + old.length + " rules)");
        }
        final Rule rule = new Rule(nextId++, spec);
        final Rule[] rules = new Rule[old.length + 1];
        System.arraycopy(old, 0, rules, 0, position - 1);
        rules[position - 1] = rule;
        System.arraycopy(old, position - 1, rules, position, old.length - position + 1);
        chains[hook.ordinal()] = rules;
        return rule.id;
    }

    /** Replaces the rule at {@code position} with a fresh one (new counters); returns its id. */
    public long replace(Hook hook, int position, RuleSpec spec) {
        final Rule[] rules = chains[hook.ordinal()].clone();
        checkPosition(hook, position, rules.length);
        rules[position - 1] = new Rule(nextId++, spec);
        chains[hook.ordinal()] = rules;
        return rules[position - 1].id;
    }

    /** Deletes the rule at {@code position} (1-based). */
    public void deleteAt(Hook hook, int position) {
        final Rule[] old = chains[hook.ordinal()];
        checkPosition(hook, position, old.length);
        final Rule[] rules = new Rule[old.length - 1];
        System.arraycopy(old, 0, rules, 0, position - 1);
        System.arraycopy(old, position, rules, position - 1, old.length - position);
        chains[hook.ordinal()] = rules;
    }

    /** Deletes the first rule equal to {@code spec}; false when there is none. */
    public boolean delete(Hook hook, RuleSpec spec) {
        final Rule[] rules = chains[hook.ordinal()];
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].spec.equals(spec)) {
                deleteAt(hook, i + 1);
                return true;
            }
        }
        return false;
    }

    /** Deletes the rule with this id from whichever chain has it; false when none does. */
    public boolean deleteById(long id) {
        for (Hook hook : Hook.values()) {
            final Rule[] rules = chains[hook.ordinal()];
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].id == id) {
                    deleteAt(hook, i + 1);
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes every rule of {@code hook}; the policy stays. */
    public void flush(Hook hook) {
        chains[hook.ordinal()] = EMPTY;
    }

    /** Sets the chain policy, ACCEPT or DROP. */
    public void setPolicy(Hook hook, Target policy) {
        if (policy == Target.REJECT) {
            throw new IllegalArgumentException("a chain policy must be ACCEPT or DROP");
        }
        policies[hook.ordinal()] = policy;
    }

    public Target policy(Hook hook) {
        return policies[hook.ordinal()];
    }

    /** Zeroes the rule and policy counters of {@code hook}. */
    public void zeroCounters(Hook hook) {
        for (Rule rule : chains[hook.ordinal()]) {
            rule.packets = 0;
            rule.bytes = 0;
        }
        policyPackets[hook.ordinal()] = 0;
        policyBytes[hook.ordinal()] = 0;
    }

    /** Snapshots of the rules of {@code hook} in order. */
    public List<RuleView> list(Hook hook) {
        final Rule[] rules = chains[hook.ordinal()];
        final List<RuleView> views = new ArrayList<>(rules.length);
        for (int i = 0; i < rules.length; i++) {
            views.add(new RuleView(hook, i + 1, rules[i].id, rules[i].spec, rules[i].packets, rules[i].bytes));
        }
        return views;
    }

    public int ruleCount(Hook hook) {
        return chains[hook.ordinal()].length;
    }

    /** Packets the policy of {@code hook} decided. */
    public long policyPackets(Hook hook) {
        return policyPackets[hook.ordinal()];
    }

    public long policyBytes(Hook hook) {
        return policyBytes[hook.ordinal()];
    }

    /** Packets given {@code verdict} at {@code hook}, by rules or the policy. */
    public long verdicts(Hook hook, Verdict verdict) {
        return verdicts[hook.ordinal() * VERDICT_COUNT + verdict.ordinal()];
    }

    /** Packets evaluated at {@code hook}. */
    public long evaluated(Hook hook) {
        return evaluated[hook.ordinal()];
    }

    /**
     * Runs one iptables-like command (see {@link RuleParser}). Returns the listing for -L/-S, an
     * empty string otherwise.
     *
     * @throws RuleSyntaxException      when the command does not parse
     * @throws IllegalArgumentException when it names a rule that is not there
     */
    public String execute(String command) {
        final FilterCommand parsed = RuleParser.parse(command);
        switch (parsed) {
            case FilterCommand.Append c -> append(c.hook(), c.spec());
            case FilterCommand.Insert c -> insert(c.hook(), c.position(), c.spec());
            case FilterCommand.Replace c -> replace(c.hook(), c.position(), c.spec());
            case FilterCommand.DeleteAt c -> deleteAt(c.hook(), c.position());
            case FilterCommand.DeleteSpec c -> {
                if (!delete(c.hook(), c.spec())) {
                    throw new IllegalArgumentException("no rule in " + c.hook() + " matches: " + c.spec());
                }
            }
            case FilterCommand.Policy c -> setPolicy(c.hook(), c.target());
            case FilterCommand.Flush c -> forEach(c.hook(), this::flush);
            case FilterCommand.Zero c -> forEach(c.hook(), this::zeroCounters);
            case FilterCommand.ListRules c -> {
                return listing(c.hook(), c.counters());
            }
        }
        return "";
    }

    /** The chains in iptables-save form, with {@code [packets:bytes]} counters when asked. */
    public String listing(Hook only, boolean counters) {
        final StringBuilder out = new StringBuilder();
        for (Hook hook : Hook.values()) {
            if (only == null || only == hook) {
                out.append("-P ").append(hook).append(' ').append(policies[hook.ordinal()]);
                if (counters) {
                    out.append(" [").append(policyPackets(hook)).append(':').append(policyBytes(hook)).append(']');
                }
                out.append('\n');
            }
        }
        for (Hook hook : Hook.values()) {
            if (only == null || only == hook) {
                for (RuleView view : list(hook)) {
                    out.append(counters ? view.toString() : "-A " + hook + " " + view.spec()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void forEach(Hook hook, java.util.function.Consumer<Hook> action) {
        if (hook != null) {
            action.accept(hook);
            return;
        }
        for (Hook h : Hook.values()) {
            action.accept(h);
        }
    }

    private static void checkPosition(Hook hook, int position, int length) {
        if (position < 1 || position > length) {
            throw new IllegalArgumentException("no rule " + position + " in " + hook + " (" + length + " rules)");
        }
    }
}
