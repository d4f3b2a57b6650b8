package dev.toeless.bench.packetdrill;

import dev.toeless.stack.tcp.TcpFlags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the part of packetdrill's language (its {@code parser.y}) that Linux's TCP scripts use:
 * {@code --option=value} lines, back-quoted commands, event times (absolute, {@code +relative},
 * {@code ~} windows, {@code ...} return times of blocking calls, {@code *}), TCP packet lines,
 * system calls spanning lines, and {@code %{ }%} blocks. A line it cannot read is a
 * {@link ScriptSyntaxException} naming the line.
 */
final class ScriptParser {
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final String text;
    private int pos;
    private int line = 1;

    private ScriptParser(String text) {
        this.text = text;
    }

    static Script parse(String name, String text) {
        return new ScriptParser(text).script(name);
    }

    private Script script(String name) {
        final Map<String, String> options = new LinkedHashMap<>();
        final List<ScriptEvent> events = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos >= text.length()) {
                break;
            }
            final int at = line;
            if (text.startsWith("--", pos)) {
                final String opt = restOfLine().substring(2).trim();
                final int eq = opt.indexOf('=');
                options.put(eq < 0 ? opt : opt.substring(0, eq), eq < 0 ? "" : opt.substring(eq + 1));
            } else if (peek() == '`') {
                events.add(new ScriptEvent(at, new EventTime(EventTime.Kind.ANY, 0, -1, -1), command()));
            } else {
                final EventTime time = eventTime();
                skipSpaces();
                events.add(new ScriptEvent(at, time, action()));
            }
        }
        return new Script(name, options, events);
    }

    private ScriptAction action() {
        final char c = peek();
        if (c == '<' || c == '>') {
            pos++;
            return packet(c == '<', restOfLine());
        }
        if (text.startsWith("%{", pos)) {
            final int end = text.indexOf("}%", pos);
            if (end < 0) {
                throw error("unterminated %{ block");
            }
            final String code = text.substring(pos + 2, end);
            advanceTo(end + 2);
            return new CodeBlock(code);
        }
        if (c == '`') {
            return command();
        }
        return syscall();
    }

    private ShellCommand command() {
        final int end = text.indexOf('`', pos + 1);
        if (end < 0) {
            throw error("unterminated back-quoted command");
        }
        final String cmd = text.substring(pos + 1, end);
        advanceTo(end + 1);
        return new ShellCommand(cmd.trim());
    }

    // ------------------------------------------------------------------ times

    private EventTime eventTime() {
        if (peek() == '*') {
            pos++;
            return new EventTime(EventTime.Kind.ANY, 0, -1, -1);
        }
        final boolean relative = peek() == '+';
        if (relative) {
            pos++;
        }
        final long start = number();
        long rangeEnd = -1;
        long returns = -1;
        if (peek() == '~') {
            pos++;
            if (peek() == '+') {
                pos++;
            }
            rangeEnd = number();
        } else if (text.startsWith("...", pos)) {
            pos += 3;
            returns = number();
        }
        return new EventTime(relative ? EventTime.Kind.RELATIVE : EventTime.Kind.ABSOLUTE, start, rangeEnd, returns);
    }

    private long number() {
        final int start = pos;
        boolean point = false;
        while (pos < text.length() && (Character.isDigit(peek()) || peek() == '.' && !point
            && !text.startsWith("...", pos))) {
            point |= peek() == '.';
            pos++;
        }
        if (start == pos) {
            throw error("expected a time, found '" + excerpt() + "'");
        }
        return seconds(text.substring(start, pos));
    }

    static long seconds(String s) {
        return Math.round(Double.parseDouble(s) * NS_PER_SECOND);
    }

    // ------------------------------------------------------------------ packets

    private PacketSpec packet(boolean inbound, String spec) {
        final Tokens t = new Tokens(spec.trim());
        final int flags = flags(t.next());
        final String seqSpec = t.next();
        final int colon = seqSpec.indexOf(':');
        final int paren = seqSpec.indexOf('(');
        if (colon < 0 || paren < 0 || !seqSpec.endsWith(")")) {
            throw error("bad sequence range '" + seqSpec + "'");
        }
        final long seq = Long.parseLong(seqSpec.substring(0, colon));
        final long end = Long.parseLong(seqSpec.substring(colon + 1, paren));
        final int len = Integer.parseInt(seqSpec.substring(paren + 1, seqSpec.length() - 1));
        if (end - seq != len) {
            throw error("sequence range " + seqSpec + " does not match its length");
        }
        long ack = -1;
        int win = -1;
        List<TcpOptionSpec> options = List.of();
        while (t.hasNext()) {
            final String w = t.next();
            switch (w) {
                case "ack" -> ack = Long.parseLong(t.next());
                case "win" -> win = Integer.parseInt(t.next());
                default -> {
                    if (!w.startsWith("<")) {
                        throw error("unexpected '" + w + "' in packet");
                    }
                    options = options(w + t.rest());
                }
            }
        }
        if ((flags & TcpFlags.ACK) != 0 && ack < 0 && inbound) {
            ack = 0;
        }
        return new PacketSpec(inbound, flags, seq, len, ack, win, options);
    }

    private int flags(String word) {
        int f = 0;
        for (char c : word.toCharArray()) {
            f |= switch (c) {
                case 'S' -> TcpFlags.SYN;
                case 'F' -> TcpFlags.FIN;
                case 'R' -> TcpFlags.RST;
                case 'P' -> TcpFlags.PSH;
                case '.' -> TcpFlags.ACK;
                case 'U' -> TcpFlags.URG;
                case 'E' -> TcpFlags.ECE;
                case 'W' -> TcpFlags.CWR;
                case '-' -> 0;
                default -> throw error("unknown TCP flag '" + c + "' in '" + word + "'");
            };
        }
        return f;
    }

    private List<TcpOptionSpec> options(String s) {
        final int close = s.lastIndexOf('>');
        if (close < 0) {
            throw error("unterminated TCP options '" + s + "'");
        }
        final String body = s.substring(1, close).trim();
        if (body.equals("...")) {
            return null;
        }
        final List<TcpOptionSpec> out = new ArrayList<>();
        for (String part : body.split(",")) {
            final Tokens t = new Tokens(part.trim());
            final String kind = t.next();
            switch (kind) {
                case "nop" -> out.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
                case "eol" -> out.add(TcpOptionSpec.of(TcpOptionSpec.EOL));
                case "sackOK" -> out.add(TcpOptionSpec.of(TcpOptionSpec.SACK_OK));
                case "mss" -> out.add(TcpOptionSpec.of(TcpOptionSpec.MSS, Long.parseLong(t.next())));
                case "wscale" -> out.add(TcpOptionSpec.of(TcpOptionSpec.WSCALE, Long.parseLong(t.next())));
                case "TS" -> {
                    expectWord(t, "val");
                    final long val = Long.parseLong(t.next());
                    expectWord(t, "ecr");
                    out.add(new TcpOptionSpec(TcpOptionSpec.TS, val, Long.parseLong(t.next()), List.of()));
                }
                case "sack" -> {
                    final List<long[]> blocks = new ArrayList<>();
                    while (t.hasNext()) {
                        final String[] lr = t.next().split(":");
                        blocks.add(new long[] {Long.parseLong(lr[0]), Long.parseLong(lr[1])});
                    }
                    out.add(new TcpOptionSpec(TcpOptionSpec.SACK, 0, 0, blocks));
                }
                default -> throw error("TCP option '" + kind + "' is not supported");
            }
        }
        return out;
    }

    private void expectWord(Tokens t, String w) {
        final String got = t.next();
        if (!w.equals(got)) {
            throw error("expected '" + w + "', found '" + got + "'");
        }
    }

    // ------------------------------------------------------------------ system calls

    private SyscallSpec syscall() {
        final int nameStart = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            pos++;
        }
        final String name = text.substring(nameStart, pos);
        if (name.isEmpty() || peek() != '(') {
            throw error("expected a packet, a system call or a %{ }% block, found '" + excerpt() + "'");
        }
        final int argsStart = pos + 1;
        int depth = 0;
        do {
            final char c = peek();
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == '"') {
                advanceTo(text.indexOf('"', pos + 1));
            }
            advanceTo(pos + 1);
            if (pos >= text.length()) {
                throw error("unterminated argument list of " + name);
            }
        } while (depth > 0);
        final List<String> args = splitTopLevel(text.substring(argsStart, pos - 1));
        final String rest = stripComment(restOfLine()).trim();
        if (!rest.startsWith("=")) {
            throw error("expected '= value' after " + name + "(...)");
        }
        final Tokens t = new Tokens(rest.substring(1).trim());
        final String expected = t.next();
        String errno = null;
        if (t.hasNext()) {
            final String w = t.next();
            if (!w.startsWith("(")) {
                errno = w;
            }
        }
        return new SyscallSpec(name, args, expected, errno);
    }

    static List<String> splitTopLevel(String s) {
        final List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        final String last = s.substring(start).trim();
        if (!last.isEmpty() || !out.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    // ------------------------------------------------------------------ lexing

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void advanceTo(int newPos) {
        for (int i = pos; i < newPos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        pos = newPos;
    }

    /** Skips white space, line breaks and comments. */
    private void skipBlanks() {
        while (pos < text.length()) {
            final char c = peek();
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                final int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl;
            } else if (text.startsWith("/*", pos)) {
                final int end = text.indexOf("*/", pos);
                advanceTo(end < 0 ? text.length() : end + 2);
            } else {
                return;
            }
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    /** The rest of the current line without its comment; the cursor moves past it. */
    private String restOfLine() {
        final int nl = text.indexOf('\n', pos);
        final int end = nl < 0 ? text.length() : nl;
        final String s = text.substring(pos, end);
        pos = end;
        return stripComment(s);
    }

    private static String stripComment(String s) {
        final int c = s.indexOf("//");
        return c < 0 ? s : s.substring(0, c);
    }

    private String excerpt() {
        final int nl = text.indexOf('\n', pos);
        return text.substring(pos, nl < 0 ? text.length() : nl).trim();
    }

    private ScriptSyntaxException error(String msg) {
        return new ScriptSyntaxException(line, msg);
    }

    /** White-space separated words of one line; {@link #rest} gives what is left as written. */
    private static final class Tokens {
        private final String s;
        private int i;

        Tokens(String s) {
            this.s = s;
        }

        boolean hasNext() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i < s.length();
        }

        String next() {
            if (!hasNext()) {
                return "";
            }
            final int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        String rest() {
            final String r = s.substring(i);
            i = s.length();
            return r;
        }
    }
}
