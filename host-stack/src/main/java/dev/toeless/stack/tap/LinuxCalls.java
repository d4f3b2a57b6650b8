package dev.toeless.stack.tap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The handful of libc calls a TAP device needs, bound with the foreign function API (no JNI).
 * Each call that can fail captures {@code errno} into a per-device state segment, so a failure is
 * reported with its cause. Constants are Linux's (x86-64 and arm64 share them).
 */
final class LinuxCalls {
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final short POLLIN = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    /** {@code _IOW('T', 202, int)}. */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    /** {@code struct ifreq}: a 16-byte name, then a 24-byte union whose first member is {@code short ifr_flags}. */
    static final int IFREQ_BYTES = 40;
    static final int IFNAMSIZ = 16;
    /** {@code struct pollfd}: {@code int fd; short events; short revents;}. */
    static final int POLLFD_BYTES = 8;
    static final int POLLFD_EVENTS_OFFSET = 4;
    static final int POLLFD_REVENTS_OFFSET = 6;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION);
    private static final MethodHandle IOCTL = bind("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
        ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
        ERRNO_OPTION);
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
        ERRNO_OPTION);
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
        ERRNO_OPTION);
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
    private static final MethodHandle STRERROR = bind("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LinuxCalls() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        final MemorySegment symbol = LIBC.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    static int open(MemorySegment callState, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(callState, path, flags);
        } catch (Throwable t) {
            throw linkageFailure("open", t);
        }
    }

    static int ioctl(MemorySegment callState, int fd, long request, MemorySegment argument) {
        try {
            return (int) IOCTL.invokeExact(callState, fd, request, argument);
        } catch (Throwable t) {
            throw linkageFailure("ioctl", t);
        }
    }

    static long read(MemorySegment callState, int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(callState, fd, buffer, count);
        } catch (Throwable t) {
            throw linkageFailure("read", t);
        }
    }

    static long write(MemorySegment callState, int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(callState, fd, buffer, count);
        } catch (Throwable t) {
            throw linkageFailure("write", t);
        }
    }

    static int poll(MemorySegment callState, MemorySegment pollFd, long count, int timeoutMs) {
        try {
            return (int) POLL.invokeExact(callState, pollFd, count, timeoutMs);
        } catch (Throwable t) {
            throw linkageFailure("poll", t);
        }
    }

    static int close(MemorySegment callState, int fd) {
        try {
            return (int) CLOSE.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw linkageFailure("close", t);
        }
    }

    /** {@code "<call>: <strerror> (errno N)"}, the way a C program would say it. */
    static String describe(String call, int errno) {
        String text;
        try {
            final MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            text = message.reinterpret(256).getString(0);
        } catch (Throwable t) {
            text = "error";
        }
        return call + ": " + text + " (errno " + errno + ")";
    }

    static IOException failure(String call, MemorySegment callState) {
        return new IOException(describe(call, errno(callState)));
    }

    private static IllegalStateException linkageFailure(String call, Throwable t) {
        return new IllegalStateException("calling " + call + " through the foreign function API failed", t);
    }

    static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }
}
