package dev.toeless.stack.filter;

/**
 * One parsed filter command, as {@link RuleParser} reads it from the iptables-like text. A
 * {@code null} hook in {@link Flush}, {@link Zero} and {@link ListRules} means every chain;
 * positions are 1-based as in iptables.
 */
public sealed interface FilterCommand {
    /** {@code -A CHAIN spec}: add at the end. */
    record Append(Hook hook, RuleSpec spec) implements FilterCommand {
    }

    /** {@code -I CHAIN [position] spec}: insert before the rule at {@code position} (default 1). */
    record Insert(Hook hook, int position, RuleSpec spec) implements FilterCommand {
    }

    /** {@code -R CHAIN position spec}: replace the rule at {@code position}. */
    record Replace(Hook hook, int position, RuleSpec spec) implements FilterCommand {
    }

    /** {@code -D CHAIN position}: delete the rule at {@code position}. */
    record DeleteAt(Hook hook, int position) implements FilterCommand {
    }

    /** {@code -D CHAIN spec}: delete the first rule equal to {@code spec}. */
    record DeleteSpec(Hook hook, RuleSpec spec) implements FilterCommand {
    }

    /** {@code -P CHAIN ACCEPT|DROP}: the chain's policy. */
    record Policy(Hook hook, Target target) implements FilterCommand {
    }

    /** {@code -F [CHAIN]}: remove all rules. */
    record Flush(Hook hook) implements FilterCommand {
    }

    /** {@code -Z [CHAIN]}: zero the packet and byte counters. */
    record Zero(Hook hook) implements FilterCommand {
    }

    /** {@code -L [CHAIN]} (with counters) or {@code -S [CHAIN]} (without). */
    record ListRules(Hook hook, boolean counters) implements FilterCommand {
    }
}
