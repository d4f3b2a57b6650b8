package dev.toeless.bench.packetdrill;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpState;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The socket layer the scripts call into, over {@link ScriptHost}'s engine: file descriptors,
 * blocking and non-blocking calls, the send buffer ({@code SO_SNDBUF}, doubled as Linux does),
 * half-closes, {@code TCP_INQ}. Each call either returns ({@link Result}) or would block
 * ({@code null}); the runner retries a blocked call after every event until it returns.
 */
final class SocketCalls implements Syscalls {
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
    private static final class Fd {
        final boolean file;
        boolean listener;
        boolean connection;
        boolean nonBlocking;
        boolean readShut;
        boolean writeShut;
        boolean inq;
        long sndbuf = LinuxDefaults.DEFAULT_SNDBUF;
        long fileBytes;

        Fd(boolean file) {
            this.file = file;
        }
    }

    private static final Pattern IOV_LEN = Pattern.compile("\\{\\s*\\.\\.\\.\\s*,\\s*(\\d+)\\s*}");
    private static final Pattern CMSG_DATA = Pattern.compile("cmsg_data\\s*=\\s*(\\d+)");

    private final ScriptHost host;
    private final Map<Integer, Fd> fds = new HashMap<>();
    /** Virtual files made by the setup commands: path to size. */
    final Map<String, Long> files = new HashMap<>();
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
    public Map<String, Long> files() {
        return files;
    }

    @Override
    public Result call(SyscallSpec c) {
        return switch (c.name()) {
            case "socket" -> newFd(c, false);
            case "bind" -> Result.ok(0);
            case "listen" -> listen(c);
            case "accept" -> accept(c);
            case "connect" -> connect(c);
            case "setsockopt" -> setsockopt(c);
            case "getsockopt" -> getsockopt(c);
            case "fcntl" -> fcntl(c);
            case "write" -> write(c, Long.parseLong(c.arg(2)), false);
            case "send" -> send(c, Long.parseLong(c.arg(2)), c.arg(3));
            case "sendmsg" -> send(c, iovBytes(c.arg(1)), c.arg(2));
            case "sendfile" -> sendfile(c);
            case "read" -> read(c, Long.parseLong(c.arg(2)), null);
            case "recvmsg" -> read(c, iovBytes(c.arg(1)), c.arg(1));
            case "shutdown" -> shutdown(c);
            case "close" -> close(c);
            case "open" -> open(c);
            default -> throw ScriptStop.unsupported("system call " + c.name() + " is not modelled");
        };
    }

    private Result newFd(SyscallSpec c, boolean file) {
        final int fd = expectedFd(c);
        fds.put(fd, new Fd(file));
        return Result.ok(fd);
    }

    /** Socket, accept and open return the descriptor number the script names (as packetdrill maps them). */
    static int expectedFd(SyscallSpec c) {
        try {
            return Integer.parseInt(c.expected());
        } catch (NumberFormatException e) {
            throw ScriptStop.unsupported(c.name() + " returning " + c.expected() + " is not modelled");
        }
    }

    private Fd fd(SyscallSpec c) {
        final Fd f = fds.get(Integer.parseInt(c.arg(0).trim()));
        if (f == null) {
            throw ScriptStop.fail(c.name() + " on descriptor " + c.arg(0) + ", which is not open");
        }
        return f;
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
        final int fd = expectedFd(c);
        final Fd f = new Fd(false);
        f.connection = true;
        f.sndbuf = l.sndbuf;
        fds.put(fd, f);
        accepted = true;
        return Result.ok(fd);
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

    private Result fcntl(SyscallSpec c) {
        final Fd f = fd(c);
        switch (c.arg(1).trim()) {
            case "F_GETFL" -> {
                return Result.ok(0x2 | (f.nonBlocking ? 0x800 : 0));
            }
            case "F_SETFL" -> {
                f.nonBlocking = c.arg(2).contains("O_NONBLOCK");
                return Result.ok(0);
            }
            default -> throw ScriptStop.unsupported("fcntl " + c.arg(1) + " is not modelled");
        }
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

    private Result sendfile(SyscallSpec c) {
        final Fd in = fds.get(Integer.parseInt(c.arg(1).trim()));
        if (in == null || !in.file) {
            return Result.error("EBADF");
        }
        return write(c, Math.min(Long.parseLong(c.arg(3).trim()), in.fileBytes), false);
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
        if (writeProgress < bytes) {
            if (f.nonBlocking) {
                final long done = writeProgress;
                writeProgress = 0;
                return done > 0 ? Result.ok(done) : Result.error("EAGAIN");
            }
            return null;
        }
        writeProgress = 0;
        return Result.ok(bytes);
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

    private Result shutdown(SyscallSpec c) {
        final Fd f = fd(c);
        final String how = c.arg(1).trim();
        if (how.equals("SHUT_RD") || how.equals("SHUT_RDWR")) {
            f.readShut = true;
        }
        if (how.equals("SHUT_WR") || how.equals("SHUT_RDWR")) {
            f.writeShut = true;
            if (host.conn != null) {
                host.conn.shutdown(host.nowNs);
            }
        }
        return Result.ok(0);
    }

    private Result close(SyscallSpec c) {
        final Fd f = fd(c);
        fds.remove(Integer.parseInt(c.arg(0).trim()));
        if (f.connection && host.conn != null) {
            host.conn.close(host.nowNs);
        } else if (f.listener) {
            host.listening = false;
        }
        return Result.ok(0);
    }

    private Result open(SyscallSpec c) {
        final String path = c.arg(0).trim().replace("\"", "");
        final Long size = files.get(path);
        if (size == null) {
            return Result.error("ENOENT");
        }
        final Result r = newFd(c, true);
        fds.get((int) r.value()).fileBytes = size;
        return r;
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
