package dev.toeless.nic.card;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A completion a TOE card writes into the host's completion queue: data arrived, a send done, a
 * connection's state changed, or an error. 32 bytes, little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |     type      |    status     |     state     |   reserved    |  0
 * +---------------+---------------+---------------+---------------+
 * |                 connection id (card TID, 32)                  |  4
 * +---------------------------------------------------------------+
 * |                 host cookie (64) of the command answered      |  8
 * +---------------------------------------------------------------+
 * |                 page frame number (32)                        | 16
 * +-------------------------------+-------------------------------+
 * |        page offset (16)       |          length (16)          | 20
 * +-------------------------------+-------------------------------+
 * |                 value (64): stream offset, bytes acknowledged,| 24
 * |                 or the listener's TID of a passive open       |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * A {@link #DATA_ARRIVED} or {@link #SEND_DONE} hands the named page range back to the host: the
 * host owns that reference again from the moment it reads the completion.
 */
public final class ToeCompletionDescriptor {
    public static final int TYPE_OFFSET = 0;
    public static final int STATUS_OFFSET = 1;
    public static final int STATE_OFFSET = 2;
    public static final int TID_OFFSET = 4;
    public static final int COOKIE_OFFSET = 8;
    public static final int PFN_OFFSET = 16;
    public static final int PAGE_OFFSET_OFFSET = 20;
    public static final int LENGTH_OFFSET = 22;
    public static final int VALUE_OFFSET = 24;
    public static final int LENGTH = 32;

    /** Payload was placed in a posted receive page; value is its stream offset. */
    public static final int DATA_ARRIVED = 1;
    /** A SEND's page was acknowledged by the peer (or dropped on abort); value is bytes acknowledged. */
    public static final int SEND_DONE = 2;
    /** The connection's state changed (state field); a passive open carries the listener's TID in value. */
    public static final int STATE_CHANGE = 3;
    /** A command failed or the connection was lost (status field says why). */
    public static final int ERROR = 4;
    /** A posted receive page comes back unused (close, abort, reset). */
    public static final int RECEIVE_RETURNED = 5;

    /** Status values. */
    public static final int STATUS_OK = 0;
    /** No free connection slot on the card. */
    public static final int STATUS_NO_SLOT = 1;
    /** No card memory for the connection's buffers. */
    public static final int STATUS_NO_MEMORY = 2;
    /** The peer refused or reset the connection. */
    public static final int STATUS_RESET = 3;
    /** The card was reset: every connection it held is gone. */
    public static final int STATUS_CARD_RESET = 4;
    /** The command made no sense (unknown opcode or TID, bad page range). */
    public static final int STATUS_BAD_COMMAND = 5;
    /** The connection timed out (retransmissions exhausted). */
    public static final int STATUS_TIMED_OUT = 6;
    /** The card gives the connection back to the host stack (upload). */
    public static final int STATUS_UPLOADED = 7;

    /** State values of a {@link #STATE_CHANGE}. */
    public static final int STATE_LISTENING = 1;
    public static final int STATE_ESTABLISHED = 2;
    public static final int STATE_PASSIVE_OPEN = 3;
    public static final int STATE_PEER_CLOSED = 4;
    public static final int STATE_CLOSED = 5;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    public ToeCompletionDescriptor wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Zeroes the descriptor. */
    public ToeCompletionDescriptor clear() {
        buffer.setMemory(offset, LENGTH, (byte) 0);
        return this;
    }

    public int type() {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    public ToeCompletionDescriptor type(int type) {
        buffer.putByte(offset + TYPE_OFFSET, (byte) type);
        return this;
    }

    public int status() {
        return buffer.getByte(offset + STATUS_OFFSET) & 0xFF;
    }

    public ToeCompletionDescriptor status(int status) {
        buffer.putByte(offset + STATUS_OFFSET, (byte) status);
        return this;
    }

    public int state() {
        return buffer.getByte(offset + STATE_OFFSET) & 0xFF;
    }

    public ToeCompletionDescriptor state(int state) {
        buffer.putByte(offset + STATE_OFFSET, (byte) state);
        return this;
    }

    public int tid() {
        return buffer.getInt(offset + TID_OFFSET, ORDER);
    }

    public ToeCompletionDescriptor tid(int tid) {
        buffer.putInt(offset + TID_OFFSET, tid, ORDER);
        return this;
    }

    public long cookie() {
        return buffer.getLong(offset + COOKIE_OFFSET, ORDER);
    }

    public ToeCompletionDescriptor cookie(long cookie) {
        buffer.putLong(offset + COOKIE_OFFSET, cookie, ORDER);
        return this;
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

    public ToeCompletionDescriptor pageRange(int pfn, int pageOffset, int lengthBytes) {
        buffer.putInt(offset + PFN_OFFSET, pfn, ORDER);
        buffer.putShort(offset + PAGE_OFFSET_OFFSET, (short) pageOffset, ORDER);
        buffer.putShort(offset + LENGTH_OFFSET, (short) lengthBytes, ORDER);
        return this;
    }

    public long value() {
        return buffer.getLong(offset + VALUE_OFFSET, ORDER);
    }

    public ToeCompletionDescriptor value(long value) {
        buffer.putLong(offset + VALUE_OFFSET, value, ORDER);
        return this;
    }

    /** A short name of a status, for counters and error messages. */
    public static String statusName(int status) {
        return switch (status) {
            case STATUS_OK -> "ok";
            case STATUS_NO_SLOT -> "no_slot";
            case STATUS_NO_MEMORY -> "no_memory";
            case STATUS_RESET -> "reset";
            case STATUS_CARD_RESET -> "card_reset";
            case STATUS_BAD_COMMAND -> "bad_command";
            case STATUS_TIMED_OUT -> "timed_out";
            case STATUS_UPLOADED -> "uploaded";
            default -> "unknown_" + status;
        };
    }
}
