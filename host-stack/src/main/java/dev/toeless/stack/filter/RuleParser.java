package dev.toeless.stack.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads filter commands in a subset of iptables' syntax, for both families in one table:
 *
 * <pre>
 * -A CHAIN spec | -I CHAIN [n] spec | -R CHAIN n spec | -D CHAIN (n | spec)
 * -P CHAIN ACCEPT|DROP | -F [CHAIN] | -Z [CHAIN] | -L [CHAIN] | -S [CHAIN]
 *
 * spec: [-4|-6] [[!] -s addr[/len]] [[!] -d addr[/len]] [[!] -p tcp|udp|icmp|ipv6-icmp|all|N]
 *       [-m tcp|udp] [[!] --sport p[:q]] [[!] --dport p[:q]] [[!] --tcp-flags MASK COMP | [!] --syn]
 *       [-m icmp] [[!] --icmp-type T[/C]|name] [-m icmp6] [[!] --icmpv6-type T[/C]|name]
 *       [-m length [!] --length min[:max]]
 *       [-m statistic --mode random --probability P] [-m limit [--limit N/unit] [--limit-burst B]]
 *       -j ACCEPT|DROP|REJECT [--reject-with icmp-port-unreachable|icmp-admin-prohibited|tcp-reset]
 * </pre>
 *
 * CHAIN is PREROUTING, INPUT or OUTPUT. Long option names work too ({@code --append},
 * {@code --source}, {@code --destination-port}, ...). Flags are FIN SYN RST PSH ACK URG ECE CWR,
 * ALL or NONE, comma-separated; {@code --syn} means {@code --tcp-flags FIN,SYN,RST,ACK SYN}.
 * ICMP types take iptables' names (echo-request, fragmentation-needed, ...; for ICMPv6
 * packet-too-big, neighbour-solicitation, ...) or numbers; the length is the IP packet's. A
 * limit's unit is s/sec/second, m/min/minute, h/hour or d/day; its defaults are 3/hour and a
 * burst of 5, as in iptables. The family follows from the addresses; without addresses and
 * without -4/-6 a rule applies to both. Every error is a {@link RuleSyntaxException} pointing at
 * the offending word.
 */
public final class RuleParser {
    private final String text;
    private final List<String> words = new ArrayList<>();
    private final List<Integer> columns = new ArrayList<>();
    private int at;

    private RuleParser(String text) {
        this.text = text;
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            final int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            words.add(text.substring(start, i));
            columns.add(start);
        }
    }

    /** Parses one command. */
    public static FilterCommand parse(String command) {
        return new RuleParser(command).command();
    }

    /** Parses a rule spec alone (no command word, no chain). */
    public static RuleSpec parseSpec(String spec) {
        return new RuleParser(spec).spec();
    }

    private FilterCommand command() {
        if (words.isEmpty()) {
            throw error(0, "empty command: expected -A, -I, -R, -D, -P, -F, -Z, -L or -S");
        }
        final String verb = next();
        return switch (verb) {
            case "-A", "--append" -> new FilterCommand.Append(chain(), spec());
            case "-I", "--insert" -> {
                final Hook hook = chain();
                final int position = peekIsNumber() ? position() : 1;
                yield new FilterCommand.Insert(hook, position, spec());
            }
            case "-R", "--replace" -> {
                final Hook hook = chain();
                yield new FilterCommand.Replace(hook, position(), spec());
            }
            case "-D", "--delete" -> {
                final Hook hook = chain();
                if (peekIsNumber()) {
                    final FilterCommand.DeleteAt delete = new FilterCommand.DeleteAt(hook, position());
                    expectEnd();
                    yield delete;
                }
                yield new FilterCommand.DeleteSpec(hook, spec());
            }
            case "-P", "--policy" -> {
                final Hook hook = chain();
                final String target = next("a policy (ACCEPT or DROP)");
                if (!target.equals("ACCEPT") && !target.equals("DROP")) {
                    throw error(at - 1, "a chain policy must be ACCEPT or DROP, not '" + target + "'");
                }
                expectEnd();
                yield new FilterCommand.Policy(hook, Target.valueOf(target));
            }
            case "-F", "--flush" -> new FilterCommand.Flush(optionalChainThenEnd());
            case "-Z", "--zero" -> new FilterCommand.Zero(optionalChainThenEnd());
            case "-L", "--list" -> new FilterCommand.ListRules(optionalChainThenEnd(), true);
            case "-S", "--list-rules" -> new FilterCommand.ListRules(optionalChainThenEnd(), false);
            default -> throw error(0, "unknown command '" + verb + "': expected -A, -I, -R, -D, -P, -F, -Z, -L or -S");
        };
    }

    private RuleSpec spec() {
        final SpecBuilder b = new SpecBuilder(this);
        while (at < words.size()) {
            boolean negated = false;
            if (peek().equals("!")) {
                next();
                negated = true;
                if (at >= words.size()) {
                    throw error(text.length(), "'!' must be followed by the option it negates");
                }
            }
            final int column = at;
            final String option = next();
            b.option(option, column, negated);
        }
        return b.build();
    }

    private Hook chain() {
        final String name = next("a chain (PREROUTING, INPUT or OUTPUT)");
        return hook(name, at - 1);
    }

    private Hook hook(String name, int word) {
        for (Hook h : Hook.values()) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        throw error(word, "no chain '" + name + "': chains are PREROUTING, INPUT and OUTPUT");
    }

    private Hook optionalChainThenEnd() {
        if (at >= words.size()) {
            return null;
        }
        final Hook hook = hook(next(), at - 1);
        expectEnd();
        return hook;
    }

    private int position() {
        final String word = next("a rule number");
        final int value = number(word, at - 1, "rule number");
        if (value < 1) {
            throw error(at - 1, "rule numbers start at 1");
        }
        return value;
    }

    private boolean peekIsNumber() {
        return at < words.size() && peek().matches("[0-9]+");
    }

    private void expectEnd() {
        if (at < words.size()) {
            throw error(at, "unexpected '" + peek() + "' after the command");
        }
    }

    String peek() {
        return words.get(at);
    }

    boolean more() {
        return at < words.size();
    }

    String next() {
        return words.get(at++);
    }

    /** The next word, or an error saying what was expected there. */
    String next(String expected) {
        if (at >= words.size()) {
            throw error(text.length(), "expected " + expected + " at the end");
        }
        return next();
    }

    /** The word index of the last word read. */
    int lastWord() {
        return at - 1;
    }

    int number(String word, int wordIndex, String what) {
        if (!word.matches("[0-9]{1,9}")) {
            throw error(wordIndex, what + " '" + word + "' is not a number");
        }
        return Integer.parseInt(word);
    }

    RuleSyntaxException error(int wordIndex, String problem) {
        final int column = wordIndex >= columns.size() ? text.length() : columns.get(wordIndex);
        return new RuleSyntaxException(text, column, problem);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
