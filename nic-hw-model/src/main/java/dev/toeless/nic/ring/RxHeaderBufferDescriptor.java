package dev.toeless.nic.ring;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * RX header-buffer descriptor: the driver posts a small buffer for one packet's headers into
 * the header ring. Little-endian, like the descriptors of real NICs (descriptors are host
 * memory structures, not wire data).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                  buffer address (64 bits)                     |  0
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                  buffer length (32 bits)                      |  8
 * +---------------------------------------------------------------+
 * |                  buffer id (32 bits)                          | 12
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The buffer id is the driver's handle; the completion names the header buffer by it.
 */
public final class RxHeaderBufferDescriptor {
    public static final int ADDRESS_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int ID_OFFSET = 12;
    public static final int LENGTH = 16;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    public RxHeaderBufferDescriptor wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public long address() {
        return buffer.getLong(offset + ADDRESS_OFFSET, ORDER);
    }

    public RxHeaderBufferDescriptor address(long address) {
        buffer.putLong(offset + ADDRESS_OFFSET, address, ORDER);
        return this;
    }

    /** Unsigned 32-bit, widened. */
    public long lengthBytes() {
        return buffer.getInt(offset + LENGTH_OFFSET, ORDER) & 0xFFFF_FFFFL;
    }

    public RxHeaderBufferDescriptor lengthBytes(int length) {
        buffer.putInt(offset + LENGTH_OFFSET, length, ORDER);
        return this;
    }

    public int bufferId() {
        return buffer.getInt(offset + ID_OFFSET, ORDER);
    }

    public RxHeaderBufferDescriptor bufferId(int id) {
        buffer.putInt(offset + ID_OFFSET, id, ORDER);
        return this;
    }
}
