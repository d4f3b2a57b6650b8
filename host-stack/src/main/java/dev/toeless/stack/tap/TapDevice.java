package dev.toeless.stack.tap;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A Linux TAP device: a virtual Ethernet interface whose frames this object reads and writes,
 * opened through {@code /dev/net/tun} with the foreign function API (no JNI). It bridges the
 * model to a real kernel stack (a network namespace, a VM), in real time: unlike the rest of the
 * stack it performs I/O and its {@link #read} waits.
 *
 * <p>Frames are plain Ethernet ({@code IFF_TAP | IFF_NO_PI}: no packet-information prefix), without
 * FCS. The descriptor is non-blocking; {@link #read} waits with {@code poll()} up to a timeout.
 * Frames pass through one native buffer per direction owned by the device, so reading and writing
 * allocate nothing. The kernel removes the interface when the device is closed.
 *
 * <p>Not thread-safe: one reader-writer at a time. Failures of the device itself are
 * {@link IOException}s; a frame that does not fit the caller's buffer is dropped and counted.
 */
public final class TapDevice implements AutoCloseable {
    /** The largest frame the device handles: a 64 KiB MTU plus an Ethernet header with a VLAN tag. */
    public static final int MAX_FRAME_BYTES = 65_535 + 18;
    private static final Path TUN = Path.of("/dev/net/tun");

    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = LinuxCalls.newCallState(arena);
    private final MemorySegment pollFd = arena.allocate(LinuxCalls.POLLFD_BYTES);
    private final MemorySegment pollPair = arena.allocate(2L * LinuxCalls.POLLFD_BYTES);
    private final MemorySegment rxSegment = arena.allocate(MAX_FRAME_BYTES);
    private final MemorySegment txSegment = arena.allocate(MAX_FRAME_BYTES);
    private final ByteBuffer rxView = rxSegment.asByteBuffer();
    private final ByteBuffer txView = txSegment.asByteBuffer();
    private final String name;
    private int fd;
    private long framesRead;
    private long framesWritten;
    private long droppedTooLong;

    private TapDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
        pollFd.set(JAVA_INT, 0, fd);
        pollFd.set(JAVA_SHORT, LinuxCalls.POLLFD_EVENTS_OFFSET, LinuxCalls.POLLIN);
    }

    /** Why a TAP device cannot be opened here, or null when it can be tried. */
    public static String unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "TAP devices need Linux (this is " + System.getProperty("os.name") + ")";
        }
        if (!Files.exists(TUN)) {
            return TUN + " does not exist (no tun driver in this kernel or container)";
        }
        if (!Files.isReadable(TUN) || !Files.isWritable(TUN)) {
            return TUN + " is not readable and writable by this user (CAP_NET_ADMIN or root needed)";
        }
        return null;
    }

    /**
     * Creates a TAP interface. {@code requestedName} is an interface name of at most 15 bytes;
     * a {@code %d} in it lets the kernel pick a free number ({@code "toe%d"} gives toe0, toe1, ...).
     * The interface is down and has no address; configure it with {@code ip}.
     */
    public static TapDevice open(String requestedName) throws IOException {
        final byte[] nameBytes = requestedName.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= LinuxCalls.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name must be 1.." + (LinuxCalls.IFNAMSIZ - 1)
                + " ASCII bytes: '" + requestedName + "'");
        }
        try (Arena call = Arena.ofConfined()) {
            final MemorySegment state = LinuxCalls.newCallState(call);
            final int fd = LinuxCalls.open(state, call.allocateFrom(TUN.toString()),
                LinuxCalls.O_RDWR | LinuxCalls.O_NONBLOCK | LinuxCalls.O_CLOEXEC);
            if (fd < 0) {
                throw LinuxCalls.failure("open " + TUN, state);
            }
            final MemorySegment ifreq = call.allocate(LinuxCalls.IFREQ_BYTES);
            MemorySegment.copy(nameBytes, 0, ifreq, JAVA_BYTE, 0, nameBytes.length);
            ifreq.set(JAVA_SHORT, LinuxCalls.IFNAMSIZ, (short) (LinuxCalls.IFF_TAP | LinuxCalls.IFF_NO_PI));
            if (LinuxCalls.ioctl(state, fd, LinuxCalls.TUNSETIFF, ifreq) < 0) {
                final IOException failure = LinuxCalls.failure("ioctl TUNSETIFF " + requestedName, state);
                LinuxCalls.close(state, fd);
                throw failure;
            }
            return new TapDevice(fd, ifreq.getString(0, StandardCharsets.US_ASCII));
        }
    }

    /** The interface name the kernel gave the device. */
    public String name() {
        return name;
    }

    /**
     * Reads one frame into {@code dst} at {@code offset}, waiting up to {@code timeoutMs}
     * (0: do not wait, negative: wait indefinitely). Returns the frame length, 0 when no frame came
     * in time, or -1 when a frame was longer than the space in {@code dst} (it is dropped and counted).
     */
    public int read(MutableDirectBuffer dst, int offset, int timeoutMs) throws IOException {
        ensureOpen();
        long n = LinuxCalls.read(callState, fd, rxSegment, MAX_FRAME_BYTES);
        if (n < 0 && LinuxCalls.errno(callState) == LinuxCalls.EAGAIN && timeoutMs != 0) {
            if (!awaitReadable(timeoutMs)) {
                return 0;
            }
            n = LinuxCalls.read(callState, fd, rxSegment, MAX_FRAME_BYTES);
        }
        if (n < 0) {
            final int errno = LinuxCalls.errno(callState);
            if (errno == LinuxCalls.EAGAIN || errno == LinuxCalls.EINTR) {
                return 0;
            }
            throw new IOException(LinuxCalls.describe("read " + name, errno));
        }
        final int length = (int) n;
        if (length > dst.capacity() - offset) {
            droppedTooLong++;
            return -1;
        }
        dst.putBytes(offset, rxView, 0, length);
        framesRead++;
        return length;
    }

    /**
     * Waits up to {@code timeoutMs} (0: not at all) until a frame waits to be read, with {@code poll()};
     * returns whether one does. Reads nothing.
     */
    public boolean awaitReadable(int timeoutMs) throws IOException {
        ensureOpen();
        pollFd.set(JAVA_SHORT, LinuxCalls.POLLFD_REVENTS_OFFSET, (short) 0);
        final int ready = LinuxCalls.poll(callState, pollFd, 1, timeoutMs);
        if (ready < 0) {
            final int errno = LinuxCalls.errno(callState);
            if (errno == LinuxCalls.EINTR) {
                return false;
            }
            throw new IOException(LinuxCalls.describe("poll " + name, errno));
        }
        return ready > 0;
    }

    /**
     * Waits up to {@code timeoutMs} until this device or {@code other} has a frame to read (one
     * {@code poll()} on both descriptors); returns whether one has. For a bridge between two TAPs.
     */
    public boolean awaitEitherReadable(TapDevice other, int timeoutMs) throws IOException {
        ensureOpen();
        other.ensureOpen();
        final long second = LinuxCalls.POLLFD_BYTES;
        pollPair.set(JAVA_INT, 0, fd);
        pollPair.set(JAVA_SHORT, LinuxCalls.POLLFD_EVENTS_OFFSET, LinuxCalls.POLLIN);
        pollPair.set(JAVA_SHORT, LinuxCalls.POLLFD_REVENTS_OFFSET, (short) 0);
        pollPair.set(JAVA_INT, second, other.fd);
        pollPair.set(JAVA_SHORT, second + LinuxCalls.POLLFD_EVENTS_OFFSET, LinuxCalls.POLLIN);
        pollPair.set(JAVA_SHORT, second + LinuxCalls.POLLFD_REVENTS_OFFSET, (short) 0);
        final int ready = LinuxCalls.poll(callState, pollPair, 2, timeoutMs);
        if (ready < 0) {
            final int errno = LinuxCalls.errno(callState);
            if (errno == LinuxCalls.EINTR) {
                return false;
            }
            throw new IOException(LinuxCalls.describe("poll " + name + ", " + other.name, errno));
        }
        return ready > 0;
    }

    /**
     * Writes one Ethernet frame (no FCS); bytes borrowed for the call. Returns false when the
     * kernel could not take it right now (its queue is full), true when it did.
     */
    public boolean write(DirectBuffer src, int offset, int length) throws IOException {
        ensureOpen();
        if (length <= 0 || length > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("frame length must be 1.." + MAX_FRAME_BYTES + ": " + length);
        }
        src.getBytes(offset, txView, 0, length);
        final long n = LinuxCalls.write(callState, fd, txSegment, length);
        if (n < 0) {
            final int errno = LinuxCalls.errno(callState);
            if (errno == LinuxCalls.EAGAIN || errno == LinuxCalls.EINTR) {
                return false;
            }
            throw new IOException(LinuxCalls.describe("write " + name, errno));
        }
        framesWritten++;
        return true;
    }

    public long framesRead() {
        return framesRead;
    }

    public long framesWritten() {
        return framesWritten;
    }

    /** Frames read from the kernel that did not fit the caller's buffer. */
    public long droppedTooLong() {
        return droppedTooLong;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    private void ensureOpen() throws IOException {
        if (fd < 0) {
            throw new IOException("TAP device " + name + " is closed");
        }
    }

    /** Closes the descriptor (the kernel deletes the interface) and frees the buffers. Idempotent. */
    @Override
    public void close() throws IOException {
        if (fd < 0) {
            return;
        }
        final int closing = fd;
        fd = -1;
        final int rc = LinuxCalls.close(callState, closing);
        final IOException failure = rc < 0 ? LinuxCalls.failure("close " + name, callState) : null;
        arena.close();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "TapDevice[" + name + (fd < 0 ? ", closed]" : "]");
    }
}
