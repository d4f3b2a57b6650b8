package dev.toeless.nic.ring;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * TX completion: the NIC is done with a TX descriptor (sent, or refused). Its cookie names the
 * descriptor; on it the driver releases the header buffer and fragment pages it lent. Little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                  cookie (32)                                  |  0
 * +-------------------------------+-------------------------------+
 * |         status (16)           |   segments sent (16)          |  4
 * +-------------------------------+-------------------------------+
 * |                  bytes sent on the wire (32)                  |  8
 * +---------------------------------------------------------------+
 * |                  reserved                                     | 12
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class TxCompletionDescriptor {
    public static final int COOKIE_OFFSET = 0;
    public static final int STATUS_OFFSET = 4;
    public static final int SEGMENTS_OFFSET = 6;
    public static final int BYTES_OFFSET = 8;
    public static final int LENGTH = 16;

    /** Sent. */
    public static final int STATUS_OK = 0;
    /** A header or fragment address lay outside host memory. */
    public static final int STATUS_DMA_ERROR = 1;
    /** The descriptor made no sense (bad counts, lengths, offsets, gso fields). */
    public static final int STATUS_MALFORMED = 2;
    /** The packet or super-segment was larger than the NIC accepts. */
    public static final int STATUS_TOO_BIG = 3;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    public TxCompletionDescriptor wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int cookie() {
        return buffer.getInt(offset + COOKIE_OFFSET, ORDER);
    }

    public TxCompletionDescriptor cookie(int cookie) {
        buffer.putInt(offset + COOKIE_OFFSET, cookie, ORDER);
        return this;
    }

    public int status() {
        return buffer.getShort(offset + STATUS_OFFSET, ORDER) & 0xFFFF;
    }

    public TxCompletionDescriptor status(int status) {
        buffer.putShort(offset + STATUS_OFFSET, (short) status, ORDER);
        return this;
    }

    public int segments() {
        return buffer.getShort(offset + SEGMENTS_OFFSET, ORDER) & 0xFFFF;
    }

    public TxCompletionDescriptor segments(int segments) {
        buffer.putShort(offset + SEGMENTS_OFFSET, (short) segments, ORDER);
        return this;
    }

    public long bytes() {
        return buffer.getInt(offset + BYTES_OFFSET, ORDER) & 0xFFFF_FFFFL;
    }

    public TxCompletionDescriptor bytes(long bytes) {
        buffer.putInt(offset + BYTES_OFFSET, (int) bytes, ORDER);
        buffer.putInt(offset + BYTES_OFFSET + 4, 0, ORDER);
        return this;
    }
}
