package dev.toeless.bench.packetdrill;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpState;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The socket layer the scripts call into, over {@link ScriptHost}'s engine: file descriptors,
 * blocking and non-blocking calls, the send buffer ({@code SO_SNDBUF}, doubled as Linux does),
 * half-closes, {@code TCP_INQ}. Each call either returns ({@link Result}) or would block
 * ({@code null}); the runner retries a blocked call after every event until it returns.
 */
final class SocketCalls extends DescriptorCalls<SocketCalls.Fd> {
    /** A call's return value and errno name (null when it succeeded). */
    record Result(long value, String errno) {
        static Result ok(long v) {
            return new Result(v, null);
        }

        static Result error(String errno) {
            return new Result(-1, errno);
        }
    }

    /** What a file descriptor refers to. */
    static final class Fd extends DescriptorCalls.Fd {
        boolean connection;
        boolean inq;

        Fd(boolean file) {
            super(file);
        }
    }

    private static final Pattern IOV_LEN = Pattern.compile("\\{\\s*\\.\\.\\.\\s*,\\s*(\\d+)\\s*}");
    private static final Pattern CMSG_DATA = Pattern.compile("cmsg_data\\s*=\\s*(\\d+)");

    private final ScriptHost host;
    /** Bytes of the write in progress already queued (a blocking write returns when all are). */
    private long writeProgress;
    /** The write in progress ends a record (MSG_EOR). */
    private boolean recordEnd;
    /** The one connection was accepted already (a script has one). */
    private boolean accepted;

    SocketCalls(ScriptHost host) {
        this.host = host;
    }

    @Override
    Result socketCall(SyscallSpec c) {
        return switch (c.name()) {
            case "listen" -> listen(c);
            case "accept" -> accept(c);
            case "connect" -> connect(c);
            case "setsockopt" -> setsockopt(c);
            case "getsockopt" -> getsockopt(c);
            case "write" -> write(c, Long.parseLong(c.arg(2)), false);
            case "send" -> send(c, Long.parseLong(c.arg(2)), c.arg(3));
            case "sendmsg" -> send(c, iovBytes(c.arg(1)), c.arg(2));
            case "read" -> read(c, Long.parseLong(c.arg(2)), null);
            case "recvmsg" -> read(c, iovBytes(c.arg(1)), c.arg(1));
            default -> throw ScriptStop.unsupported("system call " + c.name() + " is not modelled");
        };
    }

    @Override
    Fd newFd(boolean file) {
        return new Fd(file);
    }

    private Result listen(SyscallSpec c) {
        fd(c).listener = true;
        host.listening = true;
        return Result.ok(0);
    }

    private Result accept(SyscallSpec c) {
        final Fd l = fd(c);
        if (accepted || !host.acceptReady()) {
            return l.nonBlocking ? Result.error("EAGAIN") : null;
        }
        final Fd f = new Fd(false);
        f.connection = true;
        f.sndbuf = l.sndbuf;
        accepted = true;
        return acceptedFd(c, f);
    }

    private Result connect(SyscallSpec c) {
        final Fd f = fd(c);
        if (!f.connection) {
            f.connection = true;
            host.open().connect(host.nowNs, ScriptHost.LOCAL_ISS);
            if (f.nonBlocking) {
                return Result.error("EINPROGRESS");
            }
        }
        final TcpState s = host.conn.state();
        if (s == TcpState.SYN_SENT || s == TcpState.SYN_RECEIVED) {
            return f.nonBlocking ? Result.error("EALREADY") : null;
        }
        return s == TcpState.CLOSED ? Result.error("ECONNREFUSED") : Result.ok(0);
    }

    private Result setsockopt(SyscallSpec c) {
        final Fd f = fd(c);
        final String opt = c.arg(2).trim();
        // IP-level options that change no TCP behaviour the scripts check (the TOS byte and the
        // DF bit are not compared); accepted as Linux accepts them.
        if (opt.equals("IP_MTU_DISCOVER") || opt.equals("IP_TOS")) {
            return Result.ok(0);
        }
        final long v = intArg(c.arg(3));
        switch (opt) {
            case "SO_REUSEADDR" -> { }
            case "SO_SNDBUF" -> f.sndbuf = 2 * v;
            case "TCP_INQ" -> f.inq = v != 0;
            case "TCP_NODELAY" -> {
                if (host.conn != null) {
                    host.conn.noDelay(host.nowNs, v != 0);
                } else {
                    host.config.nagle(v == 0);
                }
            }
            case "TCP_CORK" -> {
                if (host.conn == null) {
                    throw ScriptStop.unsupported("TCP_CORK before the connection exists is not modelled");
                }
                host.conn.cork(host.nowNs, v != 0);
            }
            case "TCP_USER_TIMEOUT" -> {
                host.userTimeoutNs = v * 1_000_000L; // milliseconds
                if (host.conn != null) {
                    host.conn.userTimeout(host.userTimeoutNs);
                }
            }
            case "TCP_MAXSEG" -> {
                if (host.conn != null) {
                    throw ScriptStop.unsupported("TCP_MAXSEG on a connected socket is not modelled");
                }
                host.userMss = (int) v;
            }
            default -> throw ScriptStop.unsupported("socket option " + opt + " is not modelled");
        }
        return Result.ok(0);
    }

    private Result getsockopt(SyscallSpec c) {
        final Fd f = fd(c);
        final String opt = c.arg(2).trim();
        final long actual = switch (opt) {
            case "SO_SNDBUF" -> f.sndbuf;
            case "TCP_MAXSEG" -> host.conn != null && host.conn.state().isSynchronized()
                ? host.conn.sendMssBytes() : host.userMss > 0 ? host.userMss : 536;
            default -> throw ScriptStop.unsupported("socket option " + opt + " is not modelled");
        };
        final long expected = intArg(c.arg(3));
        if (actual != expected) {
            throw ScriptStop.fail("getsockopt " + opt + ": expected " + expected + " vs actual " + actual);
        }
        return Result.ok(0);
    }

    private Result send(SyscallSpec c, long bytes, String flags) {
        final String fl = flags.trim();
        final boolean more = fl.equals("MSG_MORE");
        final boolean eor = fl.equals("MSG_EOR");
        if (!fl.isEmpty() && !fl.equals("0") && !more && !eor) {
            throw ScriptStop.unsupported("send flags " + fl + " are not modelled");
        }
        recordEnd = eor;
        try {
            return write(c, bytes, more);
        } finally {
            recordEnd = false;
        }
    }

    @Override
    Result write(SyscallSpec c, long bytes) {
        return write(c, bytes, false);
    }

    /**
     * Queues the bytes that fit the send buffer as one write (all fragments, then one push);
     * returns when all are queued, as a blocking write does. With {@code MSG_MORE} the push holds
     * back a partial segment, as Linux's cork for that call.
     */
    private Result write(SyscallSpec c, long bytes, boolean more) {
        final Fd f = fd(c);
        final TcpConnection conn = host.conn;
        if (conn == null || f.writeShut || !(conn.state() == TcpState.ESTABLISHED
            || conn.state() == TcpState.CLOSE_WAIT)) {
            writeProgress = 0;
            // the error that ended the connection, then EPIPE (Linux reports sk_err once; one
            // write after the end is all the scripts make)
            return Result.error(conn != null && conn.closeReason() == CloseReason.TIMEOUT ? "ETIMEDOUT" : "EPIPE");
        }
        final long room = Math.max(0, f.sndbuf - conn.sendQueuedBytes());
        final long n = Math.min(room, bytes - writeProgress);
        long left = n;
        while (left > 0) {
            final int chunk = (int) Math.min(left, HostMemory.PAGE_SIZE);
            final int pfn = host.memory.allocate();
            if (!conn.queue(pfn, 0, chunk)) {
                host.memory.release(pfn);
                break;
            }
            left -= chunk;
        }
        if (recordEnd && left == 0 && writeProgress + n >= bytes) {
            conn.endRecord();
        }
        if (n > 0 && more) {
            conn.pushMore(host.nowNs);
        } else if (n > 0) {
            conn.push(host.nowNs);
        }
        writeProgress += n - left;
        final Result r = writeEnd(f, writeProgress, bytes);
        if (r != null) {
            writeProgress = 0;
        }
        return r;
    }

    private Result read(SyscallSpec c, long max, String msghdr) {
        final Fd f = fd(c);
        final TcpConnection conn = host.conn;
        final long n = conn == null ? 0 : conn.read(host.nowNs, (pfn, off, len) -> host.memory.release(pfn), max);
        if (n == 0 && conn != null && !conn.isEndOfStream() && !f.readShut && conn.state() != TcpState.CLOSED) {
            return f.nonBlocking ? Result.error("EAGAIN") : null;
        }
        if (msghdr != null && f.inq) {
            checkInq(msghdr, conn);
        }
        return Result.ok(n);
    }

    /** {@code TCP_CM_INQ}: bytes left to read, plus one for a FIN received (Linux's tcp_inq). */
    private static void checkInq(String msghdr, TcpConnection conn) {
        final Matcher m = CMSG_DATA.matcher(msghdr);
        if (m.find()) {
            final long actual = conn.readableBytes() + (conn.isEndOfStream() || finSeen(conn) ? 1 : 0);
            final long expected = Long.parseLong(m.group(1));
            if (actual != expected) {
                throw ScriptStop.fail("TCP_CM_INQ: expected " + expected + " vs actual " + actual);
            }
        }
    }

    private static boolean finSeen(TcpConnection conn) {
        return switch (conn.state()) {
            case CLOSE_WAIT, LAST_ACK, CLOSING, TIME_WAIT -> true;
            default -> false;
        };
    }

    @Override
    void shutdownWrite(Fd f) {
        if (host.conn != null) {
            host.conn.shutdown(host.nowNs);
        }
    }

    @Override
    void closed(Fd f) {
        if (f.connection && host.conn != null) {
            host.conn.close(host.nowNs);
        } else if (f.listener) {
            host.listening = false;
        }
    }

    /** The sum of a msghdr's iovec lengths: {@code msg_iov(2)=[{..., 100}, {..., 200}]}. */
    static long iovBytes(String msghdr) {
        final Matcher m = IOV_LEN.matcher(msghdr);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    /** {@code [1]}, {@code 1}, {@code 0x10}. */
    static long intArg(String s) {
        final String t = s.trim().replace("[", "").replace("]", "").trim();
        try {
            return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw ScriptStop.unsupported("argument " + s + " is not modelled");
        }
    }
}
