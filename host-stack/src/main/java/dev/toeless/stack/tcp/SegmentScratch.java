package dev.toeless.stack.tcp;

/**
 * The scratch {@link TcpSegment} that connections build what they send in, shared by every
 * connection of one stack (one thread runs them all), so a connection does not carry one of its
 * own. A segment is built and handed to the sink without leaving the engine; the only way a
 * second connection can send while the first one's segment is in use is from inside that sink (a
 * synchronous loopback), and then it gets a segment of its own: the shared one is lent while a
 * sink holds it.
 */
public final class SegmentScratch {
    private final TcpSegment shared = new TcpSegment();
    private boolean lent;

    /** The segment to build in now: the shared one, or a new one while the shared one is in a sink. */
    TcpSegment segment() {
        return lent ? new TcpSegment() : shared;
    }

    /** Marks {@code seg} as being in a sink; returns what {@link #returned} needs to undo it. */
    boolean lend(TcpSegment seg) {
        final boolean was = lent;
        if (seg == shared) {
            lent = true;
        }
        return was;
    }

    /** The sink returned: the shared segment is lent again only if it was before. */
    void returned(boolean wasLent) {
        lent = wasLent;
    }
}
