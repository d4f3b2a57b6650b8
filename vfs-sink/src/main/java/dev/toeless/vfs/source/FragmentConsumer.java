package dev.toeless.vfs.source;

/** Where a {@link FileSource} hands its pages: a socket's page send, a sink, a test. */
@FunctionalInterface
public interface FragmentConsumer {
    /**
     * One payload fragment of the stream. Takes a reference to {@code pfn}: the consumer releases
     * it (or passes it on) when done.
     */
    void accept(long streamOffset, int pfn, int pageOffset, int lengthBytes);
}
