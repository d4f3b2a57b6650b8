package dev.toeless.bench.packetdrill;

import dev.toeless.stack.tcp.TcpConnection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the Python of {@code %{ }%} blocks as far as the scripts use it: {@code assert EXPR[, message]},
 * {@code NAME = EXPR}, {@code NAME += EXPR} and {@code print(...)} (ignored), statements on lines or
 * separated by {@code ;}; expressions over integers, variables, {@code tcpi_*} fields of
 * {@link TcpInfoView} and the {@code TCP_CA_*} names, with {@code + - * / %}, parentheses and one
 * comparison. Variables live across the blocks of a script, as in packetdrill's one Python run.
 */
final class CodeEvaluator {
    private final Map<String, Long> vars = new HashMap<>();

    void run(String code, TcpConnection conn) {
        for (String stmt : statements(code)) {
            execute(stmt.trim(), conn);
        }
    }

    private void execute(String stmt, TcpConnection conn) {
        if (stmt.isEmpty() || stmt.startsWith("#") || stmt.startsWith("print(")) {
            return;
        }
        if (stmt.startsWith("assert ")) {
            final List<String> parts = ScriptParser.splitTopLevel(stmt.substring(7));
            final String cond = parts.get(0);
            if (eval(cond, conn) == 0) {
                throw ScriptStop.fail("assertion failed: " + cond.trim() + " (" + describe(cond, conn) + ")");
            }
            return;
        }
        final int plusEq = stmt.indexOf("+=");
        if (plusEq > 0) {
            final String name = stmt.substring(0, plusEq).trim();
            vars.put(name, value(name, conn) + eval(stmt.substring(plusEq + 2), conn));
            return;
        }
        final int eq = stmt.indexOf('=');
        if (eq > 0 && stmt.charAt(eq + 1) != '=' && isName(stmt.substring(0, eq).trim())) {
            vars.put(stmt.substring(0, eq).trim(), eval(stmt.substring(eq + 1), conn));
            return;
        }
        throw ScriptStop.unsupported("python statement not modelled: " + stmt);
    }

    /** The values of the names in a failed condition, for the report. */
    private String describe(String cond, TcpConnection conn) {
        final StringBuilder sb = new StringBuilder();
        for (String tok : cond.split("[^A-Za-z0-9_]+")) {
            if (isName(tok) && !tok.isEmpty() && !Character.isDigit(tok.charAt(0))) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                sb.append(tok).append('=').append(value(tok, conn));
            }
        }
        return sb.toString();
    }

    private static List<String> statements(String code) {
        final List<String> out = new ArrayList<>();
        for (String line : code.replace("\\\n", " ").split("\n")) {
            final int hash = line.indexOf('#');
            for (String s : (hash < 0 ? line : line.substring(0, hash)).split(";")) {
                if (!s.isBlank()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_');
    }

    long value(String name, TcpConnection conn) {
        final Long v = vars.get(name);
        if (v != null) {
            return v;
        }
        final Long k = TcpInfoView.constant(name);
        if (k != null) {
            return k;
        }
        if (name.startsWith("tcpi_")) {
            return TcpInfoView.field(conn, name);
        }
        throw ScriptStop.unsupported("python name not modelled: " + name);
    }

    long eval(String expr, TcpConnection conn) {
        return new Expr(expr, conn).comparison();
    }

    /** A recursive-descent reader of one expression. */
    private final class Expr {
        private final String s;
        private final TcpConnection conn;
        private int i;

        Expr(String s, TcpConnection conn) {
            this.s = s;
            this.conn = conn;
        }

        long comparison() {
            final long left = sum();
            skip();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (s.startsWith(op, i)) {
                    i += op.length();
                    final long right = sum();
                    return switch (op) {
                        case "==" -> left == right ? 1 : 0;
                        case "!=" -> left != right ? 1 : 0;
                        case "<=" -> left <= right ? 1 : 0;
                        case ">=" -> left >= right ? 1 : 0;
                        case "<" -> left < right ? 1 : 0;
                        default -> left > right ? 1 : 0;
                    };
                }
            }
            return left;
        }

        private long sum() {
            long v = product();
            while (true) {
                skip();
                if (peek() == '+') {
                    i++;
                    v += product();
                } else if (peek() == '-') {
                    i++;
                    v -= product();
                } else {
                    return v;
                }
            }
        }

        private long product() {
            long v = atom();
            while (true) {
                skip();
                final char c = peek();
                if (c == '*') {
                    i++;
                    v *= atom();
                } else if (c == '/' || c == '%') {
                    i++;
                    if (peek() == '/') {
                        i++;
                    }
                    final long d = atom();
                    v = c == '%' ? v % d : v / d;
                } else {
                    return v;
                }
            }
        }

        private long atom() {
            skip();
            final char c = peek();
            if (c == '(') {
                i++;
                final long v = comparison();
                skip();
                i++;
                return v;
            }
            if (c == '-') {
                i++;
                return -atom();
            }
            final int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            final String tok = s.substring(start, i);
            if (tok.isEmpty()) {
                throw ScriptStop.unsupported("python expression not modelled: " + s.trim());
            }
            if (Character.isDigit(tok.charAt(0))) {
                return tok.startsWith("0x") ? Long.parseLong(tok.substring(2), 16) : Long.parseLong(tok);
            }
            return value(tok, conn);
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }
    }
}
