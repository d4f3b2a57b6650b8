package dev.toeless.stack.ddp;

/**
 * A receive buffer the host posts for untagged SENDs: {@code lengthBytes} bytes at tagged offset
 * {@code to} of a region it registered with local-write rights. The card places a SEND's payload
 * there through the same tag check as a WRITE (asking for local write).
 */
public record PostedBuffer(int stag, long to, int lengthBytes) {
    public PostedBuffer {
        if (lengthBytes < 0) {
            throw new IllegalArgumentException("a buffer length is not negative: " + lengthBytes);
        }
    }
}
