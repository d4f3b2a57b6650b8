package dev.toeless.bench.serve;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.FragmentConsumer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads protocol bytes (a request head, a chunk-size line, the CRLF after a chunk) from a socket
 * into its own buffer, up to and including a terminator, and <b>never a byte past it</b>: each read
 * asks the socket for only as many bytes as could still belong to the terminator, so the first body
 * byte stays in the socket, on its page, for the file sink to take by reference. Bytes are copied
 * through {@link CpuTouch#copyHeader}: they are counted as header bytes, not payload.
 *
 * <p>Ownership: the page references the socket hands over are released once their bytes are copied.
 */
final class ProtocolReader implements FragmentConsumer {
    /** The head ends with an empty line. */
    static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    /** A line ends with CRLF. */
    static final byte[] LINE_END = {'\r', '\n'};

    /** What {@link #readUntil} found. */
    enum Outcome { FOUND, NEED_MORE, TOO_LONG }

    private final CpuTouch cpu;
    private final HostMemory memory;
    private final UnsafeBuffer bytes;
    private int length;
    private long consumed;

    ProtocolReader(CpuTouch cpu, int capacityBytes) {
        this.cpu = cpu;
        this.memory = cpu.memory();
        this.bytes = new UnsafeBuffer(new byte[capacityBytes]);
    }

    /**
     * Reads from {@code socket} until the buffer ends with {@code terminator}, or the socket has
     * nothing more, or {@code maxBytes} are buffered without it.
     */
    Outcome readUntil(TcpSocket socket, byte[] terminator, int maxBytes) {
        while (true) {
            final int matched = matchedPrefix(terminator);
            if (matched == terminator.length) {
                return Outcome.FOUND;
            }
            if (length >= maxBytes || length >= bytes.capacity()) {
                return Outcome.TOO_LONG;
            }
            final int want = Math.min(terminator.length - matched, Math.min(maxBytes, bytes.capacity()) - length);
            if (socket.readableBytes() == 0 || socket.read(this, want) == 0) {
                return Outcome.NEED_MORE;
            }
        }
    }

    /** The longest suffix of the buffered bytes that is a prefix of {@code terminator}. */
    private int matchedPrefix(byte[] terminator) {
        for (int m = Math.min(terminator.length, length); m > 0; m--) {
            boolean match = true;
            for (int i = 0; i < m && match; i++) {
                match = bytes.getByte(length - m + i) == terminator[i];
            }
            if (match) {
                return m;
            }
        }
        return 0;
    }

    @Override
    public void accept(int pfn, int offset, int lengthBytes) {
        cpu.copyHeader(pfn, offset, lengthBytes, bytes, length);
        memory.release(pfn);
        length += lengthBytes;
        consumed += lengthBytes;
    }

    UnsafeBuffer buffer() {
        return bytes;
    }

    /** Bytes buffered since the last {@link #clear()}. */
    int length() {
        return length;
    }

    /** Every byte this reader ever took from its socket. */
    long consumedBytes() {
        return consumed;
    }

    void clear() {
        length = 0;
    }
}
