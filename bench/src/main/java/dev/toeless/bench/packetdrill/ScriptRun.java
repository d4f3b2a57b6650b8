package dev.toeless.bench.packetdrill;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.tcp.TcpFlags;
import dev.toeless.stack.tcp.TcpSegment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one script against our engine in virtual time, as packetdrill runs it against a kernel:
 * events in order, each at its time (relative times count from the previous event, from the time
 * an outbound packet actually left); timers run in between; {@code <} packets are injected;
 * {@code >} packets are read from the device queue in order (pieces of one super-segment joined,
 * as packetdrill joins them) and compared field by field, their time within the tolerance
 * ({@code --tolerance_usecs}, default 4 ms); system calls return what the script says, blocking
 * ones at the time it says; {@code %{ }%} blocks assert {@code tcp_info}. The first mismatch ends
 * the run as {@code fail}, the first step we do not model as {@code unsupported}.
 */
final class ScriptRun {
    private static final long DEFAULT_TOLERANCE_NS = 4_000_000L;

    private final Script script;
    private final ScriptHost host;
    private final Syscalls calls;
    private final CodeEvaluator code = new CodeEvaluator();
    private final long toleranceNs;
    private final long tsTickNs;
    private final int inboundMss;
    /** Compare the PSH flag too (off by default: see {@link RunOptions#strictPsh}). */
    private final boolean strictPsh;
    private final boolean trace;
    /** Script TS val to the live one, from verified outbound packets (for inbound TS ecr). */
    private final Map<Long, Long> tsValMap = new HashMap<>();
    private long firstScriptTsVal = -1;
    private long firstLiveTsVal;

    private long lastEventNs;
    private ScriptEvent current;
    private Blocked blocked;

    /** A blocking call in progress: it must return at {@code returnNs}. */
    private record Blocked(ScriptEvent event, SyscallSpec call, long returnNs) {
    }

    ScriptRun(Script script, RunOptions options) {
        this.script = script;
        if (options.toe()) {
            final ToeScriptHost toe = new ToeScriptHost();
            this.host = toe;
            this.calls = new ToeSocketCalls(toe);
        } else {
            this.host = new ScriptHost();
            this.calls = new SocketCalls(host);
        }
        this.strictPsh = options.strictPsh();
        this.trace = options.trace();
        if (trace) {
            host.onSent(seg -> System.err.printf("    %s sent %s%n", seconds(seg.timeNs()),
                describe(seg, (seg.seq() - host.localIss()) & 0xFFFF_FFFFL)));
        }
        this.toleranceNs = micros(script.options().get("tolerance_usecs"), DEFAULT_TOLERANCE_NS);
        this.tsTickNs = micros(script.options().get("tcp_ts_tick_usecs"), 0);
        this.inboundMss = Integer.parseInt(script.options().getOrDefault("mss", "0"));
    }

    private static long micros(String v, long dflt) {
        return v == null ? dflt : Long.parseLong(v.trim()) * 1000;
    }

    /** Runs the script; the outcome names the first mismatch. */
    Outcome run(String path, String folder) {
        try {
            for (ScriptEvent e : script.events()) {
                current = e;
                step(e);
            }
            current = null;
            if (blocked != null) {
                advance(blocked.returnNs() + toleranceNs);
                if (blocked != null) {
                    current = blocked.event();
                    throw ScriptStop.fail(blocked.call().name() + " still blocked when the script ended, expected to "
                        + "return at " + seconds(blocked.returnNs()));
                }
            }
            return new Outcome(path, folder, Outcome.Status.PASS, 0, "", -1);
        } catch (ScriptStop s) {
            final int line = current == null ? 0 : current.line();
            return new Outcome(path, folder, s.status(), line, s.getMessage(), host.nowNs);
        } catch (NumberFormatException e) {
            final int line = current == null ? 0 : current.line();
            return new Outcome(path, folder, Outcome.Status.UNSUPPORTED, line, "cannot read a number: "
                + e.getMessage(), host.nowNs);
        } catch (RuntimeException e) {
            // an exception from our stack (or this interpreter) is never a pass
            final int line = current == null ? 0 : current.line();
            return new Outcome(path, folder, Outcome.Status.FAIL, line, "error: " + e, host.nowNs);
        }
    }

    private void step(ScriptEvent e) {
        final EventTime t = e.time();
        if (trace) {
            System.err.printf("%s line %d: %s%n", seconds(host.nowNs), e.line(), e.action());
        }
        if (e.action() instanceof ShellCommand cmd && t.kind() == EventTime.Kind.ANY) {
            ShellCommands.run(cmd.text(), host, calls);
            return;
        }
        final long start = switch (t.kind()) {
            case ABSOLUTE -> t.startNs();
            case RELATIVE -> lastEventNs + t.startNs();
            case ANY -> host.nowNs;
        };
        final long end = t.rangeEndNs() < 0 ? start : (t.kind() == EventTime.Kind.RELATIVE
            ? lastEventNs + t.rangeEndNs() : t.rangeEndNs());
        switch (e.action()) {
            case PacketSpec p when !p.inbound() -> {
                final SentSegment s = expectOutbound(p, start, end, t.kind() == EventTime.Kind.ANY);
                lastEventNs = s.timeNs();
            }
            case PacketSpec p -> {
                advance(start);
                host.inject(inbound(p));
                retryBlocked();
                lastEventNs = start;
            }
            case SyscallSpec c -> {
                advance(start);
                syscall(e, c, t, start);
                lastEventNs = start;
            }
            case CodeBlock c -> {
                advance(start);
                final String refused = host.tcpInfoRefusal();
                if (refused != null) {
                    throw ScriptStop.unsupported(refused);
                }
                code.run(c.source(), host.conn);
                lastEventNs = start;
            }
            case ShellCommand c -> {
                advance(start);
                ShellCommands.run(c.text(), host, calls);
                lastEventNs = start;
            }
        }
    }

    // ------------------------------------------------------------------ time

    /** Moves to {@code t}: timers run, a blocked call is retried after each, and must not be late. */
    private void advance(long t) {
        if (t < host.nowNs) {
            return;
        }
        while (true) {
            final long next = Math.min(host.nextDeadlineNs(), blocked == null ? Long.MAX_VALUE
                : blocked.returnNs() + toleranceNs + 1);
            if (next > t) {
                break;
            }
            host.advanceTo(next, this::retryBlocked);
            checkBlockedLate();
        }
        host.advanceTo(t, this::retryBlocked);
        checkBlockedLate();
    }

    private void checkBlockedLate() {
        if (blocked != null && host.nowNs > blocked.returnNs() + toleranceNs) {
            current = blocked.event();
            throw ScriptStop.fail(blocked.call().name() + " still blocked at " + seconds(host.nowNs)
                + ", expected to return at " + seconds(blocked.returnNs()));
        }
    }

    // ------------------------------------------------------------------ system calls

    private void syscall(ScriptEvent e, SyscallSpec c, EventTime t, long start) {
        if (blocked != null && host.callsSettle()) {
            settleBlocked(start);
        }
        if (blocked != null) {
            throw ScriptStop.unsupported("a second call while " + blocked.call().name() + " blocks");
        }
        SocketCalls.Result r = calls.call(c);
        if (r == null && !t.blocking() && host.callsSettle()) {
            r = settle(c, start);
        }
        if (r == null) {
            if (!t.blocking()) {
                throw ScriptStop.fail(c.name() + " blocks; the script expects it to return at once");
            }
            final long returnNs = t.kind() == EventTime.Kind.RELATIVE ? lastEventNs + t.returnNs() : t.returnNs();
            blocked = new Blocked(e, c, returnNs);
            return;
        }
        if (t.blocking()) {
            final long returnNs = t.kind() == EventTime.Kind.RELATIVE ? lastEventNs + t.returnNs() : t.returnNs();
            checkReturnTime(c, returnNs);
        }
        checkResult(c, r);
    }

    /**
     * A call that crosses a command queue returns once its completion arrives: the host runs for up
     * to the tolerance and the call is retried after each event (it returns late, within the
     * tolerance, or the script fails as before).
     */
    private SocketCalls.Result settle(SyscallSpec c, long start) {
        while (true) {
            final long next = host.nextDeadlineNs();
            if (next > start + toleranceNs) {
                return null;
            }
            host.advanceTo(next, () -> { });
            final SocketCalls.Result r = calls.call(c);
            if (r != null) {
                return r;
            }
        }
    }

    /** The blocked call's completion may be on its way: the host runs for up to the tolerance while it is. */
    private void settleBlocked(long start) {
        while (blocked != null) {
            final long next = host.nextDeadlineNs();
            if (next > start + toleranceNs) {
                return;
            }
            advance(Math.max(next, host.nowNs));
        }
    }

    private void retryBlocked() {
        if (blocked == null) {
            return;
        }
        final SocketCalls.Result r = calls.call(blocked.call());
        if (r != null) {
            final Blocked b = blocked;
            blocked = null;
            final ScriptEvent was = current;
            current = b.event();
            checkReturnTime(b.call(), b.returnNs());
            checkResult(b.call(), r);
            current = was;
        }
    }

    private void checkReturnTime(SyscallSpec c, long returnNs) {
        if (Math.abs(host.nowNs - returnNs) > toleranceNs) {
            throw ScriptStop.fail(c.name() + " returned at " + seconds(host.nowNs) + ", expected at "
                + seconds(returnNs));
        }
    }

    private static void checkResult(SyscallSpec c, SocketCalls.Result r) {
        final long expected = SocketCalls.intArg(c.expected());
        final String expErrno = c.errno();
        if (r.value() != expected || (expected == -1 && expErrno != null && !expErrno.equals(r.errno()))) {
            throw ScriptStop.fail(c.name() + ": expected " + expected + (expErrno == null ? "" : " " + expErrno)
                + " vs actual " + r.value() + (r.errno() == null ? "" : " " + r.errno()));
        }
    }

    // ------------------------------------------------------------------ inbound

    private TcpSegment inbound(PacketSpec p) {
        final TcpSegment s = new TcpSegment();
        final boolean ack = (p.flags() & TcpFlags.ACK) != 0;
        final int window = p.window() < 0 ? 65535 : p.window();
        s.header((int) p.seq(), ack ? (int) (host.localIss() + p.ack()) : 0, p.flags(), window);
        if (p.options() != null) {
            for (TcpOptionSpec o : p.options()) {
                switch (o.kind()) {
                    case TcpOptionSpec.MSS -> s.mssOption((int) o.a());
                    case TcpOptionSpec.WSCALE -> s.windowScaleOption((int) o.a());
                    case TcpOptionSpec.SACK_OK -> s.sackPermitted(true);
                    case TcpOptionSpec.TS -> s.timestamps((int) o.a(), (int) (ack ? liveTsEcr(o.b()) : o.b()));
                    case TcpOptionSpec.SACK -> {
                        for (long[] b : o.blocks()) {
                            s.addSackBlock((int) (host.localIss() + b[0]), (int) (host.localIss() + b[1]));
                        }
                    }
                    default -> { }
                }
            }
        }
        int left = p.length();
        while (left > 0) {
            final int n = Math.min(left, HostMemory.PAGE_SIZE);
            s.addFragment(host.memory.allocate(), 0, n);
            left -= n;
        }
        if (inboundMss > 0 && p.length() > inboundMss) {
            s.gsoSizeBytes(inboundMss);
        }
        return s;
    }

    /** packetdrill's rule: the TS val we sent for that script value, else interpolated from the first. */
    private long liveTsEcr(long scriptEcr) {
        final Long exact = tsValMap.get(scriptEcr);
        if (exact != null) {
            return exact;
        }
        return firstScriptTsVal < 0 ? scriptEcr : scriptEcr - firstScriptTsVal + firstLiveTsVal;
    }

    // ------------------------------------------------------------------ outbound

    private SentSegment expectOutbound(PacketSpec p, long start, long end, boolean anyTime) {
        final long deadline = anyTime ? Long.MAX_VALUE / 4 : end + toleranceNs;
        SentSegment s = nextSent(p, deadline);
        while (s.length() < p.length()) {
            if (host.sent.isEmpty() && host.callsSettle()) {
                awaitPiece(s.timeNs() + toleranceNs); // the card puts a super-segment's frames on the wire one by one
            }
            final SentSegment piece = host.sent.isEmpty() ? null : host.sent.peek();
            if (piece == null || piece.seq() != s.seq() + s.length() || piece.flags() != s.flags()
                && (piece.flags() | TcpFlags.PSH | TcpFlags.FIN) != (s.flags() | TcpFlags.PSH | TcpFlags.FIN)) {
                break;
            }
            host.sent.poll();
            s = s.append(piece);
        }
        compare(p, s);
        if (!anyTime && (s.timeNs() < start - toleranceNs || s.timeNs() > end + toleranceNs)) {
            throw ScriptStop.fail("timing: expected " + describe(p) + " at " + seconds(start)
                + (end != start ? "~" + seconds(end) : "") + " but it was sent at " + seconds(s.timeNs()));
        }
        return s;
    }

    /** Runs the host until it sends something or {@code untilNs} passes. */
    private void awaitPiece(long untilNs) {
        while (host.sent.isEmpty()) {
            final long next = Math.min(host.nextDeadlineNs(), blocked == null ? Long.MAX_VALUE
                : blocked.returnNs() + toleranceNs + 1);
            if (next > untilNs) {
                return;
            }
            advance(Math.max(next, host.nowNs));
        }
    }

    /** The next segment sent, waiting (running timers) until the deadline. */
    private SentSegment nextSent(PacketSpec p, long deadline) {
        while (host.sent.isEmpty()) {
            final long next = Math.min(host.nextDeadlineNs(), blocked == null ? Long.MAX_VALUE
                : blocked.returnNs() + toleranceNs + 1);
            if (next > deadline) {
                advance(deadline);
                if (host.sent.isEmpty()) {
                    throw ScriptStop.fail("expected " + describe(p) + " but nothing was sent by " + seconds(deadline));
                }
                break;
            }
            advance(Math.max(next, host.nowNs));
        }
        return host.sent.poll();
    }

    private void compare(PacketSpec p, SentSegment s) {
        final long seq = (s.seq() - host.localIss()) & 0xFFFF_FFFFL;
        final String actual = describe(s, seq);
        final int ignored = strictPsh ? 0 : TcpFlags.PSH;
        if ((s.flags() & ~ignored) != (p.flags() & ~ignored)) {
            mismatch(p, actual, "flags");
        }
        if (seq != p.seq()) {
            mismatch(p, actual, "seq");
        }
        if (s.length() != p.length()) {
            mismatch(p, actual, "payload length");
        }
        final long scriptAck = p.ack() < 0 ? 0 : p.ack();
        if (s.ack() != scriptAck) {
            mismatch(p, actual, "ack");
        }
        if (p.window() >= 0 && s.window() != p.window()) {
            mismatch(p, actual, "window");
        }
        if (p.options() != null) {
            compareOptions(p, s, actual);
        }
    }

    private void compareOptions(PacketSpec p, SentSegment s, String actual) {
        final List<TcpOptionSpec> want = p.options();
        final List<TcpOptionSpec> got = s.options();
        if (want.size() != got.size()) {
            mismatch(p, actual, "options");
        }
        for (int i = 0; i < want.size(); i++) {
            final TcpOptionSpec w = want.get(i);
            final TcpOptionSpec g = got.get(i);
            if (!w.kind().equals(g.kind())) {
                mismatch(p, actual, "options");
            }
            switch (w.kind()) {
                case TcpOptionSpec.MSS, TcpOptionSpec.WSCALE -> {
                    if (w.a() != g.a()) {
                        mismatch(p, actual, "option " + w.kind());
                    }
                }
                case TcpOptionSpec.SACK -> {
                    if (w.blocks().size() != g.blocks().size()) {
                        mismatch(p, actual, "SACK blocks");
                    }
                    for (int b = 0; b < w.blocks().size(); b++) {
                        if (w.blocks().get(b)[0] != g.blocks().get(b)[0] || w.blocks().get(b)[1] != g.blocks().get(b)[1]) {
                            mismatch(p, actual, "SACK blocks");
                        }
                    }
                }
                case TcpOptionSpec.TS -> checkTsVal(p, w.a(), g.a(), actual);
                default -> { }
            }
        }
    }

    private void checkTsVal(PacketSpec p, long scriptVal, long liveVal, String actual) {
        if (firstScriptTsVal < 0) {
            firstScriptTsVal = scriptVal;
            firstLiveTsVal = liveVal;
        }
        tsValMap.put(scriptVal, liveVal);
        if (tsTickNs > 0) {
            final long inScript = (firstScriptTsVal + (liveVal - firstLiveTsVal)) & 0xFFFF_FFFFL;
            if (Math.abs(inScript - scriptVal) * tsTickNs > toleranceNs) {
                mismatch(p, actual, "TS val (" + inScript + " in script ticks)");
            }
        }
    }

    private void mismatch(PacketSpec p, String actual, String field) {
        throw ScriptStop.fail(field + ": expected " + describe(p) + " vs actual " + actual);
    }

    // ------------------------------------------------------------------ text

    private static String describe(PacketSpec p) {
        return SentSegment.flagString(p.flags()) + " " + p.seq() + ":" + (p.seq() + p.length()) + "(" + p.length() + ")"
            + (p.ack() >= 0 && (p.flags() & TcpFlags.ACK) != 0 ? " ack " + p.ack() : "")
            + (p.window() >= 0 ? " win " + p.window() : "")
            + (p.options() == null ? " <...>" : p.options().isEmpty() ? "" : " " + optionText(p.options()));
    }

    private static String describe(SentSegment s, long seq) {
        return SentSegment.flagString(s.flags()) + " " + seq + ":" + (seq + s.length()) + "(" + s.length() + ")"
            + ((s.flags() & TcpFlags.ACK) != 0 ? " ack " + s.ack() : "") + " win " + s.window()
            + (s.options().isEmpty() ? "" : " " + optionText(s.options()));
    }

    private static String optionText(List<TcpOptionSpec> opts) {
        final StringBuilder sb = new StringBuilder("<");
        for (int i = 0; i < opts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(opts.get(i));
        }
        return sb.append('>').toString();
    }

    static String seconds(long ns) {
        return String.format("%.6f s", ns / 1e9);
    }
}
