package dev.toeless.bench.packetdrill;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.toe.ToeSocket;

import java.util.HashMap;
import java.util.Map;

/**
 * The socket layer of {@code --mode toe}: each call is the TOE socket API's ({@link ToeSocket},
 * the card's listener), which the driver turns into commands on the card's queue and completions
 * back. What that queue does not carry is {@code unsupported}, never a silent pass: socket options
 * that change TCP ({@code TCP_NODELAY}, {@code TCP_CORK}, {@code TCP_MAXSEG}, {@code TCP_USER_TIMEOUT},
 * {@code TCP_INQ}), every {@code getsockopt}, and send flags. {@code SO_SNDBUF} is the host's: the
 * driver's send credit, capped here as the host mode caps its socket's. The options that change no
 * TCP behaviour the scripts check ({@code SO_REUSEADDR}, {@code IP_TOS}, {@code IP_MTU_DISCOVER})
 * are accepted as in the host mode.
 */
final class ToeSocketCalls implements Syscalls {
    /** What the card's command queue carries, for the reasons of what it does not. */
    static final String COMMANDS = "the card's command queue carries listen, connect, accept, send, post receive, "
        + "close, abort and unlisten";

    /** What a file descriptor refers to. */
    private static final class Fd {
        final boolean file;
        boolean listener;
        boolean nonBlocking;
        boolean readShut;
        boolean writeShut;
        StreamSocket socket;
        long fileBytes;
        /** SO_SNDBUF (doubled as Linux does), enforced by the host side as the driver's credit is. */
        long sndbuf = LinuxDefaults.DEFAULT_SNDBUF;
        /** Bytes handed to the card so far. */
        long handed;

        Fd(boolean file) {
            this.file = file;
        }
    }

    private final ToeScriptHost host;
    private final Map<Integer, Fd> fds = new HashMap<>();
    private final Map<String, Long> files = new HashMap<>();
    private Listener listener;
    private boolean accepted;
    /** Bytes of the write in progress already handed to the card. */
    private long writeProgress;

    ToeSocketCalls(ToeScriptHost host) {
        this.host = host;
    }

    @Override
    public Map<String, Long> files() {
        return files;
    }

    @Override
    public SocketCalls.Result call(SyscallSpec c) {
        return switch (c.name()) {
            case "socket" -> newFd(c, false);
            case "bind" -> SocketCalls.Result.ok(0);
            case "listen" -> listen(c);
            case "accept" -> accept(c);
            case "connect" -> connect(c);
            case "setsockopt" -> setsockopt(c);
            case "getsockopt" -> throw ScriptStop.unsupported("getsockopt " + c.arg(2).trim() + ": " + COMMANDS
                + "; no query of a connection's options");
            case "fcntl" -> fcntl(c);
            case "write" -> write(c, Long.parseLong(c.arg(2)));
            case "send" -> write(c, sendBytes(c, Long.parseLong(c.arg(2)), c.arg(3)));
            case "sendmsg" -> write(c, sendBytes(c, SocketCalls.iovBytes(c.arg(1)), c.arg(2)));
            case "sendfile" -> sendfile(c);
            case "read" -> read(c, Long.parseLong(c.arg(2)));
            case "recvmsg" -> read(c, SocketCalls.iovBytes(c.arg(1)));
            case "shutdown" -> shutdown(c);
            case "close" -> close(c);
            case "open" -> open(c);
            default -> throw ScriptStop.unsupported("system call " + c.name() + " is not modelled");
        };
    }

    private SocketCalls.Result newFd(SyscallSpec c, boolean file) {
        final int fd = SocketCalls.expectedFd(c);
        fds.put(fd, new Fd(file));
        return SocketCalls.Result.ok(fd);
    }

    private Fd fd(SyscallSpec c) {
        final Fd f = fds.get(Integer.parseInt(c.arg(0).trim()));
        if (f == null) {
            throw ScriptStop.fail(c.name() + " on descriptor " + c.arg(0) + ", which is not open");
        }
        return f;
    }

    private SocketCalls.Result listen(SyscallSpec c) {
        final Fd f = fd(c);
        f.listener = true;
        listener = host.listen((int) SocketCalls.intArg(c.arg(1)));
        return SocketCalls.Result.ok(0);
    }

    private SocketCalls.Result accept(SyscallSpec c) {
        final Fd l = fd(c);
        final StreamSocket s = accepted || listener == null ? null : listener.accept();
        if (s == null) {
            return l.nonBlocking ? SocketCalls.Result.error("EAGAIN") : null;
        }
        final int fd = SocketCalls.expectedFd(c);
        final Fd f = new Fd(false);
        f.socket = s;
        f.sndbuf = l.sndbuf;
        fds.put(fd, f);
        accepted = true;
        return SocketCalls.Result.ok(fd);
    }

    private SocketCalls.Result connect(SyscallSpec c) {
        final Fd f = fd(c);
        if (f.socket == null) {
            f.socket = host.connect();
            if (f.nonBlocking) {
                return SocketCalls.Result.error("EINPROGRESS");
            }
        }
        if (f.socket.isEstablished()) {
            return SocketCalls.Result.ok(0);
        }
        if (failed(f.socket)) {
            return SocketCalls.Result.error(timedOut(f.socket) ? "ETIMEDOUT" : "ECONNREFUSED");
        }
        return f.nonBlocking ? SocketCalls.Result.error("EALREADY") : null;
    }

    private static boolean failed(StreamSocket s) {
        return s instanceof ToeSocket t && t.isFailed();
    }

    private static boolean timedOut(StreamSocket s) {
        return s instanceof ToeSocket t && t.error().equals("timed_out");
    }

    private SocketCalls.Result setsockopt(SyscallSpec c) {
        final Fd f = fd(c);
        final String opt = c.arg(2).trim();
        if (opt.equals("IP_MTU_DISCOVER") || opt.equals("IP_TOS") || opt.equals("SO_REUSEADDR")) {
            return SocketCalls.Result.ok(0); // as the host mode: nothing the scripts check changes
        }
        if (opt.equals("SO_SNDBUF")) {
            // the send buffer is the host's: the driver's credit toward the card, in payload bytes
            // as the host mode counts it; the card's own buffer is not changed
            f.sndbuf = 2 * SocketCalls.intArg(c.arg(3));
            return SocketCalls.Result.ok(0);
        }
        throw ScriptStop.unsupported("setsockopt " + opt + ": " + COMMANDS + "; no socket option reaches the card");
    }

    private SocketCalls.Result fcntl(SyscallSpec c) {
        final Fd f = fd(c);
        switch (c.arg(1).trim()) {
            case "F_GETFL" -> {
                return SocketCalls.Result.ok(0x2 | (f.nonBlocking ? 0x800 : 0));
            }
            case "F_SETFL" -> {
                f.nonBlocking = c.arg(2).contains("O_NONBLOCK");
                return SocketCalls.Result.ok(0);
            }
            default -> throw ScriptStop.unsupported("fcntl " + c.arg(1) + " is not modelled");
        }
    }

    private static long sendBytes(SyscallSpec c, long bytes, String flags) {
        final String fl = flags.trim();
        if (!fl.isEmpty() && !fl.equals("0")) {
            throw ScriptStop.unsupported(c.name() + " flags " + fl + ": the TOE socket's send takes no flags");
        }
        return bytes;
    }

    private SocketCalls.Result sendfile(SyscallSpec c) {
        final Fd in = fds.get(Integer.parseInt(c.arg(1).trim()));
        if (in == null || !in.file) {
            return SocketCalls.Result.error("EBADF");
        }
        return write(c, Math.min(Long.parseLong(c.arg(3).trim()), in.fileBytes));
    }

    /** Hands the bytes to the card page by page while its send credit lasts; returns when all are handed. */
    private SocketCalls.Result write(SyscallSpec c, long bytes) {
        final Fd f = fd(c);
        final StreamSocket s = f.socket;
        if (s == null || f.writeShut || !s.isEstablished()) {
            writeProgress = 0;
            return SocketCalls.Result.error(s != null && timedOut(s) ? "ETIMEDOUT" : "EPIPE");
        }
        final Host m = host.machine();
        while (writeProgress < bytes) {
            final long unacked = f.handed - (s instanceof ToeSocket t ? t.ackedBytes() : 0);
            final long room = Math.min(s.sendSpaceBytes(), f.sndbuf - unacked);
            final int chunk = (int) Math.min(Math.min(bytes - writeProgress, HostMemory.PAGE_SIZE), room);
            if (chunk <= 0) {
                break;
            }
            final int pfn = m.sendPool().allocate();
            if (pfn == HostMemory.NO_PAGE) {
                break;
            }
            if (!s.send(pfn, 0, chunk)) {
                m.memory().release(pfn);
                break;
            }
            writeProgress += chunk;
            f.handed += chunk;
        }
        if (writeProgress < bytes) {
            if (f.nonBlocking) {
                final long done = writeProgress;
                writeProgress = 0;
                return done > 0 ? SocketCalls.Result.ok(done) : SocketCalls.Result.error("EAGAIN");
            }
            return null;
        }
        writeProgress = 0;
        return SocketCalls.Result.ok(bytes);
    }

    private SocketCalls.Result read(SyscallSpec c, long max) {
        final Fd f = fd(c);
        final StreamSocket s = f.socket;
        final HostMemory memory = host.machine().memory();
        final long n = s == null ? 0 : s.read((pfn, off, len) -> memory.release(pfn), max);
        if (n == 0 && s != null && !s.isEndOfStream() && !f.readShut && !failed(s)) {
            return f.nonBlocking ? SocketCalls.Result.error("EAGAIN") : null;
        }
        return SocketCalls.Result.ok(n);
    }

    private SocketCalls.Result shutdown(SyscallSpec c) {
        final Fd f = fd(c);
        final String how = c.arg(1).trim();
        if (how.equals("SHUT_RD") || how.equals("SHUT_RDWR")) {
            f.readShut = true;
        }
        if (how.equals("SHUT_WR") || how.equals("SHUT_RDWR")) {
            f.writeShut = true;
            if (f.socket != null) {
                f.socket.shutdown();
            }
        }
        return SocketCalls.Result.ok(0);
    }

    private SocketCalls.Result close(SyscallSpec c) {
        final Fd f = fd(c);
        fds.remove(Integer.parseInt(c.arg(0).trim()));
        if (f.socket != null) {
            f.socket.close();
        } else if (f.listener && listener != null) {
            listener.close();
            listener = null;
        }
        return SocketCalls.Result.ok(0);
    }

    private SocketCalls.Result open(SyscallSpec c) {
        final String path = c.arg(0).trim().replace("\"", "");
        final Long size = files.get(path);
        if (size == null) {
            return SocketCalls.Result.error("ENOENT");
        }
        final SocketCalls.Result r = newFd(c, true);
        fds.get((int) r.value()).fileBytes = size;
        return r;
    }
}
