package dev.toeless.stack.ddp;

import dev.toeless.stack.tcp.FragmentConsumer;

/**
 * The reliable byte stream DDP runs over: a connection of our TCP engine on the host
 * ({@link SocketByteStream}) or, once the card exists, one on a TOE card. Page ownership as in
 * the socket calls: {@link #read} hands one reference per fragment to the consumer, {@link #send}
 * takes the caller's reference when it returns true.
 */
public interface ByteStream {
    /** Hands up to {@code maxBytes} in-order bytes to {@code consumer}; returns how many. */
    long read(FragmentConsumer consumer, long maxBytes);

    /** Queues one page fragment for sending; takes the reference when it returns true, false when full. */
    boolean send(int pfn, int offset, int lengthBytes);

    /**
     * Room for a part of a fragment that the whole send buffer could never take (a buffer smaller
     * than one FPDU, or than a page of its payload): the send space when nothing is queued (all of
     * the buffer free and the fragment still refused), else 0. A writer sends such a fragment in
     * parts of this size; any other fragment waits, whole, for room.
     */
    long oversizedRoomBytes();

    /** True once the peer has closed its sending direction and every byte before it has been read. */
    boolean isEndOfStream();

    /** Closes the sending direction after what is queued. */
    void shutdown();
}
