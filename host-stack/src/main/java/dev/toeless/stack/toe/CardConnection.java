package dev.toeless.stack.toe;

import dev.toeless.stack.socket.TcpSocket;
import org.agrona.collections.IntArrayList;

/**
 * The firmware's record of one connection in a card slot: the card's TCP socket, the host pages
 * posted to receive into (each the card's to fill until it completes it), send commands waiting
 * for card memory or window, received fragments taken from the socket and waiting for a posted
 * page, and what the host has been told. Page ranges are kept as triples {@code (pfn, offset,
 * length)} in {@link IntArrayList}s.
 */
final class CardConnection {
    final boolean ipv6;
    int tid = -1;
    TcpSocket socket;
    /** The host's name for this connection, echoed in every completion (0 until the host accepts). */
    long cookie;
    /** The listener's cookie of a passive open, 0 for an active one. */
    long listenerCookie;
    boolean announced;
    boolean accepted;
    boolean establishedReported;
    boolean peerClosedReported;
    boolean closeAfterSends;
    boolean fullClose;
    boolean abortRequested;
    /** Handed off to the host ({@link CardUpload}): it leaves the card's TCP without a close. */
    boolean uploaded;
    /** Its TCP has ended in order, and the last received bytes wait for posted pages before it retires. */
    boolean retiring;
    long bytesFromHost;
    long ackReported;
    long bytesToHost;
    /** Host pages posted for receiving: (pfn, offset, length). */
    final IntArrayList posted = new IntArrayList();
    /** Send commands not yet taken: (pfn, offset, length) of host pages still lent to the card. */
    final IntArrayList pendingSends = new IntArrayList();
    /** Card pages taken from the socket and not yet placed: (pfn, offset, length). */
    final IntArrayList held = new IntArrayList();

    CardConnection(boolean ipv6) {
        this.ipv6 = ipv6;
    }

    int postedCount() {
        return posted.size() / 3;
    }

    int heldBytes() {
        int n = 0;
        for (int i = 2; i < held.size(); i += 3) {
            n += held.getInt(i);
        }
        return n;
    }

    static void push(IntArrayList list, int pfn, int offset, int length) {
        list.addInt(pfn);
        list.addInt(offset);
        list.addInt(length);
    }

    /** Removes the first triple of {@code list}. */
    static void popFirst(IntArrayList list) {
        list.removeAt(0);
        list.removeAt(0);
        list.removeAt(0);
    }
}
