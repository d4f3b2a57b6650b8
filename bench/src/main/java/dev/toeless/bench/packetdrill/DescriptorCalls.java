package dev.toeless.bench.packetdrill;

import dev.toeless.bench.packetdrill.SocketCalls.Result;

import java.util.HashMap;
import java.util.Map;

/**
 * The file-descriptor part of a script's socket layer, the same over either TCP under test: the
 * descriptor table, {@code socket}, {@code bind}, {@code fcntl}, {@code open}, {@code sendfile},
 * {@code shutdown} and {@code close}. What reaches the TCP (listen, accept, connect, options, write,
 * read) is the subclass's: {@link SocketCalls} over our host stack's engine, {@link ToeSocketCalls}
 * over a TOE card's command queue.
 */
abstract class DescriptorCalls<F extends DescriptorCalls.Fd> implements Syscalls {
    /** What a file descriptor refers to, as far as the descriptor calls see it. */
    static class Fd {
        final boolean file;
        boolean listener;
        boolean nonBlocking;
        boolean readShut;
        boolean writeShut;
        /** SO_SNDBUF, doubled as Linux does. */
        long sndbuf = LinuxDefaults.DEFAULT_SNDBUF;
        long fileBytes;

        Fd(boolean file) {
            this.file = file;
        }
    }

    private final Map<Integer, F> fds = new HashMap<>();
    /** Virtual files made by the setup commands: path to size. */
    private final Map<String, Long> files = new HashMap<>();

    @Override
    public final Map<String, Long> files() {
        return files;
    }

    @Override
    public final Result call(SyscallSpec c) {
        return switch (c.name()) {
            case "socket" -> newFd(c, false);
            case "bind" -> Result.ok(0);
            case "fcntl" -> fcntl(c);
            case "sendfile" -> sendfile(c);
            case "shutdown" -> shutdown(c);
            case "close" -> close(c);
            case "open" -> open(c);
            default -> socketCall(c);
        };
    }

    /** A call that reaches the TCP under test; unsupported for a call it does not model. */
    abstract Result socketCall(SyscallSpec c);

    /** A new descriptor's state. */
    abstract F newFd(boolean file);

    /** Queues {@code bytes} for sending on the call's descriptor, as a blocking or non-blocking write does. */
    abstract Result write(SyscallSpec c, long bytes);

    /** After {@code SHUT_WR} or {@code SHUT_RDWR}: the connection's half-close. */
    abstract void shutdownWrite(F f);

    /** After the descriptor is gone from the table: closes what it referred to. */
    abstract void closed(F f);

    final Result newFd(SyscallSpec c, boolean file) {
        final int fd = expectedFd(c);
        fds.put(fd, newFd(file));
        return Result.ok(fd);
    }

    /** An accepted connection's descriptor, numbered as the script expects. */
    final Result acceptedFd(SyscallSpec c, F f) {
        final int fd = expectedFd(c);
        fds.put(fd, f);
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

    final F fd(SyscallSpec c) {
        final F f = fds.get(Integer.parseInt(c.arg(0).trim()));
        if (f == null) {
            throw ScriptStop.fail(c.name() + " on descriptor " + c.arg(0) + ", which is not open");
        }
        return f;
    }

    private Result fcntl(SyscallSpec c) {
        final F f = fd(c);
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

    private Result sendfile(SyscallSpec c) {
        final F in = fds.get(Integer.parseInt(c.arg(1).trim()));
        if (in == null || !in.file) {
            return Result.error("EBADF");
        }
        return write(c, Math.min(Long.parseLong(c.arg(3).trim()), in.fileBytes));
    }

    private Result shutdown(SyscallSpec c) {
        final F f = fd(c);
        final String how = c.arg(1).trim();
        if (how.equals("SHUT_RD") || how.equals("SHUT_RDWR")) {
            f.readShut = true;
        }
        if (how.equals("SHUT_WR") || how.equals("SHUT_RDWR")) {
            f.writeShut = true;
            shutdownWrite(f);
        }
        return Result.ok(0);
    }

    private Result close(SyscallSpec c) {
        final F f = fd(c);
        fds.remove(Integer.parseInt(c.arg(0).trim()));
        closed(f);
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

    /**
     * The end of a write: all {@code bytes} queued returns them; short of that a non-blocking
     * descriptor returns what was queued (EAGAIN for none) and a blocking one blocks (null).
     *
     * @param progress bytes of this write queued so far (the caller then forgets them unless it blocks)
     */
    static Result writeEnd(Fd f, long progress, long bytes) {
        if (progress < bytes) {
            if (f.nonBlocking) {
                return progress > 0 ? Result.ok(progress) : Result.error("EAGAIN");
            }
            return null;
        }
        return Result.ok(bytes);
    }
}
