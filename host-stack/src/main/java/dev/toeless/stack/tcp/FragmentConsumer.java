package dev.toeless.stack.tcp;

/** Receives payload fragments read from a connection, in stream order. */
@FunctionalInterface
public interface FragmentConsumer {
    /** Takes one reference to {@code pfn}: the consumer releases it when done with the bytes. */
    void accept(int pfn, int offset, int lengthBytes);
}
