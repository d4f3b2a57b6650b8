package dev.toeless.bench.packetdrill;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.toe.ToeSocket;


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
final class ToeSocketCalls extends DescriptorCalls<ToeSocketCalls.Fd> {
    /** What the card's command queue carries, for the reasons of what it does not. */
    static final String COMMANDS = "the card's command queue carries listen, connect, accept, send, post receive, "
        + "close, abort and unlisten";

    /** What a file descriptor refers to. */
    static final class Fd extends DescriptorCalls.Fd {
        StreamSocket socket;
        /** Bytes handed to the card so far (the inherited SO_SNDBUF caps those not yet acknowledged). */
        long handed;

        Fd(boolean file) {
            super(file);
        }
    }

    private final ToeScriptHost host;
    private Listener listener;
    private boolean accepted;
    /** Bytes of the write in progress already handed to the card. */
    private long writeProgress;

    ToeSocketCalls(ToeScriptHost host) {
        this.host = host;
    }

    @Override
    SocketCalls.Result socketCall(SyscallSpec c) {
        return switch (c.name()) {
            case "listen" -> listen(c);
            case "accept" -> accept(c);
            case "connect" -> connect(c);
            case "setsockopt" -> setsockopt(c);
            case "getsockopt" -> throw ScriptStop.unsupported("getsockopt " + c.arg(2).trim() + ": " + COMMANDS
                + "; no query of a connection's options");
            case "write" -> write(c, Long.parseLong(c.arg(2)));
            case "send" -> write(c, sendBytes(c, Long.parseLong(c.arg(2)), c.arg(3)));
            case "sendmsg" -> write(c, sendBytes(c, SocketCalls.iovBytes(c.arg(1)), c.arg(2)));
            case "read" -> read(c, Long.parseLong(c.arg(2)));
            case "recvmsg" -> read(c, SocketCalls.iovBytes(c.arg(1)));
            default -> throw ScriptStop.unsupported("system call " + c.name() + " is not modelled");
        };
    }

    @Override
    Fd newFd(boolean file) {
        return new Fd(file);
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
        final Fd f = new Fd(false);
        f.socket = s;
        f.sndbuf = l.sndbuf;
        accepted = true;
        return acceptedFd(c, f);
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

    private static long sendBytes(SyscallSpec c, long bytes, String flags) {
        final String fl = flags.trim();
        if (!fl.isEmpty() && !fl.equals("0")) {
            throw ScriptStop.unsupported(c.name() + " flags " + fl + ": the TOE socket's send takes no flags");
        }
        return bytes;
    }

    /** Hands the bytes to the card page by page while its send credit lasts; returns when all are handed. */
    @Override
    SocketCalls.Result write(SyscallSpec c, long bytes) {
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
        final SocketCalls.Result r = writeEnd(f, writeProgress, bytes);
        if (r != null) {
            writeProgress = 0;
        }
        return r;
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

    @Override
    void shutdownWrite(Fd f) {
        if (f.socket != null) {
            f.socket.shutdown();
        }
    }

    @Override
    void closed(Fd f) {
        if (f.socket != null) {
            f.socket.close();
        } else if (f.listener && listener != null) {
            listener.close();
            listener = null;
        }
    }
}
