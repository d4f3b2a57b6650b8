package dev.toeless.stack.tcp;

/**
 * Where a {@link TcpConnection} puts the segments it wants transmitted (the IP layer, a test
 * script, an in-memory pipe).
 */
@FunctionalInterface
public interface SegmentSink {
    /**
     * Takes one segment for transmission. The segment object is borrowed for the call (the
     * connection reuses it); the page references of its fragments pass to the sink, which
     * releases each once the frame has left.
     */
    void transmit(TcpSegment segment);
}
