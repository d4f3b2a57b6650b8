package dev.toeless.nic.link;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A frame on the wire: a copy in link-owned heap memory (the wire is not host memory), recycled
 * through its direction's {@link FramePool}, where it is number {@link #index}: a delivery is
 * scheduled as a post of that number, so it needs no object.
 */
final class WireFrame {
    private static final int INITIAL_CAPACITY_BYTES = 2048;

    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[INITIAL_CAPACITY_BYTES]);
    int length;
    /** Transmission order within its direction; a duplicate shares its original's. */
    long txSequence;
    final int index;

    WireFrame(int index) {
        this.index = index;
    }

    void copyFrom(DirectBuffer src, int offset, int lengthBytes) {
        ensureCapacity(lengthBytes);
        buffer.putBytes(0, src, offset, lengthBytes);
        length = lengthBytes;
    }

    void flipBit(long bitIndex) {
        final int index = (int) (bitIndex >>> 3);
        buffer.putByte(index, (byte) (buffer.getByte(index) ^ (0x80 >>> (bitIndex & 7))));
    }

    private void ensureCapacity(int lengthBytes) {
        if (buffer.capacity() < lengthBytes) {
            buffer.wrap(new byte[Integer.highestOneBit(lengthBytes - 1) << 1]);
        }
    }
}
