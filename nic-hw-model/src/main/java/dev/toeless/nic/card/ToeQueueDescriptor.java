package dev.toeless.nic.card;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The first 24 bytes that both TOE queues' descriptors share (a command the host posts, a
 * completion the card writes): three one-byte kind fields, the card's connection id (TID), the
 * host's cookie, and one host page range. Little-endian, like the NIC's rings.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |    kind 0     |    kind 1     |    kind 2     |   reserved    |  0
 * +---------------+---------------+---------------+---------------+
 * |                 connection id (card TID, 32)                  |  4
 * +---------------------------------------------------------------+
 * |                 host cookie (64)                              |  8
 * +---------------------------------------------------------------+
 * |                 page frame number (32)                        | 16
 * +-------------------------------+-------------------------------+
 * |        page offset (16)       |          length (16)          | 20
 * +-------------------------------+-------------------------------+
 * </pre>
 *
 * @param <D> the descriptor type, so that setters chain
 */
public abstract sealed class ToeQueueDescriptor<D extends ToeQueueDescriptor<D>>
    permits ToeCommandDescriptor, ToeCompletionDescriptor {
    public static final int TID_OFFSET = 4;
    public static final int COOKIE_OFFSET = 8;
    public static final int PFN_OFFSET = 16;
    public static final int PAGE_OFFSET_OFFSET = 20;
    public static final int LENGTH_OFFSET = 22;

    protected static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    protected MutableDirectBuffer buffer;
    protected int offset;

    /** This descriptor's size in bytes. */
    protected abstract int size();

    @SuppressWarnings("unchecked")
    private D self() {
        return (D) this;
    }

    public D wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return self();
    }

    /** Zeroes the descriptor. */
    public D clear() {
        buffer.setMemory(offset, size(), (byte) 0);
        return self();
    }

    protected final int kind(int index) {
        return buffer.getByte(offset + index) & 0xFF;
    }

    protected final D kind(int index, int value) {
        buffer.putByte(offset + index, (byte) value);
        return self();
    }

    public int tid() {
        return buffer.getInt(offset + TID_OFFSET, ORDER);
    }

    public D tid(int tid) {
        buffer.putInt(offset + TID_OFFSET, tid, ORDER);
        return self();
    }

    public long cookie() {
        return buffer.getLong(offset + COOKIE_OFFSET, ORDER);
    }

    public D cookie(long cookie) {
        buffer.putLong(offset + COOKIE_OFFSET, cookie, ORDER);
        return self();
    }

    public int pfn() {
        return buffer.getInt(offset + PFN_OFFSET, ORDER);
    }

    public int pageOffset() {
        return buffer.getShort(offset + PAGE_OFFSET_OFFSET, ORDER) & 0xFFFF;
    }

    public int lengthBytes() {
        return buffer.getShort(offset + LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    /** The page range; {@code lengthBytes} at most one page (4,096). */
    public D pageRange(int pfn, int pageOffset, int lengthBytes) {
        buffer.putInt(offset + PFN_OFFSET, pfn, ORDER);
        buffer.putShort(offset + PAGE_OFFSET_OFFSET, (short) pageOffset, ORDER);
        buffer.putShort(offset + LENGTH_OFFSET, (short) lengthBytes, ORDER);
        return self();
    }
}
