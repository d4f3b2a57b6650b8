package dev.toeless.stack.socket;

import dev.toeless.stack.tcp.FragmentConsumer;

/**
 * A connected byte stream as an application sees it, in every placement: the host stack's
 * {@link TcpSocket} today; a TOE socket that forwards each call to the card over a command queue
 * and its readiness from the card's completions tomorrow. Nothing here assumes the connection
 * lives in the caller's memory or runs on the caller's thread: a call may only queue the request,
 * and its effect shows in the figures and in {@link Readiness} calls afterwards.
 *
 * <p>Page ownership is part of each method's contract, since pages cross the interface by
 * reference: see {@link #read(FragmentConsumer, long)} and {@link #send(int, int, int)}. The
 * copying calls move bytes through the host CPU and are counted as touches.
 */
public interface StreamSocket {
    /**
     * Hands up to {@code maxBytes} in-order bytes to {@code consumer}, one page reference per
     * fragment: each reference passes to the consumer, which releases it (or hands it on, to a
     * page cache). Returns the bytes handed over; 0 when nothing is readable now.
     */
    long read(FragmentConsumer consumer, long maxBytes);

    /** Copies up to {@code length} bytes into {@code dst}: the count, 0 when nothing is readable, -1 at end of stream. */
    int read(byte[] dst, int offset, int length);

    /**
     * Queues one page fragment for sending (sendfile-like). True: the socket took the caller's
     * reference to {@code pfn} and releases it once the bytes are acknowledged. False: nothing was
     * taken (no room now: wait for {@link Readiness}), the caller keeps its reference.
     */
    boolean send(int pfn, int offset, int lengthBytes);

    /** Copies up to {@code length} bytes from {@code src} into pages of its own and queues them; the bytes taken. */
    int write(byte[] src, int offset, int length);

    /** Closes the sending direction after the queued data (FIN). */
    void shutdown();

    /** Closes both directions; unread data is given back and the peer reset, as RFC 2525 asks. */
    void close();

    /** Aborts with a RST; every page the socket holds is given back. */
    void abort();

    boolean isEstablished();

    /** The peer closed its direction and every byte before its FIN has been read. */
    boolean isEndOfStream();

    long readableBytes();

    /** Bytes {@link #send} or {@link #write} would take now. */
    long sendSpaceBytes();

    /**
     * Who to wake when this socket may have work for its application: {@code null} for nobody
     * (the application polls). Replaces the previous one.
     */
    void onReady(Readiness readiness);

    /**
     * Wakes an application when its socket has data (or end of stream) to read, room to send, or
     * changed state (established, closed): after the event that changed it, on the host's
     * scheduler. Not after a change the application's own call made (a read that empties the
     * queue, a send that fills it). The socket is borrowed for the call; the application may read,
     * send or close inside it.
     */
    @FunctionalInterface
    interface Readiness {
        void ready(StreamSocket socket);
    }
}
