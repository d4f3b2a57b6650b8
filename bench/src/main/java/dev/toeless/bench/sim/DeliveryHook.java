package dev.toeless.bench.sim;

/**
 * Sees every run of bytes a simulated application reads, before the simulator checks them. The
 * simulator's own runs use {@link #NONE}; a test installs one that damages a byte to prove the
 * checks catch it.
 */
@FunctionalInterface
public interface DeliveryHook {
    DeliveryHook NONE = (stream, offset, bytes, length) -> { };

    /**
     * Called with the bytes just read.
     *
     * @param stream the stream's name, such as {@code conn1 a>b}
     * @param offset where in the stream the bytes start
     * @param bytes  the buffer read into (may be changed)
     * @param length how many bytes of {@code bytes} were read
     */
    void onDelivered(String stream, long offset, byte[] bytes, int length);
}
